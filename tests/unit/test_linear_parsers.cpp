// Work is bounded: every parser in the core reads a 4 MB hostile input (the driver's body
// limit) in time linear in its size. A quadratic parser takes minutes on these inputs; a linear
// one milliseconds, so the generous bound below cannot be reached by load alone (`-d yes`
// prints each case's time).
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "credprobe/aws/access_key_id.hpp"
#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/principal_arn.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/xml_scan.hpp"
#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/entra_error.hpp"
#include "credprobe/azure/token_claims.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/pem.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/gcp/json_position.hpp"
#include "credprobe/huggingface/whoami_parse.hpp"
#include "credprobe/json.hpp"
#include "credprobe/lambda/instances_parse.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/url.hpp"

using namespace credprobe;

namespace {

constexpr std::size_t kSize = 4 * 1024 * 1024;
constexpr double kBoundSeconds = 10;

// `unit` repeated to 4 MB, between `head` and `tail`.
std::string hostile(const std::string& head, const std::string& unit,
                    const std::string& tail = {}) {
  std::string text = head;
  while (text.size() + unit.size() + tail.size() <= kSize) text += unit;
  return text + tail;
}

void bounded(const std::string& what, const std::function<void()>& parse) {
  INFO(what);
  const auto start = std::chrono::steady_clock::now();
  parse();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < kBoundSeconds);
}

}  // namespace

TEST_CASE("linear: the JSON reader on 4 MB hostile texts") {
  for (const std::string& text :
       {hostile("", "["), hostile("[", "0,", "0]"), hostile("\"", "\\u00e9", "\""),
        hostile("[", "\"\",", "\"\"]"), hostile("{", "\"k\":{},", "\"k\":0}"), hostile("", "1"),
        hostile("0.", "0", "1e400"), hostile("1e", "9"),
        hostile("[", "0." + std::string(300, '0') + std::string(800, '7') + ",", "0]"),
        hostile("[", std::string(800, '9') + "e-500,", "0]")}) {
    bounded(text.substr(0, 40), [&] { (void)parse_json(text); });
  }
}

TEST_CASE("linear: the STS answer and XML scan on 4 MB hostile texts") {
  for (const std::string& text :
       {hostile("<ErrorResponse><Error><Code>A</Code><Message>", "&",
                "</Message></Error></ErrorResponse>"),
        hostile("", "<![CDATA["), hostile("", "<GetCallerIdentityResponse"),
        hostile("<GetCallerIdentityResponse>", "<GetCallerIdentityResult"),
        hostile("<ErrorResponse><Error>", "<Code", ">"), hostile("", "&#x10FFFF", ";"),
        hostile("{\"Error\":{\"Code\":\"", "&amp;", "\"}}")}) {
    bounded(text.substr(0, 40), [&] {
      (void)parse_caller_identity(text);
      (void)parse_sts_error(text);
      (void)xml_unescape(text);
    });
  }
}

TEST_CASE("linear: AWS principal ARNs, key ids and clock-skew messages of 4 MB") {
  for (const std::string& text : {hostile("arn:aws:iam::123456789012:", "/"), hostile("", ":"),
                                  hostile("AKIA", "A"), hostile("", "Signature expired: ")}) {
    bounded(text.substr(0, 40), [&] {
      (void)parse_principal_arn(text);
      (void)aws_id_prefix(text);
      (void)aws_account_from_key_id(text);
      (void)skew_from_message(text);
      (void)is_clock_refusal_message(text);
    });
  }
}

TEST_CASE("linear: Hugging Face and Lambda answers of 4 MB") {
  for (const std::string& text :
       {hostile("{\"name\":\"a\",\"orgs\":[", "{\"name\":\"o\"},", "{}]}"),
        hostile("{\"data\":[", "{},", "{}]}"), hostile("{\"error\":\"", "\\n", "\"}"),
        hostile("{\"error\":{\"code\":\"", "x", "\"}}")}) {
    bounded(text.substr(0, 40), [&] {
      (void)verdict_from_whoami(text, 0);
      (void)hub_error_message(text);
      (void)verdict_from_instances(text, 0);
      (void)parse_lambda_error(text);
    });
  }
}

TEST_CASE("linear: Entra errors, token claims and ARM pages of 4 MB") {
  for (const std::string& text :
       {hostile("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215:", " ",
                "x\"}"),
        hostile("{\"error\":\"e\",\"error_description\":\"", "\\r\\n", "\"}"),
        hostile("{\"value\":[", "{\"subscriptionId\":\"s\"},", "{}]}"),
        "a." + base64url_encode(hostile("{\"roles\":[", "\"r\",", "\"r\"]}").substr(0, kSize / 2)) +
            ".c"}) {
    bounded(text.substr(0, 40), [&] {
      (void)parse_entra_error(text);
      (void)decode_token_claims(text);
      (void)parse_subscription_page(text);
      (void)parse_arm_error(text);
    });
  }
}

TEST_CASE("linear: Google answers, credential files and JSON positions of 4 MB") {
  for (const std::string& text :
       {hostile("{\"error\":{\"details\":[", "{},", "{}]}}"), hostile("", "\n"),
        hostile("{\"type\":\"service_account\",\"private_key\":\"", "a", "\"}"),
        hostile("[", "[1,", "")}) {
    bounded(text.substr(0, 40), [&] {
      (void)read_oauth_error(text);
      (void)read_google_api_error(text);
      (void)read_project(text);
      (void)read_gcp_credential(text);
      (void)find_json_syntax_error(text);
    });
  }
}

TEST_CASE("linear: PEM, the encodings and URLs of 4 MB") {
  for (const std::string& text :
       {hostile("", "-----BEGIN "), hostile("-----BEGIN PRIVATE KEY-----\n", "-----END "),
        hostile("-----BEGIN PRIVATE KEY-----\n", "QUJD\n", "-----END PRIVATE KEY-----\n"),
        hostile("", "%4"), hostile("https://", "a"), hostile("https://[", ":")}) {
    bounded(text.substr(0, 40), [&] {
      const PemBlock block = parse_pem(text);
      (void)classify_private_key(block.der);
      (void)base64_decode(text);
      (void)hex_decode(text);
      (void)url_decode(text);
      (void)parse_url(text);
    });
  }
}

TEST_CASE("linear: Retry-After and the redactor on 4 MB") {
  bounded("Retry-After", [] { (void)retry_after_seconds({{"Retry-After", hostile("", "9")}}, 0); });
  Redactor redactor;
  redactor.add("hf_FAKEfakeFAKEfake");
  const std::string text = hostile("", "hf_FAKEfakeFAKEfake ");
  bounded("redactor", [&] {
    const std::string out = redactor.apply(text);
    CHECK(out.find("FAKE") == std::string::npos);
    CHECK(out.size() == text.size() / 20 * 11);  // each 20-byte unit becomes "[redacted] "
  });
}
