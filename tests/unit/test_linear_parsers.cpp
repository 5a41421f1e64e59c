// Every parser in the core reads each 4 MB hostile input (the driver's body limit; the inputs are
// in hostile_inputs.hpp) to the exact answer it gives on that text. Whether they take time
// linear in the size is measured by the benchmark that reads the same inputs at 1, 2 and 4 MB
// (bench/parsers_linear.cpp, run by scripts/test.sh), not asserted here.
#include <catch2/catch.hpp>

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
#include "hostile_inputs.hpp"

using namespace credprobe;

TEST_CASE("linear: the JSON reader on 4 MB hostile texts") {
  const auto texts = hostile::json_texts();
  REQUIRE(texts.size() == 10);
  // 4 MB of '[' nests past the depth limit and never closes; every other text is one value
  // (long numbers included: they read as a double, infinity or zero, never as an error).
  CHECK_FALSE(parse_json(texts[0].text));
  for (std::size_t i = 1; i < texts.size(); ++i) {
    INFO(texts[i].name);
    CHECK(parse_json(texts[i].text));
  }
}

TEST_CASE("linear: the STS answer and XML scan on 4 MB hostile texts") {
  const auto texts = hostile::sts_texts();
  REQUIRE(texts.size() == 8);
  for (const auto& input : texts) {
    INFO(input.name);
    CHECK_FALSE(parse_caller_identity(input.text));
  }
  // An XML error whose message is 4 MB of '&' without ';': the '&'s are kept as they are.
  const auto xml_error = parse_sts_error(texts[0].text);
  REQUIRE(xml_error);
  CHECK(xml_error->code == "A");
  CHECK(xml_error->message == std::string(xml_error->message.size(), '&'));
  CHECK(xml_error->message.size() == texts[0].text.size() - 45 - 34);  // less the head and tail
  // A JSON error's code is JSON text: its "&amp;"s are not entities.
  const auto json_error = parse_sts_error(texts[6].text);
  REQUIRE(json_error);
  CHECK(json_error->code == texts[6].text.substr(18, texts[6].text.size() - 18 - 3));
  CHECK(json_error->message.empty());
  for (std::size_t i : {1, 2, 3, 4, 5, 7}) {
    INFO(texts[i].name);
    CHECK_FALSE(parse_sts_error(texts[i].text));
  }
  // xml_unescape leaves text without a complete entity as it is ...
  for (std::size_t i : {0, 2, 3, 4, 7}) {
    INFO(texts[i].name);
    CHECK(xml_unescape(texts[i].text) == texts[i].text);
  }
  // ... and replaces the ones there are: "&amp;" by '&', the last "&#x10FFFF;" by U+10FFFF.
  CHECK(xml_unescape(texts[6].text) ==
        "{\"Error\":{\"Code\":\"" + std::string((texts[6].text.size() - 21) / 5, '&') + "\"}}");
  const std::string& refs = texts[5].text;
  CHECK(xml_unescape(refs) == refs.substr(0, refs.size() - 10) + "\xF4\x8F\xBF\xBF");
  // CDATA sections are taken as they are: the first marker opens one that never closes, so only
  // that marker goes.
  CHECK(xml_unescape(texts[1].text) == texts[1].text.substr(9));
}

TEST_CASE("linear: AWS principal ARNs, key ids and clock-skew messages of 4 MB") {
  const auto texts = hostile::aws_id_texts();
  REQUIRE(texts.size() == 4);
  // An ARN whose resource is 4 MB of '/': an ARN of no known principal kind.
  const auto principal = parse_principal_arn(texts[0].text);
  REQUIRE(principal);
  CHECK(principal->kind == AwsPrincipalKind::other);
  CHECK(principal->partition == "aws");
  CHECK(principal->service == "iam");
  CHECK(principal->account == "123456789012");
  CHECK(principal->name.empty());
  for (std::size_t i : {1, 2, 3}) {
    INFO(texts[i].name);
    CHECK_FALSE(parse_principal_arn(texts[i].text));
  }
  // Only the AKIA text has a documented prefix; none is a 20-character key id with an account.
  REQUIRE(aws_id_prefix(texts[2].text) != nullptr);
  CHECK(std::string(aws_id_prefix(texts[2].text)->prefix) == "AKIA");
  for (std::size_t i : {0, 1, 3}) {
    INFO(texts[i].name);
    CHECK(aws_id_prefix(texts[i].text) == nullptr);
  }
  for (const auto& input : texts) {
    INFO(input.name);
    CHECK_FALSE(aws_account_from_key_id(input.text));
    // "Signature expired: " repeated names a clock refusal, but no times to read a skew from.
    CHECK_FALSE(skew_from_message(input.text));
    CHECK(is_clock_refusal_message(input.text) == (&input == &texts[3]));
  }
}

TEST_CASE("linear: Hugging Face and Lambda answers of 4 MB") {
  const auto texts = hostile::huggingface_lambda_texts();
  REQUIRE(texts.size() == 4);
  // whoami with 4 MB of orgs: the user is named.
  const Verdict whoami = verdict_from_whoami(texts[0].text, 0);
  CHECK(whoami.status == Status::valid);
  CHECK(whoami.summary == "token works for user a");
  for (std::size_t i : {1, 2, 3}) {
    INFO(texts[i].name);
    const Verdict other = verdict_from_whoami(texts[i].text, 0);
    CHECK(other.status == Status::indeterminate);
    CHECK(other.summary == "whoami-v2 answered 200 but the body does not name an account");
  }
  // A Hub error of 4 MB of escaped newlines is cut to a readable length.
  CHECK(hub_error_message(texts[2].text) == std::string(200, '\n') + "...");
  for (std::size_t i : {0, 1, 3}) {
    INFO(texts[i].name);
    CHECK(hub_error_message(texts[i].text).empty());
  }
  // An instance list of 4 MB of empty instances: each one counted.
  const Verdict instances = verdict_from_instances(texts[1].text, 0);
  CHECK(instances.status == Status::valid);
  CHECK(instances.summary == "API key works (" +
                                 std::to_string((texts[1].text.size() - 13) / 3 + 1) +
                                 " running instances)");
  for (std::size_t i : {0, 2, 3}) {
    INFO(texts[i].name);
    const Verdict other = verdict_from_instances(texts[i].text, 0);
    CHECK(other.status == Status::indeterminate);
    CHECK(other.summary == "the instance list answered 200 but the body has no \"data\" list");
  }
  // A Lambda error whose code is 4 MB of 'x': the code is cut to a readable length.
  const auto error = parse_lambda_error(texts[3].text);
  REQUIRE(error);
  CHECK(error->code == std::string(200, 'x') + "...");
  CHECK(error->message.empty());
  for (std::size_t i : {0, 1, 2}) {
    INFO(texts[i].name);
    CHECK_FALSE(parse_lambda_error(texts[i].text));
  }
}

TEST_CASE("linear: Entra errors, token claims and ARM pages of 4 MB") {
  const auto texts = hostile::azure_texts();
  REQUIRE(texts.size() == 4);
  // A description of "AADSTS7000215:" and 4 MB of spaces: the code and the one word after.
  const auto padded = parse_entra_error(texts[0].text);
  REQUIRE(padded);
  CHECK(padded->error == "invalid_client");
  CHECK(padded->code == 7000215);
  CHECK(padded->message == "x");
  // A description of 4 MB of line breaks: nothing to say.
  const auto blank = parse_entra_error(texts[1].text);
  REQUIRE(blank);
  CHECK(blank->error == "e");
  CHECK(blank->code == 0);
  CHECK(blank->message.empty());
  // A page of 4 MB of subscriptions: each one read (the last, empty, object is not one).
  const auto page = parse_subscription_page(texts[2].text);
  REQUIRE(page);
  CHECK(page->subscriptions.size() == (texts[2].text.size() - 14) / 23);
  CHECK(page->subscriptions.front().id == "s");
  CHECK(page->next_link.empty());
  // A token whose payload holds 2 MB of roles: every role read.
  const auto claims = decode_token_claims(texts[3].text);
  REQUIRE(claims);
  CHECK(claims->roles.size() == (hostile::kSize / 2 - 15) / 4 + 1);
  CHECK(claims->roles.back() == "r");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    INFO(texts[i].name);
    if (i >= 2) CHECK_FALSE(parse_entra_error(texts[i].text));
    if (i != 3) CHECK_FALSE(decode_token_claims(texts[i].text));
    if (i != 2) CHECK_FALSE(parse_subscription_page(texts[i].text));
    CHECK_FALSE(parse_arm_error(texts[i].text));
  }
}

TEST_CASE("linear: Google answers, credential files and JSON positions of 4 MB") {
  const auto texts = hostile::google_texts();
  REQUIRE(texts.size() == 4);
  for (const auto& input : texts) {
    INFO(input.name);
    CHECK_FALSE(read_oauth_error(input.text));
    CHECK_FALSE(read_project(input.text));
  }
  // An API error with 4 MB of empty details: an error with no code, status or reason.
  const auto api_error = read_google_api_error(texts[0].text);
  REQUIRE(api_error);
  CHECK(api_error->code == 0);
  CHECK(api_error->status.empty());
  CHECK(api_error->reason.empty());
  for (std::size_t i : {1, 2, 3}) {
    INFO(texts[i].name);
    CHECK_FALSE(read_google_api_error(texts[i].text));
  }
  // Any JSON object reads as a credential file; a 4 MB private key is kept whole.
  const auto not_a_key = read_gcp_credential(texts[0].text);
  REQUIRE(not_a_key);
  CHECK(not_a_key->type == GcpCredentialType::other);
  const auto key = read_gcp_credential(texts[2].text);
  REQUIRE(key);
  CHECK(key->type == GcpCredentialType::service_account);
  CHECK(key->private_key == std::string(texts[2].text.size() - 43, 'a'));
  CHECK_FALSE(read_gcp_credential(texts[1].text));
  CHECK_FALSE(read_gcp_credential(texts[3].text));
  // Where each text stops being JSON, if it does.
  CHECK_FALSE(find_json_syntax_error(texts[0].text));
  CHECK_FALSE(find_json_syntax_error(texts[2].text));
  const auto blank = find_json_syntax_error(texts[1].text);
  REQUIRE(blank);
  CHECK(blank->line == texts[1].text.size() + 1);
  CHECK(blank->column == 1);
  CHECK(blank->problem ==
        "unexpected end of input (the text is cut short, or a bracket or quote is not closed)");
  const auto deep = find_json_syntax_error(texts[3].text);
  REQUIRE(deep);
  CHECK(deep->line == 1);
  CHECK(deep->column == 383);  // the 129th '['
  CHECK(deep->problem == "nesting deeper than 128 levels");
}

TEST_CASE("linear: PEM, the encodings and URLs of 4 MB") {
  const auto texts = hostile::pem_url_texts();
  REQUIRE(texts.size() == 6);
  CHECK(parse_pem(texts[0].text).error ==
        "the -----BEGIN line is malformed (it must end with five dashes)");
  CHECK(parse_pem(texts[1].text).error ==
        "mismatched PEM labels: -----BEGIN PRIVATE KEY----- ends with -----END (an "
        "unrecognized label of 0 characters)-----");
  for (std::size_t i : {3, 4, 5}) {
    INFO(texts[i].name);
    CHECK(parse_pem(texts[i].text).error == "no -----BEGIN ...----- line: this is not a PEM");
  }
  // A PEM of 4 MB of "QUJD" lines decodes to "ABC" repeated, which is no DER key.
  const PemBlock block = parse_pem(texts[2].text);
  CHECK(block.ok());
  CHECK(block.label == "PRIVATE KEY");
  CHECK(block.der.size() == (texts[2].text.size() - 28 - 26) / 5 * 3);
  CHECK(block.der.substr(0, 6) == "ABCABC");
  const PrivateKeyClass key = classify_private_key(block.der);
  CHECK(key.kind == PrivateKeyKind::not_pkcs8);
  CHECK(key.detail == "the DER does not start with a SEQUENCE");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    INFO(texts[i].name);
    CHECK_FALSE(base64_decode(texts[i].text));
    CHECK_FALSE(hex_decode(texts[i].text));
    // Only "%4" repeated is malformed URL encoding; the other texts decode to themselves.
    if (i == 3) {
      CHECK_FALSE(url_decode(texts[i].text));
    } else {
      CHECK(url_decode(texts[i].text) == texts[i].text);
    }
  }
  // "https://h/" and a 4 MB path is a well-formed URL (a 4 MB host is not: DNS names end at 253
  // characters, test_core_values.cpp); an unclosed IPv6 bracket is not either.
  const auto url = parse_url(texts[4].text);
  REQUIRE(url);
  CHECK(url->host == "h");
  CHECK(url->path == "/" + std::string(texts[4].text.size() - 10, 'a'));
  for (std::size_t i : {0, 1, 2, 3, 5}) {
    INFO(texts[i].name);
    CHECK_FALSE(parse_url(texts[i].text));
  }
}

TEST_CASE("linear: Retry-After and the redactor on 4 MB") {
  // 4 MB of digits is no number of seconds credprobe would wait.
  CHECK_FALSE(retry_after_seconds({{"Retry-After", hostile::retry_after_value().text}}, 0));
  Redactor redactor;
  redactor.add(hostile::kRedactedSecret);
  const std::string text = hostile::redactor_text().text;
  const std::string out = redactor.apply(text);
  CHECK(out.find("FAKE") == std::string::npos);
  CHECK(out.size() == text.size() / 20 * 11);  // each 20-byte unit becomes "[redacted] "
}
