// Browsers report a CORS refusal, a refused connection, a DNS failure and a timeout alike: an
// XMLHttpRequest that ends with status 0, no headers and no body. These functions turn what the
// driver can still observe (time spent, and whether the host answers a `no-cors` request) into
// the transport error the core's verdicts distinguish.
#pragma once

#include "credprobe/http.hpp"

namespace credprobe::wasm {

// Status 0 after (nearly) the whole timeout: the request timed out. A browser gives no other
// sign of a timeout, so elapsed time is the evidence; the slack covers timer granularity.
bool looks_like_timeout(double elapsed_ms, double timeout_ms);

// The answer of the `no-cors` reachability request to the same origin: an opaque response means
// the host is up and the browser withheld the real answer (CORS); a network error means nothing
// answered.
TransportError classify_unanswered(bool host_answered_no_cors);

// Words for error_detail: say what the browser can and cannot tell us.
const char* unanswered_detail(bool host_answered_no_cors);

}  // namespace credprobe::wasm
