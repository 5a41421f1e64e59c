// The relay's refusal rules (src/native/relay/relay_policy.hpp), without sockets: one case per
// rule, exact statuses and codes. The integration test (test_relay.py) proves the same rules
// through a running relay.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

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

TEST_CASE("non_public_range names every range a relay must not reach") {
  struct Case {
    const char* address;
    const char* range;
  };
  const Case cases[] = {
      {"127.0.0.1", "loopback"},
      {"127.255.0.9", "loopback"},
      {"10.1.2.3", "private"},
      {"172.16.0.1", "private"},
      {"172.31.255.255", "private"},
      {"192.168.1.1", "private"},
      {"169.254.169.254", "link-local"},
      {"0.0.0.0", "unspecified"},
      {"100.64.0.1", "CGNAT"},
      {"100.127.255.255", "CGNAT"},
      {"224.0.0.1", "multicast"},
      {"239.1.1.1", "multicast"},
      {"255.255.255.255", "reserved"},
      {"240.0.0.1", "reserved"},
      {"192.0.2.1", "documentation"},
      {"198.18.0.1", "reserved"},
      {"::", "unspecified"},
      {"::1", "loopback"},
      {"::ffff:127.0.0.1", "IPv4-mapped"},
      {"::ffff:8.8.8.8", "IPv4-mapped"},
      {"fe80::1", "link-local"},
      {"fc00::1", "private"},
      {"fd12:3456::1", "private"},
      {"ff02::1", "multicast"},
      {"2001:db8::1", "documentation"},
      {"64:ff9b::a00:1", "private"},
      {"2002:7f00:1::", "loopback"},
      {"::127.0.0.1", "reserved"},
      {"not-an-address", "unparsable"},
  };
  for (const auto& c : cases) {
    INFO(c.address);
    CHECK(non_public_range(c.address) == c.range);
  }
  for (const char* address : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                              "2606:4700::1111", "64:ff9b::808:808", "2a00:1450::1"}) {
    INFO(address);
    CHECK(non_public_range(address).empty());
  }
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

TEST_CASE("request headers: no cookies, origin, referer, host or hop-by-hop headers") {
  for (const char* name : {"Cookie",
                           "cookie",
                           "Origin",
                           "Referer",
                           "Host",
                           "Connection",
                           "Keep-Alive",
                           "Transfer-Encoding",
                           "Upgrade",
                           "TE",
                           "Trailer",
                           "Proxy-Authorization",
                           "Content-Length",
                           "Accept-Encoding",
                           "Expect",
                           "Sec-Fetch-Site",
                           "X-Forwarded-For",
                           "Forwarded",
                           "Via",
                           "User-Agent",
                           "REMOTE_ADDR",
                           "LOCAL_PORT"}) {
    INFO(name);
    CHECK_FALSE(forward_request_header(name));
  }
  for (const char* name :
       {"Authorization", "Content-Type", "Accept", "X-Amz-Date", "x-ms-client-request-id"}) {
    INFO(name);
    CHECK(forward_request_header(name));
  }
  auto tokens = connection_tokens(" keep-alive, X-Secret-Hop ,close");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1] == "x-secret-hop");
  CHECK_FALSE(forward_request_header("X-Secret-Hop", tokens));
}

TEST_CASE("response headers: no Set-Cookie, upstream CORS, Location or framing") {
  for (const char* name :
       {"Set-Cookie", "set-cookie", "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials", "Location", "Connection", "Transfer-Encoding",
        "Content-Length", "Content-Encoding", "Strict-Transport-Security", "Alt-Svc", "Refresh"}) {
    INFO(name);
    CHECK_FALSE(pass_response_header(name));
  }
  for (const char* name : {"WWW-Authenticate", "Retry-After", "x-amzn-RequestId", "Date"}) {
    INFO(name);
    CHECK(pass_response_header(name));
  }
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
