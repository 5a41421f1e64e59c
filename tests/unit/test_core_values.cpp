// Core values: URLs, dates, verdict JSON, redaction, the registry and check preparation.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "credprobe/check.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/registry.hpp"
#include "credprobe/url.hpp"

using namespace credprobe;

TEST_CASE("parse_url splits scheme, host, port, path and query") {
  auto url = parse_url("HTTPS://Sts.US-East-1.amazonaws.com:8443/a/b?x=1&y=2#frag");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "sts.us-east-1.amazonaws.com");
  CHECK(url->port == 8443);
  CHECK(url->path == "/a/b");
  CHECK(url->query == "x=1&y=2");
  CHECK(url->host_and_port() == "sts.us-east-1.amazonaws.com:8443");
  CHECK(parse_url("http://[::1]:80/")->host == "::1");
  CHECK(parse_url("http://[::1]:81/")->host_and_port() == "[::1]:81");
}

TEST_CASE("parse_url refuses userinfo, other schemes, bad ports and spaces") {
  CHECK_FALSE(parse_url("https://user:pw@huggingface.co/"));
  CHECK_FALSE(parse_url("ftp://huggingface.co/"));
  CHECK_FALSE(parse_url("https://huggingface.co:99999/"));
  CHECK_FALSE(parse_url("https://huggingface.co:/"));
  CHECK_FALSE(parse_url("https://hugging face.co/"));
  CHECK_FALSE(parse_url("huggingface.co/api"));
  CHECK_FALSE(parse_url("https:///path"));
}

TEST_CASE("parse_url keeps to DNS's bounds: names of at most 253 characters, labels of 63") {
  const std::string label63(63, 'a');
  const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  REQUIRE(name253.size() == 253);
  CHECK(parse_url("https://" + name253 + "/")->host == name253);
  CHECK_FALSE(parse_url("https://" + name253 + "c/"));
  CHECK(parse_url("https://" + label63 + ".example.com/")->host == label63 + ".example.com");
  CHECK_FALSE(parse_url("https://" + label63 + "a.example.com/"));
  CHECK_FALSE(parse_url("https://" + std::string(4u * 1024 * 1024, 'a') + "/"));
  CHECK(parse_url("http://[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]/")->host ==
        "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
  CHECK_FALSE(parse_url("http://[" + std::string(46, ':') + "]/"));
}

TEST_CASE("iso8601_utc and parse_http_date agree on the same instant") {
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(iso8601_utc(951782400) == "2000-02-29T00:00:00Z");
  CHECK(iso8601_utc(1764336000) == "2025-11-28T13:20:00Z");
  CHECK(parse_http_date("Fri, 28 Nov 2025 13:20:00 GMT") == 1764336000);
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("yesterday"));
}

TEST_CASE("verdict JSON has every field of the model with exact names") {
  Verdict v = new_verdict("huggingface", Status::rate_limited, "slow down", 0);
  v.identity = {{"user", "ada"}};
  v.permissions = {{"token role", {"read"}}};
  Evidence e;
  e.method = "GET";
  e.host = "huggingface.co";
  e.path = "/api/whoami-v2";
  e.http_status = 429;
  e.latency_ms = 41.6;
  v.evidence = {e};
  v.hint = "wait";
  v.retry_after_seconds = 3;
  // The model's order, and identity in the order the provider reported it.
  CHECK(to_json(v).dump() ==
        R"({"provider":"huggingface","status":"rate_limited","summary":"slow down",)"
        R"("identity":{"user":"ada"},"permissions":[{"scope":"token role","access":["read"]}],)"
        R"("evidence":[{"method":"GET","host":"huggingface.co","path":"/api/whoami-v2",)"
        R"("http_status":429,"latency_ms":42,"via_relay":false}],"hint":"wait",)"
        R"("checked_at":"1970-01-01T00:00:00Z","retry_after_seconds":3})");
}

TEST_CASE("verdict identity keeps the provider's order, not the alphabet") {
  Verdict v = new_verdict("aws", Status::valid, "ok", 0);
  v.identity = {{"account", "1"},
                {"arn", "a"},
                {"principal", "p"},
                {"user_id", "u"},
                {"access_key_origin", "environment"}};
  CHECK(to_json(v).find("identity")->keys() ==
        std::vector<std::string>{"account", "arn", "principal", "user_id", "access_key_origin"});
}

TEST_CASE("every status name round-trips") {
  for (const char* name : {"valid", "invalid", "expired", "insufficient", "malformed",
                           "unreachable", "blocked", "rate_limited", "indeterminate"}) {
    auto status = status_from_string(name);
    REQUIRE(status);
    CHECK(std::string(to_string(*status)) == name);
  }
  CHECK_FALSE(status_from_string("ok"));
}

TEST_CASE("the redactor hides a secret in plain, URL-encoded and JSON-escaped forms") {
  Redactor r;
  r.add("s3cr3t/with+chars\"q");
  CHECK(r.apply("a s3cr3t/with+chars\"q b") == "a [redacted] b");
  CHECK(r.apply("x=s3cr3t%2Fwith%2Bchars%22q") == "x=[redacted]");
  CHECK(r.apply("{\"k\":\"s3cr3t/with+chars\\\"q\"}") == "{\"k\":\"[redacted]\"}");
  CHECK(r.apply("nothing here") == "nothing here");
}

TEST_CASE("the redactor hides a secret form-encoded as the token requests send it") {
  Redactor r;
  r.add("a~b c+d");
  CHECK(r.apply("client_secret=a%7Eb+c%2Bd&x=1") == "client_secret=[redacted]&x=1");
}

TEST_CASE("the redactor hides a secret with control bytes as the JSON writer escapes it") {
  const std::string secret = "ctl\x01secret\bvalue";
  Redactor r;
  r.add(secret);
  const std::string json = Json::object().set("summary", "saw " + secret).dump();
  CHECK(json == "{\"summary\":\"saw ctl\\u0001secret\\bvalue\"}");
  CHECK(r.apply(json) == "{\"summary\":\"saw [redacted]\"}");
}

TEST_CASE("the redactor hides each long line of a multi-line secret") {
  Redactor r;
  r.add(
      "-----BEGIN PRIVATE "
      "KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE "
      "KEY-----\n");
  CHECK(r.apply("leaked: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") == "leaked: [redacted]");
  CHECK(r.apply("-----BEGIN PRIVATE KEY-----") == "-----BEGIN PRIVATE KEY-----");
}

TEST_CASE("the redactor leaves the innocent lines of a multi-line JSON value alone") {
  Redactor r;
  r.add("{\n  \"type\": \"service_account\",\n  \"client_id\": \"1234567890\"\n}");
  CHECK(r.apply("  \"client_id\": \"1234567890\"") == "  \"client_id\": \"1234567890\"");
}

TEST_CASE("secrets inside a JSON key file are registered on their own") {
  ProviderSpec provider;
  FieldSpec key;
  key.name = "key";
  key.kind = FieldKind::json;
  provider.fields = {key};
  Redactor r;
  register_secrets(
      provider,
      {{"key",
        R"({"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n", "refresh_token": "1//0gFakeRefreshToken"})"}},
      r);
  CHECK(r.apply("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") == "[redacted]");
  CHECK(r.apply("token 1//0gFakeRefreshToken") == "token [redacted]");
}

TEST_CASE("the redactor hides a secret whole when a shorter secret is part of it") {
  // Longest first, whichever order they were registered in: the shorter one first would leave
  // the rest of the longer one in the text.
  for (bool shorter_first : {true, false}) {
    Redactor r;
    if (shorter_first) r.add("token-1234");
    r.add("token-1234-and-more");
    if (!shorter_first) r.add("token-1234");
    CHECK(r.apply("a token-1234-and-more b token-1234") == "a [redacted] b [redacted]");
  }
}

TEST_CASE("the redactor ignores values too short to be secrets") {
  Redactor r;
  r.add("abc");
  CHECK(r.empty());
  CHECK(r.apply("abc") == "abc");
}

TEST_CASE("host patterns match exactly one label per star") {
  CHECK(host_matches("sts.*.amazonaws.com", "sts.eu-west-1.amazonaws.com"));
  CHECK_FALSE(host_matches("sts.*.amazonaws.com", "sts.amazonaws.com"));
  CHECK_FALSE(host_matches("sts.*.amazonaws.com", "sts.a.b.amazonaws.com"));
  CHECK_FALSE(host_matches("sts.*.amazonaws.com", "sts.eu-west-1.amazonaws.com.evil.net"));
  CHECK(host_matches("huggingface.co", "huggingface.co"));
  CHECK_FALSE(host_matches("huggingface.co", "evilhuggingface.co"));
}

TEST_CASE("the registry JSON lists providers, fields, endpoints and the allow-list") {
  auto json = nlohmann::json::parse(registry_to_json(provider_registry()).dump());
  nlohmann::json hf;
  for (const auto& p : json["providers"]) {
    if (p["id"] == "huggingface") hf = p;
  }
  CHECK(hf["id"] == "huggingface");
  CHECK(hf["fields"][0]["name"] == "hf_token");
  CHECK(hf["fields"][0]["kind"] == "secret");
  CHECK(hf["fields"][0]["env_vars"] ==
        nlohmann::json::array({"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}));
  CHECK(hf["endpoints"][0]["default_url"] == "https://huggingface.co");
  CHECK(hf["endpoints"][0]["browser_callable"] == true);
  auto hosts = json["allowed_hosts"];
  CHECK(std::find(hosts.begin(), hosts.end(), "huggingface.co") != hosts.end());
}

TEST_CASE("prepare_check refuses malformed input before any probe exists") {
  CheckRequest request;
  request.fields = {{"hf_token", "hf_short"}};
  auto prepared = prepare_check(*find_provider(provider_registry(), "huggingface"), request);
  CHECK_FALSE(prepared.probe);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
  CHECK(prepared.verdict->summary ==
        "hf_token has 5 characters after hf_; user access tokens have 34 (cut short when copied?)");
}

TEST_CASE("prepare_check reports a missing required field") {
  auto prepared = prepare_check(*find_provider(provider_registry(), "huggingface"), CheckRequest{});
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->summary == "hf_token Access token is required");
}

TEST_CASE("prepare_check rejects an endpoint name the provider does not have") {
  CheckRequest request;
  request.fields = {{"hf_token", "hf_" + std::string(34, 'a')}};
  request.endpoint_overrides["token"] = "https://example.test";
  auto prepared = prepare_check(*find_provider(provider_registry(), "huggingface"), request);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->summary == "unknown endpoint 'token'");
  request.endpoint_overrides = {{"", "not a url"}};
  prepared = prepare_check(*find_provider(provider_registry(), "huggingface"), request);
  CHECK(prepared.verdict->summary == "endpoint 'hub' is not an http(s) URL");
}

TEST_CASE("the registry JSON lists each provider's options with their choices and default") {
  auto json = nlohmann::json::parse(registry_to_json(provider_registry()).dump());
  bool saw_aws = false;
  for (const auto& p : json["providers"]) {
    if (p["id"] != "aws") {
      CHECK(p["options"] == nlohmann::json::array());
      continue;
    }
    REQUIRE(p["options"].size() == 1);
    CHECK(p["options"][0]["name"] == "aws_sts_method");
    CHECK(p["options"][0]["choices"] == nlohmann::json::array({"GET", "POST"}));
    CHECK(p["options"][0]["default"] == "GET");
    saw_aws = true;
  }
  CHECK(saw_aws);
}

TEST_CASE("prepare_check refuses an option the provider does not declare, naming the ones it has") {
  CheckRequest request;
  request.fields = {{"hf_token", "hf_" + std::string(34, 'a')}};
  request.options["aws_sts_method"] = "POST";
  auto prepared = prepare_check(*find_provider(provider_registry(), "huggingface"), request);
  CHECK_FALSE(prepared.probe);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
  CHECK(prepared.verdict->summary == "unknown option 'aws_sts_method' for Hugging Face");
  CHECK(prepared.verdict->hint == "Hugging Face takes no options.");

  request.fields = {{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"},
                    {"aws_secret_access_key", std::string(40, 'a')}};
  request.options = {{"aws_sts_mehtod", "POST"}};
  prepared = prepare_check(*find_provider(provider_registry(), "aws"), request);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->summary == "unknown option 'aws_sts_mehtod' for AWS");
  CHECK(prepared.verdict->hint == "Options for AWS: aws_sts_method.");
}

TEST_CASE("exit codes separate valid, rejected, unusable input, insufficient and unknown") {
  CHECK(exit_code_for(Status::valid) == 0);
  CHECK(exit_code_for(Status::invalid) == 1);
  CHECK(exit_code_for(Status::expired) == 1);
  CHECK(exit_code_for(Status::malformed) == 2);
  CHECK(exit_code_for(Status::insufficient) == 3);
  CHECK(exit_code_for(Status::unreachable) == 4);
  CHECK(exit_code_for(Status::blocked) == 4);
  CHECK(exit_code_for(Status::rate_limited) == 4);
  CHECK(exit_code_for(Status::indeterminate) == 4);
}
