#include "credprobe/url.hpp"

#include "credprobe/http.hpp"

namespace credprobe {

namespace {

int default_port(const std::string& scheme) {
  return scheme == "https" ? 443 : 80;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// DNS's own bounds (RFC 1035 2.3.4): a name of at most 253 characters in its dotted form,
// labels of at most 63. A longer "host" names nothing a resolver would look up; refusing it
// here keeps megabytes of it out of every check, message and relay log that would quote it.
constexpr size_t kMaxHostName = 253;
constexpr size_t kMaxLabel = 63;
// The longest IPv6 text form, with an IPv4 tail: 8 groups of 4, 7 colons, "255.255.255.255".
constexpr size_t kMaxIpv6Literal = 45;

// A registered name or IPv4 address: letters, digits, '-', '.', '_' (no percent-encoding, no
// sub-delimiters: no provider host needs them, and each is a way to confuse a host check).
bool is_host_name(std::string_view host) {
  if (host.size() > kMaxHostName) return false;
  size_t label = 0;
  for (char c : host) {
    if (!is_alnum(c) && c != '-' && c != '.' && c != '_') return false;
    label = c == '.' ? 0 : label + 1;
    if (label > kMaxLabel) return false;
  }
  return !host.empty();
}

// The inside of [...]: hex digits, ':' and '.' (an IPv4 tail); no zone identifier.
bool is_ipv6_literal(std::string_view host) {
  if (host.size() > kMaxIpv6Literal) return false;
  bool colon = false;
  for (char c : host) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') return false;
    colon = colon || c == ':';
  }
  return colon;
}

}  // namespace

std::string Url::host_and_port() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != 0 && port != default_port(scheme)) h += ":" + std::to_string(port);
  return h;
}

std::string Url::origin() const {
  return scheme + "://" + host_and_port();
}

std::optional<Url> parse_url(std::string_view text) {
  Url url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  url.scheme = ascii_lower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return std::nullopt;
  }
  std::string_view rest = text.substr(scheme_end + 3);
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    if (!is_ipv6_literal(host)) return std::nullopt;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
    if (!is_host_name(host)) return std::nullopt;
  }
  url.host = ascii_lower(host);
  if (!port.empty()) {
    if (port.size() > 5) return std::nullopt;
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) return std::nullopt;
    url.port = value;
  }
  auto hash = tail.find('#');
  if (hash != std::string_view::npos) tail = tail.substr(0, hash);
  auto question = tail.find('?');
  std::string_view path = tail.substr(0, question);
  url.path = path.empty() ? "/" : std::string(path);
  if (question != std::string_view::npos) url.query = std::string(tail.substr(question + 1));
  return url;
}

std::string join_url(std::string_view base, std::string_view path_and_query) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (path_and_query.empty() || path_and_query.front() != '/') out += '/';
  out += path_and_query;
  return out;
}

}  // namespace credprobe
