#include "credprobe/http.hpp"

namespace credprobe {

namespace {
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (iequals(header.name, name)) return header.value;
  }
  return std::nullopt;
}

const char* to_string(TransportError error) {
  switch (error) {
    case TransportError::none:
      return "none";
    case TransportError::timeout:
      return "timeout";
    case TransportError::refused:
      return "connection refused";
    case TransportError::dns:
      return "name not resolved";
    case TransportError::tls:
      return "TLS failure";
    case TransportError::reset:
      return "connection reset";
    case TransportError::browser_blocked:
      return "refused by the browser (CORS)";
    case TransportError::too_large:
      return "response too large";
    case TransportError::relay_refused:
      return "refused by the relay";
    case TransportError::relay_timeout:
      return "the relay timed out";
    case TransportError::relay_unreachable:
      return "the relay could not reach the host";
    case TransportError::other:
      return "transport failure";
  }
  return "transport failure";
}

bool relay_answer_to_transport_error(HttpResult& result, std::string_view upstream_host) {
  if (!result.ok()) return false;
  auto code = find_header(result.response.headers, kRelayErrorHeader);
  if (!code) return false;
  // A code is a short machine word; anything else is shown as "unknown", never echoed.
  bool word = !code->empty() && code->size() <= 40;
  for (char c : *code)
    word = word && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  const std::string refusal = word ? *code : "unknown";
  if (refusal == "upstream_timeout") {
    result.error = TransportError::relay_timeout;
    result.error_detail = std::string(upstream_host);
  } else if (refusal == "upstream_failed" || refusal == "dns_failed") {
    result.error = TransportError::relay_unreachable;
    result.error_detail = std::string(upstream_host);
  } else {
    result.error = TransportError::relay_refused;
    result.error_detail = refusal;
  }
  result.via_relay = true;
  result.response = HttpResponse{};
  return true;
}

}  // namespace credprobe
