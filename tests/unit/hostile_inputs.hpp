// The hostile inputs the core's parsers must read in time linear in their size: each is one
// short unit repeated to `size` bytes (4 MB, the driver's body limit, unless a size is given),
// chosen so that a parser that rescans what it has read would be quadratic on it. Written once,
// read by the unit tests (tests/unit/test_linear_parsers.cpp: exact results at 4 MB) and by the
// benchmark (bench/parsers_linear.cpp: times at 1, 2 and 4 MB).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "credprobe/crypto/encoding.hpp"

namespace credprobe::hostile {

inline constexpr std::size_t kSize = 4 * 1024 * 1024;

struct Input {
  std::string name;  // how the input is built, e.g. `"[" ("0,")* "0]"`
  std::string text;
};

// `text` as it is written in C++ source: a newline as \n, so a name stays on one line.
inline std::string shown(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

// `unit` repeated between `head` and `tail`, to at most `size` bytes in all.
inline Input repeat(const std::string& head, const std::string& unit, const std::string& tail = {},
                    std::size_t size = kSize) {
  std::string text = head;
  while (text.size() + unit.size() + tail.size() <= size) text += unit;
  text += tail;
  const std::string shown_unit = unit.size() <= 24 ? unit : unit.substr(0, 12) + "...";
  return {"\"" + shown(head) + "\" (\"" + shown(shown_unit) + "\")* \"" + shown(tail) + "\"", text};
}

// Texts for parse_json.
inline std::vector<Input> json_texts(std::size_t size = kSize) {
  return {repeat("", "[", "", size),
          repeat("[", "0,", "0]", size),
          repeat("\"", "\\u00e9", "\"", size),
          repeat("[", "\"\",", "\"\"]", size),
          repeat("{", "\"k\":{},", "\"k\":0}", size),
          repeat("", "1", "", size),
          repeat("0.", "0", "1e400", size),
          repeat("1e", "9", "", size),
          repeat("[", "0." + std::string(300, '0') + std::string(800, '7') + ",", "0]", size),
          repeat("[", std::string(800, '9') + "e-500,", "0]", size)};
}

// Texts for parse_caller_identity, parse_sts_error and xml_unescape.
inline std::vector<Input> sts_texts(std::size_t size = kSize) {
  return {repeat("<ErrorResponse><Error><Code>A</Code><Message>", "&",
                 "</Message></Error></ErrorResponse>", size),
          repeat("", "<![CDATA[", "", size), repeat("", "<GetCallerIdentityResponse", "", size),
          repeat("<GetCallerIdentityResponse>", "<GetCallerIdentityResult", "", size),
          repeat("<ErrorResponse><Error>", "<Code", ">", size), repeat("", "&#x10FFFF", ";", size),
          repeat("{\"Error\":{\"Code\":\"", "&amp;", "\"}}", size),
          // The fuzz finding: every '&' but the last has no ';' after it.
          repeat("", "&", ";", size)};
}

// Texts for parse_principal_arn, aws_id_prefix, aws_account_from_key_id, skew_from_message and
// is_clock_refusal_message.
inline std::vector<Input> aws_id_texts(std::size_t size = kSize) {
  return {repeat("arn:aws:iam::123456789012:", "/", "", size), repeat("", ":", "", size),
          repeat("AKIA", "A", "", size), repeat("", "Signature expired: ", "", size)};
}

// Texts for verdict_from_whoami, hub_error_message, verdict_from_instances and
// parse_lambda_error.
inline std::vector<Input> huggingface_lambda_texts(std::size_t size = kSize) {
  return {repeat("{\"name\":\"a\",\"orgs\":[", "{\"name\":\"o\"},", "{}]}", size),
          repeat("{\"data\":[", "{},", "{}]}", size), repeat("{\"error\":\"", "\\n", "\"}", size),
          repeat("{\"error\":{\"code\":\"", "x", "\"}}", size)};
}

// Texts for parse_entra_error, decode_token_claims, parse_subscription_page and parse_arm_error.
inline std::vector<Input> azure_texts(std::size_t size = kSize) {
  // A token whose payload is a long roles array: its base64url form is 4/3 of the payload.
  const Input roles = repeat("{\"roles\":[", "\"r\",", "\"r\"]}", size / 2);
  return {
      repeat("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215:", " ", "x\"}",
             size),
      repeat("{\"error\":\"e\",\"error_description\":\"", "\\r\\n", "\"}", size),
      repeat("{\"value\":[", "{\"subscriptionId\":\"s\"},", "{}]}", size),
      {"\"a.\" base64url(" + roles.name + ") \".c\"", "a." + base64url_encode(roles.text) + ".c"}};
}

// Texts for read_oauth_error, read_google_api_error, read_project, read_gcp_credential and
// find_json_syntax_error.
inline std::vector<Input> google_texts(std::size_t size = kSize) {
  return {repeat("{\"error\":{\"details\":[", "{},", "{}]}}", size), repeat("", "\n", "", size),
          repeat("{\"type\":\"service_account\",\"private_key\":\"", "a", "\"}", size),
          repeat("[", "[1,", "", size)};
}

// Texts for parse_pem (+ classify_private_key of what it decoded), base64_decode, hex_decode,
// url_decode and parse_url.
inline std::vector<Input> pem_url_texts(std::size_t size = kSize) {
  return {repeat("", "-----BEGIN ", "", size),
          repeat("-----BEGIN PRIVATE KEY-----\n", "-----END ", "", size),
          repeat("-----BEGIN PRIVATE KEY-----\n", "QUJD\n", "-----END PRIVATE KEY-----\n", size),
          repeat("", "%4", "", size),
          repeat("https://h/", "a", "", size),
          repeat("https://[", ":", "", size)};
}

// A Retry-After header value for retry_after_seconds.
inline Input retry_after_value(std::size_t size = kSize) {
  return repeat("", "9", "", size);
}

// The secret the redactor text repeats, and the text for Redactor::apply.
inline constexpr const char* kRedactedSecret = "hf_FAKEfakeFAKEfake";
inline Input redactor_text(std::size_t size = kSize) {
  return repeat("", std::string(kRedactedSecret) + " ", "", size);
}

}  // namespace credprobe::hostile
