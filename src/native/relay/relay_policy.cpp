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
    {"resolves_non_public", 403,
     "the destination host resolves to a non-public address ({range}): refused"},
    {"body_too_large", 413, "request body too large: the relay accepts at most {limit} bytes"},
    {"response_too_large", 502,
     "the destination's answer is larger than the relay passes on ({limit} bytes)"},
    {"upstream_timeout", 504, "the destination did not answer within {seconds} s"},
    {"upstream_failed", 502, "could not reach the destination: {detail}"},
    {"bad_request", 400, "the relay could not read this request: it is not well-formed HTTP/1.1"},
    {"header_too_large", 431, "the request's header has more fields or bytes than the relay reads"},
    {"target_too_long", 414, "the request line is longer than the relay reads"},
    {"request_timeout", 408, "the request did not arrive in time"},
    // The Jupyter server relay's own (its authentication is Jupyter's).
    {"token_authenticated", 403,
     "the relay takes the session cookie and the XSRF header, not the Jupyter token (a token in "
     "the request could otherwise be forwarded to a provider)"},
    {"xsrf_not_in_header", 400,
     "the XSRF token goes in the X-XSRFToken header only (a _xsrf in the query or a form body "
     "would be forwarded to the provider)"},
    {"jupyter_refused", 403,
     "Jupyter refused the request: log in to this Jupyter server, and send its XSRF header"},
};

// Non-public address ranges, first match wins. An entry with embedded_v4_at >= 0 carries an
// IPv4 address at that byte offset (NAT64, 6to4): the verdict is that address's.
struct AddressRange {
  const char* network;
  int prefix;
  const char* name;
  int embedded_v4_at;
};

constexpr AddressRange kIpv4Ranges[] = {
    {"0.0.0.0", 8, "unspecified", -1},         {"10.0.0.0", 8, "private", -1},
    {"100.64.0.0", 10, "CGNAT", -1},           {"127.0.0.0", 8, "loopback", -1},
    {"169.254.0.0", 16, "link-local", -1},     {"172.16.0.0", 12, "private", -1},
    {"192.0.0.0", 24, "reserved", -1},         {"192.0.2.0", 24, "documentation", -1},
    {"192.31.196.0", 24, "reserved", -1},      {"192.52.193.0", 24, "reserved", -1},
    {"192.88.99.0", 24, "reserved", -1},       {"192.168.0.0", 16, "private", -1},
    {"192.175.48.0", 24, "reserved", -1},      {"198.18.0.0", 15, "reserved", -1},
    {"198.51.100.0", 24, "documentation", -1}, {"203.0.113.0", 24, "documentation", -1},
    {"224.0.0.0", 4, "multicast", -1},         {"240.0.0.0", 4, "reserved", -1},
};

constexpr AddressRange kIpv6Ranges[] = {
    {"::", 128, "unspecified", -1},
    {"::1", 128, "loopback", -1},
    {"::ffff:0:0", 96, "IPv4-mapped", -1},
    {"::ffff:0:0:0", 96, "reserved", -1},  // IPv4-translated
    {"64:ff9b::", 96, "NAT64", 12},
    {"64:ff9b:1::", 48, "private", -1},  // local-use NAT64
    {"::", 8, "reserved", -1},           // IPv4-compatible (deprecated) and unassigned
    {"100::", 64, "reserved", -1},       // discard
    {"2001:db8::", 32, "documentation", -1},
    {"2001::", 23, "reserved", -1},  // IETF protocol assignments, Teredo
    {"2002::", 16, "6to4", 2},
    {"3fff::", 20, "documentation", -1},
    {"5f00::", 16, "reserved", -1},  // SRv6 SIDs
    {"fc00::", 7, "private", -1},    // unique local
    {"fe80::", 10, "link-local", -1},
    {"fec0::", 10, "private", -1},  // site-local (deprecated)
    {"ff00::", 8, "multicast", -1},
};

// Request headers never forwarded: the browser's and Jupyter's own (cookies, XSRF, origin),
// hop-by-hop headers, the ones libcurl or the HTTP client sets itself, and cpp-httplib-style
// pseudo-headers with the socket addresses.
constexpr const char* kNeverForward[] = {"cookie",
                                         "cookie2",
                                         "origin",
                                         "referer",
                                         "host",
                                         "connection",
                                         "keep-alive",
                                         "proxy-authorization",
                                         "proxy-connection",
                                         "te",
                                         "trailer",
                                         "transfer-encoding",
                                         "upgrade",
                                         "content-length",
                                         "accept-encoding",
                                         "expect",
                                         "forwarded",
                                         "via",
                                         "user-agent",
                                         "dnt",
                                         "x-xsrftoken",
                                         "x-csrftoken",
                                         "x-requested-with",
                                         "priority",
                                         "remote_addr",
                                         "remote_port",
                                         "local_addr",
                                         "local_port"};
constexpr const char* kNeverForwardPrefix[] = {"sec-", "x-forwarded-", "access-control-", "proxy-",
                                               "x-credprobe-"};

// Response headers never passed back (see pass_response_header).
constexpr const char* kNeverPassBack[] = {"set-cookie",
                                          "set-cookie2",
                                          "content-type",
                                          "content-security-policy",
                                          "content-security-policy-report-only",
                                          "x-content-type-options",
                                          "content-disposition",
                                          "link",
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
                                          "public-key-pins",
                                          "server"};
constexpr const char* kNeverPassBackPrefix[] = {"access-control-", "proxy-", "x-credprobe-"};

constexpr const char* kJsonContentType = "application/json";
constexpr const char* kTextContentType = "text/plain; charset=utf-8";

std::string fill(std::string message, std::string_view placeholder, std::string_view value) {
  const auto at = message.find(placeholder);
  if (at != std::string::npos) message.replace(at, placeholder.size(), value);
  return message;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 9110 tchar: what a field name is made of.
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c);
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
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

bool in_range(const unsigned char* address, const unsigned char* network, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
  }
  return true;
}

template <size_t N>
std::string range_of(const unsigned char* address, int family, const AddressRange (&table)[N]);

std::string v4_range(const unsigned char* b) {
  return range_of(b, AF_INET, kIpv4Ranges);
}

template <size_t N>
std::string range_of(const unsigned char* address, int family, const AddressRange (&table)[N]) {
  for (const auto& r : table) {
    unsigned char network[16] = {};
    if (inet_pton(family, r.network, network) != 1) continue;
    if (!in_range(address, network, r.prefix)) continue;
    if (r.embedded_v4_at >= 0) return v4_range(address + r.embedded_v4_at);
    return r.name;
  }
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
  const auto zone = text.find('%');  // fe80::1%eth0
  if (zone != std::string::npos) text.resize(zone);
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) return v4_range(bytes);
  if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) return range_of(bytes, AF_INET6, kIpv6Ranges);
  return "unparsable";
}

Refusal check_resolved(const std::vector<std::string>& addresses) {
  if (addresses.empty()) return refusal("dns_failed");
  for (const auto& address : addresses) {
    std::string range = non_public_range(address);
    if (!range.empty()) {
      Refusal r = refusal("resolves_non_public");
      r.message = fill(r.message, "{range}", range);
      return r;
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
  const std::string n = ascii_lower(name);
  for (const char* never : kNeverForward) {
    if (n == never) return false;
  }
  for (const char* prefix : kNeverForwardPrefix) {
    if (n.rfind(prefix, 0) == 0) return false;
  }
  for (const auto& token : tokens) {
    if (n == token) return false;  // named hop-by-hop by the request's Connection header
  }
  return is_token(n);
}

bool pass_response_header(std::string_view name, std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  const std::string n = ascii_lower(name);
  for (const char* never : kNeverPassBack) {
    if (n == never) return false;
  }
  for (const char* prefix : kNeverPassBackPrefix) {
    if (n.rfind(prefix, 0) == 0) return false;
  }
  return is_token(n);
}

Refusal check_request_head(std::string_view head, const HeadLimits& limits) {
  if (head.size() > limits.max_head_bytes) return refusal("header_too_large");
  size_t fields = 0;
  size_t start = 0;
  bool first = true;
  while (start < head.size()) {
    const size_t lf = head.find('\n', start);
    if (lf == std::string_view::npos || lf == start || head[lf - 1] != '\r') {
      return refusal("bad_request");  // a bare LF, or a head without its final CRLF
    }
    const std::string_view line = head.substr(start, lf - 1 - start);
    start = lf + 1;
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) return refusal("bad_request");  // bare CR too
    }
    if (first) {
      first = false;
      if (line.size() > limits.max_request_line) return refusal("target_too_long");
      if (line.empty()) return refusal("bad_request");
      continue;
    }
    if (line.empty()) return start == head.size() ? Refusal{} : refusal("bad_request");
    if (++fields > limits.max_fields) return refusal("header_too_large");
    if (line.front() == ' ' || line.front() == '\t') return refusal("bad_request");  // obs-fold
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return refusal("bad_request");
    }
  }
  return refusal("bad_request");  // no empty line
}

Refusal check_framing(const Headers& headers) {
  int lengths = 0;
  bool chunked = false;
  bool encoded = false;
  for (const auto& h : headers) {
    if (iequals(h.name, "Content-Length")) {
      ++lengths;
      if (h.value.empty() || h.value.find_first_not_of("0123456789") != std::string::npos) {
        return refusal("bad_request");
      }
    } else if (iequals(h.name, "Transfer-Encoding")) {
      if (encoded) return refusal("bad_request");
      encoded = true;
      chunked = iequals(h.value, "chunked");
    }
  }
  if (lengths > 1 || (lengths == 1 && encoded) || (encoded && !chunked)) {
    return refusal("bad_request");
  }
  return Refusal{};
}

std::string safe_content_type(std::string_view upstream) {
  std::string media = ascii_lower(upstream.substr(0, upstream.find(';')));
  const auto first = media.find_first_not_of(" \t");
  const auto last = media.find_last_not_of(" \t");
  media = first == std::string::npos ? std::string() : media.substr(first, last - first + 1);
  const bool json =
      media == "application/json" || (media.rfind("application/", 0) == 0 && media.size() > 5 &&
                                      media.compare(media.size() - 5, 5, "+json") == 0);
  return json ? kJsonContentType : kTextContentType;
}

std::string log_line(std::string_view method, std::string_view host, std::string_view path,
                     int status, double latency_ms) {
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.0f", latency_ms < 0 ? 0.0 : latency_ms);
  auto query = path.find('?');
  if (query != std::string_view::npos) path = path.substr(0, query);
  auto at = host.rfind('@');
  if (at != std::string_view::npos) host = host.substr(at + 1);  // never the userinfo
  return cut(method.empty() ? "-" : method, 16) + " " + cut(host.empty() ? "-" : host, 255) + " " +
         cut(path.empty() ? "-" : path, 200) + " -> " + std::to_string(status) + " " + latency +
         " ms";
}

Refusal body_too_large(size_t max_bytes) {
  Refusal r = refusal("body_too_large");
  r.message = fill(r.message, "{limit}", std::to_string(max_bytes));
  return r;
}

Refusal response_too_large(size_t max_bytes) {
  Refusal r = refusal("response_too_large");
  r.message = fill(r.message, "{limit}", std::to_string(max_bytes));
  return r;
}

Refusal upstream_timeout(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  Refusal r = refusal("upstream_timeout");
  r.message = fill(r.message, "{seconds}", text);
  return r;
}

Refusal upstream_failed(std::string_view detail) {
  Refusal r = refusal("upstream_failed");
  r.message = fill(r.message, "{detail}", detail);
  return r;
}

std::string refusal_body(const Refusal& r) {
  // The core's writer never throws, even when a message quotes a hostile request's bytes.
  return Json::object().set("error", r.code).set("message", r.message).dump() + "\n";
}

Json policy_json(const std::vector<std::string>& allowed_hosts, const HeadLimits& head) {
  auto strings = [](const auto& list) {
    Json a = Json::array();
    for (const char* text : list) a.push_back(std::string(text));
    return a;
  };
  auto ranges = [](const auto& table) {
    Json a = Json::array();
    for (const auto& r : table) {
      Json entry = Json::object()
                       .set("network", std::string(r.network))
                       .set("prefix", r.prefix)
                       .set("name", std::string(r.name));
      if (r.embedded_v4_at >= 0) entry.set("embedded_ipv4_at", r.embedded_v4_at);
      a.push_back(entry);
    }
    return a;
  };
  Json refusals = Json::array();
  for (const auto& r : kRefusals) {
    refusals.push_back(Json::object()
                           .set("code", std::string(r.code))
                           .set("status", r.status)
                           .set("message", std::string(r.message)));
  }
  Json hosts = Json::array();
  for (const auto& h : allowed_hosts) hosts.push_back(h);
  return Json::object()
      .set("about",
           "credprobe's relay policy (src/native/relay/relay_policy.cpp), exported by `credprobe "
           "relay --print-policy`; the Jupyter server relay is generated from it")
      .set("allowed_hosts", hosts)
      .set("address_ranges",
           Json::object().set("ipv4", ranges(kIpv4Ranges)).set("ipv6", ranges(kIpv6Ranges)))
      .set("request_headers", Json::object()
                                  .set("never", strings(kNeverForward))
                                  .set("never_prefixes", strings(kNeverForwardPrefix)))
      .set("response_headers",
           Json::object()
               .set("never", strings(kNeverPassBack))
               .set("never_prefixes", strings(kNeverPassBackPrefix))
               .set("json_content_type", std::string(kJsonContentType))
               .set("text_content_type", std::string(kTextContentType))
               .set("content_security_policy", std::string(kContentSecurityPolicy)))
      .set("refusals", refusals)
      .set("limits", Json::object()
                         .set("max_head_bytes", head.max_head_bytes)
                         .set("max_request_line", head.max_request_line)
                         .set("max_fields", head.max_fields));
}

}  // namespace credprobe::relay
