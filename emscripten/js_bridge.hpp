// Functions the JS library (library_credprobe.js) provides to the C++ side. Each async one
// answers later through an exported credprobe_on_* function carrying the same check id and
// token (the driver's name for the signature or request within the check, never 0).
#pragma once

#include <cstddef>

extern "C" {

// Hands a finished check's verdict (JSON, already redacted) to JavaScript.
void credprobe_js_done(int check_id, const char* verdict_json);

// Signs `data` with the PKCS#8 DER key through WebCrypto (RSASSA-PKCS1-v1_5, SHA-256, key not
// extractable); answers with credprobe_on_signature. Both buffers are copied before returning.
void credprobe_js_sign(int check_id, unsigned token, const unsigned char* der, std::size_t der_size,
                       const unsigned char* data, std::size_t data_size);

// A `no-cors` request to `origin`; answers with credprobe_on_reachability.
void credprobe_js_reachability(int check_id, unsigned token, const char* origin, double timeout_ms);

// Aborts the XMLHttpRequest behind an emscripten_fetch (emscripten_fetch_close does not in
// emscripten 3.1.6, and the request would later write into the freed fetch).
void credprobe_js_abort_fetch(unsigned int fetch_id);
}
