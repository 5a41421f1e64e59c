// The C API that JavaScript calls (web/src/credprobe/ wraps it with types). Strings cross as
// UTF-8 JSON; strings returned here are malloc'd and JavaScript frees them with credprobe_free.
// Nothing here throws: the wasm build has no exception support (see README.md).
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <cstring>

#include "check_options.hpp"
#include "credprobe/check.hpp"
#include "credprobe/clustrix/clustrix_import.hpp"
#include "fetch_driver.hpp"

namespace {

using namespace credprobe;

char* copy_out(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out) std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

// The running checks outlive every call into the module, so the driver is the one object with
// static lifetime; the registry is rebuilt per call like everywhere else.
wasm::FetchDriver& driver() {
  static wasm::FetchDriver instance;
  return instance;
}

std::int64_t unix_now() {
  return static_cast<std::int64_t>(emscripten_date_now() / 1000);
}

// Secrets must not live on in the heap after a check: overwrite before freeing.
void wipe(std::string& text) {
  std::fill(text.begin(), text.end(), '\0');
}

}  // namespace

extern "C" {

// The registry as JSON: registry_to_json (providers, fields, endpoints, allowed_hosts).
EMSCRIPTEN_KEEPALIVE char* credprobe_providers() {
  return copy_out(registry_to_json(provider_registry()).dump());
}

// Offline checks for as-you-type feedback, shaped like `credprobe lint --json`:
// {"provider", "ok", "issues": [{"severity", "field", "message"}]}, or {"error"} for bad input.
EMSCRIPTEN_KEEPALIVE char* credprobe_lint(const char* provider_id, const char* fields_json) {
  auto registry = provider_registry();
  const ProviderSpec* provider = find_provider(registry, provider_id ? provider_id : "");
  if (!provider) return copy_out(Json::object().set("error", "unknown provider").dump());
  auto fields = wasm::parse_fields(fields_json ? fields_json : "");
  if (!fields)
    return copy_out(Json::object().set("error", "fields must be a JSON object of strings").dump());
  Redactor redactor;
  register_secrets(*provider, *fields, redactor);
  // Lint messages never quote secrets; the redactor is the last line of defence all the same.
  std::string out = redactor.apply(lint_to_json(*provider, lint_fields(*provider, *fields)).dump());
  for (auto& [name, value] : *fields) wipe(value);
  return copy_out(out);
}

// A Clustrix configuration the page parsed (YAML or JSON, given here as JSON text) to its
// profiles with their field values, shaped like clustrix_import_to_json: the mapping from
// Clustrix keys to provider fields is the core's, hosts only parse. {"error"} for bad input.
EMSCRIPTEN_KEEPALIVE char* credprobe_import_clustrix(const char* config_json) {
  auto config = parse_json(config_json ? config_json : "");
  if (!config) return copy_out(Json::object().set("error", "the configuration is not JSON").dump());
  const auto registry = provider_registry();
  std::string out = clustrix_import_to_json(import_clustrix(*config, registry), true).dump();
  char* copy = copy_out(out);
  wipe(out);  // it holds the file's secrets; JavaScript wipes its copy before freeing it
  return copy;
}

// Starts a check; its verdict arrives through the JS library's credprobe_js_done(id, json),
// possibly before this returns. Returns 0 when started, -1 for an unknown provider, -2 for
// fields that are not a JSON object of strings, -3 for unusable options, -4 when `id` is taken.
EMSCRIPTEN_KEEPALIVE int credprobe_check_start(int id, const char* provider_id,
                                               const char* fields_json, const char* options_json) {
  auto registry = provider_registry();
  const ProviderSpec* provider = find_provider(registry, provider_id ? provider_id : "");
  if (!provider) return -1;
  // Options first: once the fields are parsed, every way out must wipe them.
  auto parsed = wasm::parse_check_options(options_json ? options_json : "");
  if (!parsed.error.empty()) return -3;
  auto fields = wasm::parse_fields(fields_json ? fields_json : "");
  if (!fields) return -2;

  CheckRequest request;
  request.fields = std::move(*fields);
  request.endpoint_overrides = parsed.options.endpoints;
  request.options = parsed.options.provider_options;
  request.now = parsed.options.now.value_or(unix_now());

  wasm::DriverSettings settings;
  settings.relay = parsed.options.relay;
  for (const auto& [name, value] : parsed.options.relay_headers) {
    settings.relay_headers.push_back({name, value});
  }
  settings.timeout_ms = parsed.options.timeout_seconds * 1000;
  settings.max_response_bytes = parsed.options.max_response_bytes;
  settings.now = request.now;
  PreparedCheck prepared = prepare_check(*provider, request);
  for (auto& [name, value] : request.fields) wipe(value);
  return driver().start(id, *provider, std::move(prepared), settings) ? 0 : -4;
}

// Abandons a check (the page's AbortSignal): its requests are aborted, no verdict is delivered.
EMSCRIPTEN_KEEPALIVE void credprobe_cancel(int id) {
  driver().cancel(id);
}

// WebCrypto's answer to credprobe_js_sign, with its check id and token. error_code: 0 signed,
// 1 no crypto.subtle (the page is not a secure context), 2 the browser refused the key, 3 signing
// failed.
EMSCRIPTEN_KEEPALIVE void credprobe_on_signature(int id, unsigned token,
                                                 const unsigned char* signature, int size,
                                                 int error_code) {
  SignResult result;
  switch (error_code) {
    case 0:
      result.signature.assign(reinterpret_cast<const char*>(signature),
                              static_cast<std::size_t>(size));
      break;
    case 1:
      result.error =
          "this page is not a secure context (served over plain http from a host other than "
          "localhost), so the browser offers no WebCrypto to sign with; open the page over "
          "https or from localhost, or use the credprobe command line";
      break;
    case 2:
      result.error = "the browser's WebCrypto refused the private key (not an RSA PKCS#8 key?)";
      break;
    default:
      result.error = "the browser's WebCrypto failed to sign";
      break;
  }
  driver().on_signature(id, token, std::move(result));
}

// The answer of the no-cors reachability request for the request `token` of check `id`: 1 the
// host answered, 0 a network error. A token whose request is gone (its check cancelled or
// finished) is dropped.
EMSCRIPTEN_KEEPALIVE void credprobe_on_reachability(int id, unsigned token, int host_answered) {
  driver().on_reachability(id, token, host_answered != 0);
}

EMSCRIPTEN_KEEPALIVE void credprobe_free(char* text) {
  std::free(text);
}

}  // extern "C"
