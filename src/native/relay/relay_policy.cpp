#include "native/relay/relay_policy.hpp"

#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>

#include "credprobe/http.hpp"
#include "credprobe/json.hpp"
#include "credprobe/registry.hpp"

namespace credprobe::relay {

namespace {

struct FixedRefusal {
  const char* code;
  int status;
  const char* message;
};

// Every refusal the relay gives before any byte leaves the machine. Messages are fixed (they
// never echo the request), so a page can show them as they are and tests can match them.
constexpr FixedRefusal kRefusals[] = {
    {"not_relay_url", 404,
     "not a relay URL: use the URL printed by credprobe relay, then /HOST/PATH"},
    {"missing_token", 401, "missing relay token: use the URL printed by credprobe relay"},
    {"wrong_token", 403, "wrong relay token: use the URL printed by this run of credprobe relay"},
    {"bad_host_header", 403,
     "the Host header must name the relay itself (127.0.0.1, [::1] or localhost with its port)"},
    {"origin_not_allowed", 403,
     "origin not allowed: start credprobe relay with --allow-origin set to this page's origin"},
    {"preflight_without_origin", 403,
     "OPTIONS is answered only as a CORS preflight from the allowed origin"},
    {"method_not_allowed", 405,
     "only GET and POST are relayed (OPTIONS preflights are answered by the relay itself)"},
    {"missing_host", 400, "no destination host: relay URLs look like {relay}/HOST/PATH?QUERY"},
    {"userinfo", 403, "userinfo (user@host) is not allowed in the destination"},
    {"plain_http", 403, "plain http is not relayed: destinations are always https://HOST/PATH"},
    {"scheme_in_destination", 400,
     "give the destination as HOST/PATH without a scheme: the relay always uses https"},
    {"ip_literal", 403, "IP address destinations are not allowed: name a provider host"},
    {"port_not_allowed", 403, "only port 443 (https) is allowed"},
    {"bad_host", 400, "the destination is not a valid host name"},
    {"host_not_allowed", 403,
     "host is not in the relay's allow-list (the provider hosts: credprobe providers --json)"},
    {"bad_target", 400, "the destination path or query has characters a URL may not carry"},
    {"dot_segment", 400, "dot segments (. and ..) are not allowed in the destination path"},
    {"dns_failed", 502, "could not resolve the destination host"},
    {"busy", 503, "too many requests in flight: try again in a moment"},
    {"upstream_redirect", 502,
     "the destination answered with a redirect: the relay never follows or passes on redirects"},
};

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

Decision refuse(std::string_view code) {
  Decision d;
  d.refusal = refusal(code);
  return d;
}

// Bytes a request target may carry (RFC 3986 unreserved, reserved and '%'), minus '\' which
// some parsers read as '/'.
bool is_target_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  switch (c) {
    case '\\':
    case '"':
    case '<':
    case '>':
    case '{':
    case '}':
    case '|':
    case '^':
    case '`':
    case '#':
      return false;
    default:
      return true;
  }
}

// "." or ".." once %2e is decoded.
bool is_dot_segment(std::string_view segment) {
  std::string decoded;
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '%' && i + 2 < segment.size() && segment[i + 1] == '2' &&
        lower(segment[i + 2]) == 'e') {
      decoded += '.';
      i += 2;
    } else {
      decoded += segment[i];
    }
  }
  return decoded == "." || decoded == "..";
}

bool has_dot_segment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (is_dot_segment(segment)) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

bool allowed_host_header(const RelayPolicy& policy, std::string_view value) {
  std::string port = std::to_string(policy.relay_port);
  std::string v = ascii_lower(value);
  return v == "127.0.0.1:" + port || v == "localhost:" + port || v == "[::1]:" + port;
}

uint32_t ipv4_of(const unsigned char* b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

bool in_v4(uint32_t address, uint32_t network, int prefix) {
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr uint32_t v4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string v4_range(uint32_t a) {
  struct Range {
    uint32_t network;
    int prefix;
    const char* name;
  };
  static constexpr Range kRanges[] = {
      {v4(0, 0, 0, 0), 8, "unspecified"},        {v4(10, 0, 0, 0), 8, "private"},
      {v4(100, 64, 0, 0), 10, "CGNAT"},          {v4(127, 0, 0, 0), 8, "loopback"},
      {v4(169, 254, 0, 0), 16, "link-local"},    {v4(172, 16, 0, 0), 12, "private"},
      {v4(192, 0, 0, 0), 24, "reserved"},        {v4(192, 0, 2, 0), 24, "documentation"},
      {v4(192, 88, 99, 0), 24, "reserved"},      {v4(192, 168, 0, 0), 16, "private"},
      {v4(198, 18, 0, 0), 15, "reserved"},       {v4(198, 51, 100, 0), 24, "documentation"},
      {v4(203, 0, 113, 0), 24, "documentation"}, {v4(224, 0, 0, 0), 4, "multicast"},
      {v4(240, 0, 0, 0), 4, "reserved"},
  };
  for (const auto& r : kRanges) {
    if (in_v4(a, r.network, r.prefix)) return r.name;
  }
  return "";
}

std::string v6_range(const unsigned char* b) {
  auto zero = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (zero(0, 16)) return "unspecified";
  if (zero(0, 15) && b[15] == 1) return "loopback";
  if (zero(0, 10) && b[10] == 0xff && b[11] == 0xff) return "IPv4-mapped";
  if (zero(0, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0) return "reserved";
  if (zero(0, 12)) return "reserved";  // IPv4-compatible (deprecated)
  // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last four bytes: judge that address.
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zero(4, 12)) {
    return v4_range(ipv4_of(b + 12));
  }
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0 && b[5] == 1) {
    return "private";  // local-use NAT64 (64:ff9b:1::/48)
  }
  if (b[0] == 0x01 && b[1] == 0x00 && zero(2, 8)) return "reserved";  // discard 100::/64
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "documentation";
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return "reserved";  // 2001::/23, Teredo
  if (b[0] == 0x20 && b[1] == 0x02) return v4_range(ipv4_of(b + 2));   // 6to4
  if ((b[0] & 0xfe) == 0xfc) return "private";                         // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";      // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "private";         // fec0::/10 site-local
  if (b[0] == 0xff) return "multicast";
  return "";
}

std::string cut(std::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    auto u = static_cast<unsigned char>(c);
    out += (u <= 0x20 || u >= 0x7f) ? '?' : c;
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace

std::string Destination::authority() const {
  if (insecure || port != 443) return host + ":" + std::to_string(port);
  return host;
}

std::string Destination::url() const {
  return scheme + "://" + authority() + path + (query.empty() ? "" : "?" + query);
}

Refusal refusal(std::string_view code) {
  for (const auto& r : kRefusals) {
    if (code == r.code) return Refusal{r.status, r.code, r.message};
  }
  return Refusal{500, std::string(code), "internal error in the relay"};
}

RelayTarget split_relay_target(std::string_view target) {
  RelayTarget t;
  constexpr std::string_view kPrefix = "/relay";
  if (target.substr(0, kPrefix.size()) != kPrefix) return t;
  std::string_view rest = target.substr(kPrefix.size());
  if (!rest.empty() && rest.front() != '/' && rest.front() != '?') return t;
  t.is_relay = true;
  auto query_at = rest.find('?');
  if (query_at != std::string_view::npos) {
    t.query = std::string(rest.substr(query_at + 1));
    rest = rest.substr(0, query_at);
  }
  if (rest.empty()) return t;
  rest.remove_prefix(1);  // the '/' after "/relay"
  auto slash = rest.find('/');
  t.token = std::string(rest.substr(0, slash));
  t.has_token = !t.token.empty();
  if (slash == std::string_view::npos) return t;
  rest.remove_prefix(slash + 1);
  slash = rest.find('/');
  t.authority = std::string(rest.substr(0, slash));
  t.has_authority = !t.authority.empty();
  t.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return t;
}

bool token_equals(std::string_view expected, std::string_view given) {
  // The length is public (64 hex digits); the content is what must not leak through timing.
  if (expected.size() != given.size() || expected.empty()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    diff = static_cast<unsigned char>(
        diff | (static_cast<unsigned char>(expected[i]) ^ static_cast<unsigned char>(given[i])));
  }
  return diff == 0;
}

bool is_ip_literal(std::string_view host) {
  if (host.find_first_of(":[]") != std::string_view::npos) return true;  // IPv6
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return false;
  // Resolvers (inet_aton) read the last part as a number filling the remaining bytes, so a
  // name whose last label is a number (decimal, octal, 0x hex) is an address. No top-level
  // domain is numeric.
  auto dot = host.rfind('.');
  std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  bool digits = true;
  for (char c : last) digits = digits && is_digit(c);
  if (digits) return true;
  if (last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')) {
    bool hex = true;
    for (char c : last.substr(2)) hex = hex && is_hex(c);
    return hex;
  }
  return false;
}

bool is_valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = host.find('.', start);
    std::string_view label =
        host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Decision check_destination(const RelayPolicy& policy, std::string_view authority) {
  if (authority.empty()) return refuse("missing_host");
  if (authority.find('@') != std::string_view::npos) return refuse("userinfo");
  const std::string lowered = ascii_lower(authority);
  for (const auto& insecure : policy.insecure_hosts) {
    if (lowered == ascii_lower(insecure)) {
      Decision d;
      auto colon = lowered.rfind(':');
      d.destination.scheme = "http";
      d.destination.host = lowered.substr(0, colon);
      d.destination.port = std::stoi(lowered.substr(colon + 1));
      d.destination.insecure = true;
      return d;
    }
  }
  if (lowered == "http:") return refuse("plain_http");
  if (lowered == "https:") return refuse("scheme_in_destination");
  if (lowered.front() == '[') return refuse("ip_literal");
  auto first_colon = lowered.find(':');
  if (first_colon != std::string::npos && lowered.find(':', first_colon + 1) != std::string::npos) {
    return refuse("ip_literal");  // a bare IPv6 address
  }
  std::string host = lowered.substr(0, first_colon);
  if (first_colon != std::string::npos) {
    std::string port = lowered.substr(first_colon + 1);
    if (port.empty()) return refuse("bad_host");
    if (port != "443") return refuse("port_not_allowed");
  }
  if (is_ip_literal(host)) return refuse("ip_literal");
  if (!is_valid_host_name(host)) return refuse("bad_host");
  bool listed = false;
  for (const auto& pattern : policy.allowed_hosts) listed = listed || host_matches(pattern, host);
  if (!listed) return refuse("host_not_allowed");
  Decision d;
  d.destination.scheme = "https";
  d.destination.host = host;
  d.destination.port = 443;
  return d;
}

Decision decide(const RelayPolicy& policy, std::string_view method, std::string_view target,
                const std::optional<std::string>& host_header,
                const std::optional<std::string>& origin) {
  const RelayTarget t = split_relay_target(target);
  if (!t.is_relay) return refuse("not_relay_url");
  if (!t.has_token) return refuse("missing_token");
  if (!token_equals(policy.token, t.token)) return refuse("wrong_token");
  if (!host_header || !allowed_host_header(policy, *host_header)) return refuse("bad_host_header");
  if (origin && *origin != policy.allowed_origin) return refuse("origin_not_allowed");
  if (method == "OPTIONS") {
    if (!origin) return refuse("preflight_without_origin");
    Decision d;  // answered by the relay; nothing is forwarded
    d.preflight = true;
    return d;
  }
  if (method != "GET" && method != "POST") return refuse("method_not_allowed");
  if (!t.has_authority) return refuse("missing_host");
  Decision d = check_destination(policy, t.authority);
  if (!d.allowed()) return d;
  for (char c : t.path + t.query) {
    if (!is_target_char(c)) return refuse("bad_target");
  }
  if (has_dot_segment(t.path)) return refuse("dot_segment");
  d.destination.path = t.path;
  d.destination.query = t.query;
  return d;
}

std::string non_public_range(std::string_view address) {
  std::string text(address);
  unsigned char bytes[16] = {};
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) return v4_range(ipv4_of(bytes));
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) return v6_range(bytes);
  return "unparsable";
}

Refusal check_resolved(const std::vector<std::string>& addresses) {
  if (addresses.empty()) return refusal("dns_failed");
  for (const auto& address : addresses) {
    std::string range = non_public_range(address);
    if (!range.empty()) {
      return Refusal{
          403, "resolves_non_public",
          "the destination host resolves to a non-public address (" + range + "): refused"};
    }
  }
  return Refusal{};
}

std::vector<std::string> connection_tokens(std::string_view header) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string_view item = header.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string_view::npos)
      tokens.push_back(ascii_lower(item.substr(first, last - first + 1)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return tokens;
}

bool forward_request_header(std::string_view name, const std::vector<std::string>& tokens) {
  static constexpr const char* kNever[] = {
      "cookie", "cookie2", "origin", "referer", "host", "connection", "keep-alive",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
      "content-length", "accept-encoding", "expect", "forwarded", "via", "user-agent", "dnt",
      // cpp-httplib's own pseudo-headers: the relay's and the browser's socket addresses.
      "remote_addr", "remote_port", "local_addr", "local_port"};
  static constexpr const char* kNeverPrefix[] = {"sec-", "x-forwarded-", "access-control-",
                                                 "proxy-"};
  const std::string n = ascii_lower(name);
  for (const char* never : kNever) {
    if (n == never) return false;
  }
  for (const char* prefix : kNeverPrefix) {
    if (n.rfind(prefix, 0) == 0) return false;
  }
  for (const auto& token : tokens) {
    if (n == token) return false;  // named hop-by-hop by the request's Connection header
  }
  return !n.empty();
}

bool pass_response_header(std::string_view name) {
  static constexpr const char* kNever[] = {"set-cookie",
                                           "set-cookie2",
                                           "connection",
                                           "keep-alive",
                                           "te",
                                           "trailer",
                                           "transfer-encoding",
                                           "upgrade",
                                           "content-length",
                                           "content-encoding",
                                           "location",
                                           "alt-svc",
                                           "strict-transport-security",
                                           "refresh",
                                           "clear-site-data",
                                           "public-key-pins"};
  static constexpr const char* kNeverPrefix[] = {"access-control-", "proxy-"};
  const std::string n = ascii_lower(name);
  for (const char* never : kNever) {
    if (n == never) return false;
  }
  for (const char* prefix : kNeverPrefix) {
    if (n.rfind(prefix, 0) == 0) return false;
  }
  return !n.empty();
}

std::string log_line(std::string_view method, std::string_view host, std::string_view path,
                     int status, double latency_ms) {
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.0f", latency_ms < 0 ? 0.0 : latency_ms);
  auto query = path.find('?');
  if (query != std::string_view::npos) path = path.substr(0, query);
  return cut(method.empty() ? "-" : method, 16) + " " + cut(host.empty() ? "-" : host, 255) + " " +
         cut(path.empty() ? "-" : path, 200) + " -> " + std::to_string(status) + " " + latency +
         " ms";
}

Refusal body_too_large(size_t max_bytes) {
  return Refusal{
      413, "body_too_large",
      "request body too large: the relay accepts at most " + std::to_string(max_bytes) + " bytes"};
}

Refusal response_too_large(size_t max_bytes) {
  return Refusal{502, "response_too_large",
                 "the destination's answer is larger than the relay passes on (" +
                     std::to_string(max_bytes) + " bytes)"};
}

Refusal upstream_timeout(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return Refusal{504, "upstream_timeout",
                 std::string("the destination did not answer within ") + text + " s"};
}

Refusal upstream_failed(std::string_view detail) {
  return Refusal{502, "upstream_failed", "could not reach the destination: " + std::string(detail)};
}

std::string refusal_body(const Refusal& r) {
  // The core's writer never throws, even when a message quotes a hostile request's bytes.
  return Json::object().set("error", r.code).set("message", r.message).dump() + "\n";
}

}  // namespace credprobe::relay
