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
    case TransportError::other:
      return "transport failure";
  }
  return "transport failure";
}

}  // namespace credprobe
