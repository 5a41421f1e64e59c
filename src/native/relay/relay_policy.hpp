// The relay's refusal rules, as pure functions over a parsed request: what `credprobe relay`
// forwards and what it refuses, with the exact status and message. No sockets, no DNS, no
// clock: the server (relay_server.cpp) and the forwarder (relay_forward.cpp) call these, and
// tests/unit/test_relay_policy.cpp proves them.
//
// A relay URL is http://127.0.0.1:PORT/relay/TOKEN. A request to
//   {relay}/{host}/{path}?{query}
// is forwarded to https://{host}/{path}?{query}, and only when every rule below passes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/http.hpp"
#include "credprobe/json.hpp"

namespace credprobe::relay {

// What the relay was started with.
struct RelayPolicy {
  std::string token;                        // 64 hex digits (32 random bytes)
  std::vector<std::string> allowed_hosts;   // registry patterns; "*" is one DNS label
  std::string allowed_origin;               // the one origin given CORS access
  std::vector<std::string> insecure_hosts;  // exact "HOST:PORT" reached over plain http (tests)
  int relay_port = 0;                       // for the Host header check
  size_t max_request_bytes = 1024 * 1024;
  size_t max_response_bytes = 8 * 1024 * 1024;
};

// Why a request is refused: a short machine code (also sent as X-Credprobe-Relay-Error), the
// HTTP status and a message for people. `status == 0` means allowed.
struct Refusal {
  int status = 0;
  std::string code;
  std::string message;
};

// Where an allowed request goes.
struct Destination {
  std::string scheme;  // "https", or "http" for an --allow-insecure-host
  std::string host;    // lower-case name (or the insecure host as given)
  int port = 443;
  std::string path;   // raw, as received, starting with '/'
  std::string query;  // raw, without '?'
  bool insecure = false;

  std::string url() const;
  std::string authority() const;  // "host" or "host:port" when not 443
};

struct Decision {
  Refusal refusal;  // status 0: allowed
  Destination destination;
  bool preflight = false;  // an allowed OPTIONS: answered by the relay, never forwarded
  bool allowed() const { return refusal.status == 0; }
};

// The parts of the request target "/relay/TOKEN/AUTHORITY/PATH?QUERY", still raw.
struct RelayTarget {
  bool is_relay = false;   // starts with "/relay"
  bool has_token = false;  // a non-empty token segment is present
  std::string token;
  bool has_authority = false;
  std::string authority;  // the destination segment, e.g. "huggingface.co" or "h:443"
  std::string path;       // from the '/' after the authority; "/" when absent
  std::string query;      // without '?'
};

RelayTarget split_relay_target(std::string_view target);

// The refusals, each a fixed status, code and message (see relay_policy.cpp).
Refusal refusal(std::string_view code);

// Compares without an early exit, so timing does not reveal how much of a guess was right.
bool token_equals(std::string_view expected, std::string_view given);

// The whole decision for one request, in this order: relay URL, token, Host header, Origin,
// method, destination (userinfo, scheme, IP literals, port, host syntax, allow-list), path.
// `origin` and `host_header` are nullopt when the request has no such header.
Decision decide(const RelayPolicy& policy, std::string_view method, std::string_view target,
                const std::optional<std::string>& host_header,
                const std::optional<std::string>& origin);

// The destination rules alone, for the authority segment (after the token).
Decision check_destination(const RelayPolicy& policy, std::string_view authority);

// Whether a host, as written, is an IP address in any form a resolver might accept: dotted
// quad, fewer parts (127.1), decimal (2130706433), hex (0x7f.1), octal (0177.0.0.1), IPv6.
bool is_ip_literal(std::string_view host);

// Lower-case DNS name: labels of [a-z0-9-], 1 to 63 characters, not starting or ending with
// '-', at most 253 characters, no trailing dot.
bool is_valid_host_name(std::string_view host);

// For an address the destination resolved to (textual IPv4 or IPv6): the name of the
// non-public range it falls in ("loopback", "private", "link-local", "unspecified",
// "multicast", "CGNAT", "IPv4-mapped", "reserved", "documentation", ...), or "" when public.
// An unparsable address counts as "unparsable".
std::string non_public_range(std::string_view address);

// Refuses when the destination resolved to nothing, or when any answer is non-public (a mixed
// answer is what a rebinding attack looks like). Allowed: the first address is the one to pin.
Refusal check_resolved(const std::vector<std::string>& addresses);

// Whether a request header from the browser is forwarded. Never: Cookie, Origin, Referer,
// Host (set from the destination), hop-by-hop headers, Content-Length and Accept-Encoding
// (libcurl sets them), User-Agent, fetch metadata (Sec-*), X-Forwarded-*, Forwarded, Via, and
// the server library's pseudo-headers (REMOTE_ADDR, LOCAL_PORT, ...).
// `connection_tokens` are the header names the request's Connection header lists.
bool forward_request_header(std::string_view name,
                            const std::vector<std::string>& connection_tokens = {});

// Whether a response header from the destination is passed back. Never: Set-Cookie, the
// destination's own CORS headers (the relay answers CORS), hop-by-hop headers, framing
// (Content-Length, Content-Encoding: the body is decoded), Location, Alt-Svc, HSTS, anything in
// the relay's own X-Credprobe-* namespace (a destination must not speak for the relay), and the
// headers the relay sets itself (Content-Type, Content-Security-Policy, X-Content-Type-Options).
// A value with a control byte other than HT is never passed either.
bool pass_response_header(std::string_view name, std::string_view value = {});

// The comma-separated names in a Connection header, lower-cased.
std::vector<std::string> connection_tokens(std::string_view connection_header);

// One log line: "METHOD HOST PATH -> STATUS N ms". The path has no query (it can hold
// presigned signatures), the host no userinfo ("user:secret@"); unprintable bytes become '?',
// long fields are cut. Never a header value, a body or the token.
std::string log_line(std::string_view method, std::string_view host, std::string_view path,
                     int status, double latency_ms);

// Refusals whose message names a limit, and failures after the request left.
Refusal body_too_large(size_t max_bytes);          // 413
Refusal response_too_large(size_t max_bytes);      // 502
Refusal upstream_timeout(double seconds);          // 504
Refusal upstream_failed(std::string_view detail);  // 502; detail is libcurl's, never request data

// Bounds on a request's head (request line and fields, up to the empty line), enforced before
// the token is looked at.
struct HeadLimits {
  size_t max_head_bytes = 16 * 1024;   // request line + fields + CRLFs
  size_t max_request_line = 8 * 1024;  // longer: 414
  size_t max_fields = 100;             // more: 431
};

// The raw head as received, ending with the empty line ("\r\n\r\n"). Refuses (400
// bad_request) a bare CR or LF, a control byte, obsolete line folding, a field name that is
// not a token (whitespace before the colon: "Host : x"), a field line without a colon; 414
// target_too_long, 431 header_too_large past the limits. Status 0: the parser may have it.
Refusal check_request_head(std::string_view head, const HeadLimits& limits);

// After parsing: how the body is framed. Refuses (400 bad_request) a repeated or listed
// Content-Length ("5, 5"), Content-Length together with Transfer-Encoding, and any
// Transfer-Encoding other than exactly "chunked".
Refusal check_framing(const Headers& headers);

// The Content-Type a relayed answer is served with, whatever the destination said: JSON stays
// JSON ("application/json"), everything else is "text/plain; charset=utf-8", so an answer can
// never become a page on the relay's origin.
std::string safe_content_type(std::string_view upstream_content_type);

// The headers every relayed answer carries, after the destination's passed ones.
constexpr const char* kContentSecurityPolicy = "default-src 'none'; sandbox";

// The whole policy as data: allow-list, non-public address ranges, header lists, content types,
// refusal codes (messages may hold {limit}, {seconds}, {detail}, {range}) and head limits.
// `credprobe relay --print-policy` prints it; the Jupyter relay's rules are generated from it.
Json policy_json(const std::vector<std::string>& allowed_hosts, const HeadLimits& head);

// The JSON body of a refusal: {"error": CODE, "message": MESSAGE}.
std::string refusal_body(const Refusal& refusal);

}  // namespace credprobe::relay
