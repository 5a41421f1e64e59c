#include "status_zero.hpp"

namespace credprobe::wasm {

bool looks_like_timeout(double elapsed_ms, double timeout_ms) {
  constexpr double kSlackMs = 50;
  return timeout_ms > 0 && elapsed_ms + kSlackMs >= timeout_ms;
}

TransportError classify_unanswered(bool host_answered_no_cors) {
  return host_answered_no_cors ? TransportError::browser_blocked : TransportError::other;
}

const char* unanswered_detail(bool host_answered_no_cors) {
  return host_answered_no_cors
             ? "the host answered a no-cors request, so the browser withheld the answer"
             : "the browser could not connect: the connection was refused, the name did not "
               "resolve, TLS failed or the page's Content-Security-Policy forbids the host "
               "(browsers do not say which)";
}

}  // namespace credprobe::wasm
