// The relay's refusal rules (src/native/relay/relay_policy.hpp), without sockets: one case per
// rule, exact statuses and codes. The integration test (test_relay.py) proves the same rules
// through a running relay.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "credprobe/registry.hpp"
#include "native/relay/relay_policy.hpp"

using namespace credprobe::relay;

namespace {

const std::string kToken(64, 'a');

// Hosts made up for the tests: the rules must not depend on which providers exist.
RelayPolicy test_policy() {
  RelayPolicy p;
  p.token = kToken;
  p.allowed_hosts = {"api.provider.test", "sts.*.cloud.test"};
  p.allowed_origin = "http://127.0.0.1:8000";
  p.insecure_hosts = {"127.0.0.1:5000"};
  p.relay_port = 8787;
  return p;
}

const std::optional<std::string> kHost = std::string("127.0.0.1:8787");
const std::optional<std::string> kNoOrigin;

std::string code_for(std::string_view target, std::string_view method = "GET",
                     std::optional<std::string> host = kHost,
                     std::optional<std::string> origin = kNoOrigin) {
  Decision d = decide(test_policy(), method, target, host, origin);
  return d.allowed() ? (d.preflight ? "preflight" : "allowed") : d.refusal.code;
}

std::string relay(std::string_view rest) {
  return "/relay/" + kToken + "/" + std::string(rest);
}

std::string destination_code(std::string_view authority) {
  Decision d = check_destination(test_policy(), authority);
  return d.allowed() ? "allowed" : d.refusal.code;
}

}  // namespace

TEST_CASE("split_relay_target finds token, authority, path and query") {
  auto t = split_relay_target("/relay/TOK/api.provider.test/a/b?x=1&y=%2F");
  CHECK(t.is_relay);
  CHECK(t.token == "TOK");
  CHECK(t.authority == "api.provider.test");
  CHECK(t.path == "/a/b");
  CHECK(t.query == "x=1&y=%2F");

  auto bare = split_relay_target("/relay/TOK/api.provider.test?q");
  CHECK(bare.path == "/");
  CHECK(bare.query == "q");
  CHECK_FALSE(split_relay_target("/relay/TOK").has_authority);
  CHECK_FALSE(split_relay_target("/relay/TOK/").has_authority);
  CHECK_FALSE(split_relay_target("/relay//api.provider.test/").has_token);
  CHECK_FALSE(split_relay_target("/relay").has_token);
  CHECK(split_relay_target("/relay").is_relay);
  CHECK_FALSE(split_relay_target("/relayx/TOK/h/").is_relay);
  CHECK_FALSE(split_relay_target("/").is_relay);
  CHECK_FALSE(split_relay_target("http://api.provider.test/").is_relay);
}

TEST_CASE("token_equals needs the whole token") {
  CHECK(token_equals(kToken, kToken));
  CHECK_FALSE(token_equals(kToken, kToken.substr(1)));
  CHECK_FALSE(token_equals(kToken, kToken + "a"));
  CHECK_FALSE(token_equals(kToken, std::string(63, 'a') + "b"));
  CHECK_FALSE(token_equals(kToken, std::string(64, 'A')));
  CHECK_FALSE(token_equals("", ""));
}

TEST_CASE("a valid request is forwarded to https on the named host") {
  Decision d = decide(test_policy(), "POST", relay("api.provider.test/v1/x?a=b"), kHost, kNoOrigin);
  REQUIRE(d.allowed());
  CHECK_FALSE(d.preflight);
  CHECK(d.destination.url() == "https://api.provider.test/v1/x?a=b");
  CHECK(code_for(relay("STS.eu-west-1.Cloud.test/"), "GET") == "allowed");
  CHECK(code_for(relay("api.provider.test:443/"), "GET") == "allowed");
  Decision same = decide(test_policy(), "GET", relay("api.provider.test"), kHost, kNoOrigin);
  CHECK(same.destination.url() == "https://api.provider.test/");
}

TEST_CASE("an exact insecure host is reached over plain http") {
  Decision d =
      decide(test_policy(), "GET", relay("127.0.0.1:5000/api/whoami-v2"), kHost, kNoOrigin);
  REQUIRE(d.allowed());
  CHECK(d.destination.insecure);
  CHECK(d.destination.url() == "http://127.0.0.1:5000/api/whoami-v2");
  CHECK(destination_code("127.0.0.1:5001") == "port_not_allowed");
  CHECK(destination_code("127.0.0.1") == "ip_literal");
  CHECK(destination_code("localhost:5000") == "port_not_allowed");
}

TEST_CASE("requests outside the relay URL, without or with a wrong token are refused first") {
  CHECK(code_for("/") == "not_relay_url");
  CHECK(code_for("/favicon.ico") == "not_relay_url");
  CHECK(code_for("http://api.provider.test/") == "not_relay_url");
  CHECK(code_for("/relay") == "missing_token");
  CHECK(code_for("/relay/") == "missing_token");
  CHECK(code_for("/relay//api.provider.test/") == "missing_token");
  CHECK(code_for("/relay/" + std::string(64, 'b') + "/api.provider.test/") == "wrong_token");
  CHECK(code_for("/relay/api.provider.test/x") == "wrong_token");
  // The token is checked before anything about the destination is revealed.
  CHECK(code_for("/relay/wrong/evil.test/", "PUT") == "wrong_token");
  CHECK(refusal("missing_token").status == 401);
  CHECK(refusal("wrong_token").status == 403);
  CHECK(refusal("not_relay_url").status == 404);
}

TEST_CASE("the Host header must name the relay itself") {
  const auto target = relay("api.provider.test/");
  CHECK(code_for(target, "GET", std::string("localhost:8787")) == "allowed");
  CHECK(code_for(target, "GET", std::string("[::1]:8787")) == "allowed");
  CHECK(code_for(target, "GET", std::string("evil.test:8787")) == "bad_host_header");
  CHECK(code_for(target, "GET", std::string("127.0.0.1:9999")) == "bad_host_header");
  CHECK(code_for(target, "GET", std::string("127.0.0.1")) == "bad_host_header");
  CHECK(code_for(target, "GET", std::string()) == "bad_host_header");
  CHECK(code_for(target, "GET", std::nullopt) == "bad_host_header");
}

TEST_CASE("only the allowed origin, and only GET and POST, OPTIONS is a local preflight") {
  const auto target = relay("api.provider.test/");
  CHECK(code_for(target, "GET", kHost, std::string("http://127.0.0.1:8000")) == "allowed");
  CHECK(code_for(target, "GET", kHost, std::string("https://evil.test")) == "origin_not_allowed");
  CHECK(code_for(target, "GET", kHost, std::string("null")) == "origin_not_allowed");
  CHECK(code_for(target, "GET", kHost, std::string("http://127.0.0.1:8000/")) ==
        "origin_not_allowed");
  CHECK(code_for(target, "OPTIONS", kHost, std::string("http://127.0.0.1:8000")) == "preflight");
  CHECK(code_for(relay("evil.test/"), "OPTIONS", kHost, std::string("http://127.0.0.1:8000")) ==
        "preflight");
  CHECK(code_for(target, "OPTIONS", kHost, std::string("https://evil.test")) ==
        "origin_not_allowed");
  CHECK(code_for(target, "OPTIONS") == "preflight_without_origin");
  for (const char* method : {"PUT", "DELETE", "PATCH", "HEAD", "TRACE", "CONNECT"}) {
    CHECK(code_for(target, method) == "method_not_allowed");
  }
  CHECK(refusal("method_not_allowed").status == 405);
}

TEST_CASE("destinations: allow-list, IP literals, userinfo, ports, schemes, syntax") {
  CHECK(destination_code("api.provider.test") == "allowed");
  CHECK(destination_code("API.Provider.TEST") == "allowed");
  CHECK(destination_code("sts.us-east-1.cloud.test") == "allowed");
  CHECK(destination_code("sts.a.b.cloud.test") == "host_not_allowed");
  CHECK(destination_code("sts.cloud.test") == "host_not_allowed");
  CHECK(destination_code("evil.test") == "host_not_allowed");
  CHECK(destination_code("api.provider.test.evil.test") == "host_not_allowed");
  CHECK(destination_code("evilapi.provider.test") == "host_not_allowed");
  CHECK(destination_code("x.api.provider.test") == "host_not_allowed");
  CHECK(destination_code("localhost") == "host_not_allowed");
  CHECK(destination_code("") == "missing_host");
  CHECK(destination_code("user@api.provider.test") == "userinfo");
  CHECK(destination_code("user:pw@api.provider.test") == "userinfo");
  CHECK(destination_code("api.provider.test@evil.test") == "userinfo");
  CHECK(destination_code("api.provider.test:8443") == "port_not_allowed");
  CHECK(destination_code("api.provider.test:80") == "port_not_allowed");
  CHECK(destination_code("api.provider.test:0443") == "port_not_allowed");
  CHECK(destination_code("api.provider.test:") == "bad_host");
  CHECK(destination_code("http:") == "plain_http");
  CHECK(destination_code("https:") == "scheme_in_destination");
  CHECK(destination_code("api.provider.test.") == "bad_host");
  CHECK(destination_code("%61pi.provider.test") == "bad_host");
  CHECK(destination_code("api_provider.test") == "bad_host");
  CHECK(destination_code("-api.provider.test") == "bad_host");
  CHECK(destination_code("*.provider.test") == "bad_host");
  CHECK(destination_code(std::string(300, 'a') + ".test") == "bad_host");
  for (const char* ip : {"127.0.0.1", "127.1", "2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1",
                         "10.0.0.1", "169.254.169.254", "[::1]", "[::1]:443", "::1",
                         "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "0", "1.2.3.4.5"}) {
    INFO(ip);
    CHECK(destination_code(ip) == "ip_literal");
  }
  CHECK(refusal("host_not_allowed").status == 403);
  CHECK(refusal("ip_literal").status == 403);
  CHECK(refusal("userinfo").status == 403);
  CHECK(refusal("port_not_allowed").status == 403);
  CHECK(refusal("plain_http").status == 403);
  CHECK(refusal("bad_host").status == 400);
}

TEST_CASE("the destination path must be a plain URL path without dot segments") {
  CHECK(code_for(relay("api.provider.test/a/../b")) == "dot_segment");
  CHECK(code_for(relay("api.provider.test/..")) == "dot_segment");
  CHECK(code_for(relay("api.provider.test/./a")) == "dot_segment");
  CHECK(code_for(relay("api.provider.test/%2e%2E/a")) == "dot_segment");
  CHECK(code_for(relay("api.provider.test/.well-known/x")) == "allowed");
  CHECK(code_for(relay("api.provider.test/a..b")) == "allowed");
  CHECK(code_for(relay("api.provider.test/a\\b")) == "bad_target");
  CHECK(code_for(relay("api.provider.test/a?b=<x>")) == "bad_target");
  CHECK(code_for(relay("api.provider.test/a%20b?c=%22")) == "allowed");
}

TEST_CASE("is_ip_literal knows every form a resolver reads as an address") {
  for (const char* ip : {"1.2.3.4", "127.1", "2130706433", "0x7f.1", "0X7F.0.0.1", "017700000001",
                         "0x", "::1", "[::1]", "1.2.3.4."}) {
    INFO(ip);
    CHECK(is_ip_literal(ip));
  }
  for (const char* name : {"api.provider.test", "1.2.3.4.nip.io", "0x7f.com", "a0x1", "1e100"}) {
    INFO(name);
    CHECK_FALSE(is_ip_literal(name));
  }
}

TEST_CASE("is_valid_host_name takes lower-case DNS names only") {
  CHECK(is_valid_host_name("a-b.c1.test"));
  CHECK_FALSE(is_valid_host_name("A.test"));
  CHECK_FALSE(is_valid_host_name("a..test"));
  CHECK_FALSE(is_valid_host_name("a.test."));
  CHECK_FALSE(is_valid_host_name(std::string(64, 'a') + ".test"));
  CHECK(is_valid_host_name(std::string(63, 'a') + ".test"));
  CHECK_FALSE(is_valid_host_name(""));
}

TEST_CASE("check_resolved refuses unresolved names and any non-public answer") {
  CHECK(check_resolved({}).code == "dns_failed");
  CHECK(check_resolved({}).status == 502);
  CHECK(check_resolved({"8.8.8.8"}).status == 0);
  Refusal mixed = check_resolved({"8.8.8.8", "127.0.0.1"});
  CHECK(mixed.status == 403);
  CHECK(mixed.code == "resolves_non_public");
  CHECK(mixed.message ==
        "the destination host resolves to a non-public address (loopback): refused");
  CHECK(check_resolved({"::ffff:10.0.0.1"}).message ==
        "the destination host resolves to a non-public address (IPv4-mapped): refused");
}

TEST_CASE("request headers named by the Connection header are hop-by-hop") {
  auto tokens = connection_tokens(" keep-alive, X-Secret-Hop ,close");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1] == "x-secret-hop");
  CHECK_FALSE(forward_request_header("X-Secret-Hop", tokens));
  CHECK(forward_request_header("X-Secret-Hop"));
}

TEST_CASE("log lines carry method, host, path, status and latency, never the query") {
  CHECK(log_line("GET", "api.provider.test", "/a/b?X-Amz-Signature=abc", 200, 12.4) ==
        "GET api.provider.test /a/b -> 200 12 ms");
  CHECK(log_line("POST", "", "", 403, 0) == "POST - - -> 403 0 ms");
  CHECK(log_line("GET", "h", "/a\r\nb", 200, 1) == "GET h /a??b -> 200 1 ms");
  CHECK(log_line("GET", "h", "/" + std::string(300, 'x'), 200, 1).size() < 240);
}

TEST_CASE("refusals are JSON with a code and a fixed message") {
  auto body = nlohmann::json::parse(refusal_body(refusal("ip_literal")));
  CHECK(body["error"] == "ip_literal");
  CHECK(body["message"] == "IP address destinations are not allowed: name a provider host");
  CHECK(body_too_large(1048576).message ==
        "request body too large: the relay accepts at most 1048576 bytes");
  CHECK(body_too_large(1).status == 413);
  CHECK(response_too_large(10).status == 502);
  CHECK(upstream_timeout(2).message == "the destination did not answer within 2 s");
  CHECK(upstream_timeout(0.5).status == 504);
  CHECK(refusal("busy").status == 503);
  CHECK(refusal("upstream_redirect").status == 502);
}

// ---- tests/relay/cases.json: the cases both relays run (the Jupyter relay's suite reads the
// same file), against the real registry's allow-list ------------------------------------------

namespace {

const nlohmann::json& shared_cases() {
  static const nlohmann::json cases = [] {
    std::ifstream in(CREDPROBE_RELAY_CASES);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
  }();
  return cases;
}

RelayPolicy registry_policy() {
  RelayPolicy p = test_policy();
  p.allowed_hosts = credprobe::allowed_hosts(credprobe::provider_registry());
  p.insecure_hosts = shared_cases()["insecure_hosts"].get<std::vector<std::string>>();
  return p;
}

}  // namespace

TEST_CASE("shared cases: destinations") {
  const auto& cases = shared_cases()["destinations"];
  REQUIRE(cases.size() >= 50);
  const RelayPolicy policy = registry_policy();
  for (const auto& c : cases) {
    const std::string authority = c["authority"];
    INFO(authority);
    Decision d = check_destination(policy, authority);
    CHECK((d.allowed() ? "allowed" : d.refusal.code) == c["code"].get<std::string>());
    if (d.allowed()) {
      d.destination.path = "/";
      CHECK(d.destination.url() == c["url"].get<std::string>());
    } else {
      CHECK(d.refusal.status == refusal(d.refusal.code).status);
    }
  }
}

TEST_CASE("shared cases: targets") {
  const RelayPolicy policy = registry_policy();
  for (const auto& c : shared_cases()["targets"]) {
    const std::string query = c["query"];
    const std::string target = "/relay/" + kToken + "/" + c["rest"].get<std::string>() +
                               (query.empty() ? "" : "?" + query);
    INFO(c["method"].get<std::string>() + " " + target);
    Decision d = decide(policy, c["method"].get<std::string>(), target, kHost, kNoOrigin);
    CHECK((d.allowed() ? "allowed" : d.refusal.code) == c["code"].get<std::string>());
    if (d.allowed()) CHECK(d.destination.url() == c["url"].get<std::string>());
  }
}

TEST_CASE("shared cases: non-public address ranges") {
  const auto& cases = shared_cases()["addresses"];
  REQUIRE(cases.size() >= 40);
  for (const auto& c : cases) {
    const std::string address = c["address"];
    INFO(address);
    CHECK(non_public_range(address) == c["range"].get<std::string>());
  }
}

TEST_CASE("shared cases: request and response headers, content types, log lines") {
  for (const auto& c : shared_cases()["request_headers"]) {
    INFO(c["name"].get<std::string>());
    CHECK(forward_request_header(c["name"].get<std::string>()) == c["forwarded"].get<bool>());
  }
  for (const auto& c : shared_cases()["response_headers"]) {
    INFO(c["name"].get<std::string>());
    CHECK(pass_response_header(c["name"].get<std::string>(), c["value"].get<std::string>()) ==
          c["passed"].get<bool>());
  }
  for (const auto& c : shared_cases()["content_types"]) {
    INFO(c["upstream"].get<std::string>());
    CHECK(safe_content_type(c["upstream"].get<std::string>()) == c["served"].get<std::string>());
  }
  for (const auto& c : shared_cases()["log_lines"]) {
    CHECK(log_line(c["method"].get<std::string>(), c["host"].get<std::string>(),
                   c["path"].get<std::string>(), c["status"].get<int>(),
                   c["ms"].get<double>()) == c["line"].get<std::string>());
  }
}

// ---- the request head, before Beast parses it -------------------------------------------------

namespace {

std::string head_code(const std::string& head) {
  Refusal r = check_request_head(head, HeadLimits{});
  return r.status == 0 ? "ok" : r.code;
}

std::string framing_code(const credprobe::Headers& headers) {
  Refusal r = check_framing(headers);
  return r.status == 0 ? "ok" : r.code;
}

}  // namespace

TEST_CASE("request heads: strict CRLF, token field names, no folding, bounded") {
  const std::string line = "GET /relay/x HTTP/1.1\r\n";
  CHECK(head_code(line + "Host: a\r\nX-A: b\tc\r\n\r\n") == "ok");
  CHECK(head_code(line + "Cookie : a=1\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "Host : evil\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "Content-Length\t: 5\r\n\r\n") == "bad_request");
  CHECK(head_code(line + " Host: a\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A: b\r\n folded\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A: b\r\n\tfolded\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A: b\rX-B: c\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A: b\nX-B: c\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A: b\x01\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X-A\r\n\r\n") == "bad_request");
  CHECK(head_code(line + ": a\r\n\r\n") == "bad_request");
  CHECK(head_code(line + "X(A): a\r\n\r\n") == "bad_request");
  CHECK(head_code("\r\n" + line + "\r\n") == "bad_request");

  std::string many = line;
  for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": a\r\n";
  CHECK(head_code(many + "\r\n") == "ok");
  CHECK(head_code(many + "X-Last: a\r\n\r\n") == "header_too_large");
  CHECK(head_code(line + "X-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n") ==
        "header_too_large");
  CHECK(head_code("GET /" + std::string(8 * 1024, 'a') + " HTTP/1.1\r\n\r\n") == "target_too_long");
  CHECK(refusal("bad_request").status == 400);
  CHECK(refusal("header_too_large").status == 431);
  CHECK(refusal("target_too_long").status == 414);
  CHECK(refusal("request_timeout").status == 408);
}

TEST_CASE("request framing: one Content-Length, or chunked alone") {
  CHECK(framing_code({{"Content-Length", "5"}}) == "ok");
  CHECK(framing_code({{"Transfer-Encoding", "chunked"}}) == "ok");
  CHECK(framing_code({}) == "ok");
  CHECK(framing_code({{"Content-Length", "5"}, {"Content-Length", "5"}}) == "bad_request");
  CHECK(framing_code({{"Content-Length", "5, 5"}}) == "bad_request");
  CHECK(framing_code({{"Content-Length", "+5"}}) == "bad_request");
  CHECK(framing_code({{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}) == "bad_request");
  CHECK(framing_code({{"Transfer-Encoding", "chunked"}, {"content-length", "5"}}) == "bad_request");
  CHECK(framing_code({{"Transfer-Encoding", "gzip"}}) == "bad_request");
  CHECK(framing_code({{"Transfer-Encoding", "gzip, chunked"}}) == "bad_request");
  CHECK(framing_code({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}) ==
        "bad_request");
}

TEST_CASE("the policy exports itself as data, with every refusal and range") {
  auto policy = nlohmann::json::parse(policy_json({"a.example", "b.example"}, HeadLimits{}).dump());
  CHECK(policy["allowed_hosts"] == nlohmann::json::array({"a.example", "b.example"}));
  bool site_local = false;
  for (const auto& r : policy["address_ranges"]["ipv6"]) {
    site_local = site_local || (r["network"] == "fec0::" && r["prefix"] == 10);
  }
  CHECK(site_local);
  bool reserved_192 = false;
  for (const auto& r : policy["address_ranges"]["ipv4"]) {
    reserved_192 = reserved_192 || (r["network"] == "192.0.0.0" && r["prefix"] == 24);
  }
  CHECK(reserved_192);
  std::map<std::string, int> statuses;
  for (const auto& r : policy["refusals"]) {
    statuses[r["code"]] = r["status"];
    CHECK(refusal(r["code"].get<std::string>()).status == r["status"].get<int>());
  }
  CHECK(statuses.at("host_not_allowed") == 403);
  CHECK(statuses.at("body_too_large") == 413);
  CHECK(statuses.at("token_authenticated") == 403);
  CHECK(policy["response_headers"]["content_security_policy"] == "default-src 'none'; sandbox");
  CHECK(policy["limits"]["max_fields"] == 100);
}
