// Offline format checks of Lambda Cloud API keys. Lambda does not document the key's shape, so
// only paste accidents are errors; everything about the shape is a warning.
#include <catch2/catch.hpp>

#include "credprobe/lambda/lambda_lint.hpp"

using namespace credprobe;

namespace {

struct Finding {
  Severity severity;
  std::string message;
  bool operator==(const Finding& other) const {
    return severity == other.severity && message == other.message;
  }
};

std::ostream& operator<<(std::ostream& os, const Finding& f) {
  return os << to_string(f.severity) << ": " << f.message;
}

std::vector<Finding> findings(const std::string& key) {
  std::vector<Finding> out;
  for (const auto& issue : lint_lambda({{"lambda_api_key", key}})) {
    CHECK(issue.field == "lambda_api_key");
    out.push_back({issue.severity, issue.message});
  }
  return out;
}

// The dashboard's shape: secret_<key name>_<32 hex>.<random>.
const std::string kKey =
    "secret_notebook_0f1e2d3c4b5a69788796a5b4c3d2e1f0.FAKEfakeFAKEfakeFAKEfakeFAKEfake";

}  // namespace

TEST_CASE("lambda: a key of the dashboard's shape has no findings", "[lambda]") {
  CHECK(findings(kKey).empty());
}

TEST_CASE("lambda: an empty key has no shape findings (required is checked elsewhere)",
          "[lambda]") {
  CHECK(findings("").empty());
}

TEST_CASE("lambda: whitespace and quotes pasted along are errors", "[lambda]") {
  CHECK(findings(kKey + "\n") ==
        std::vector<Finding>{{Severity::error,
                              "has leading or trailing whitespace (pasted along with the value?); "
                              "remove it"}});
  CHECK(findings("'" + kKey + "'") ==
        std::vector<Finding>{
            {Severity::error, "is wrapped in quotes; paste the value without the quotes"}});
  CHECK(findings(kKey.substr(0, 10) + " " + kKey.substr(10)) ==
        std::vector<Finding>{{Severity::error, "contains whitespace at the 11th character"}});
}

TEST_CASE("lambda: a pasted Authorization scheme is an error naming the scheme", "[lambda]") {
  CHECK(findings("Bearer " + kKey) ==
        std::vector<Finding>{{Severity::error,
                              "starts with \"Bearer \": paste the API key alone, without the "
                              "Authorization scheme"}});
  CHECK(findings("basic " + kKey)[0].message ==
        "starts with \"Basic \": paste the API key alone, without the Authorization scheme");
}

TEST_CASE("lambda: a key without the secret_ prefix only warns", "[lambda]") {
  CHECK(findings(kKey.substr(7)) ==
        std::vector<Finding>{{Severity::warning,
                              "does not start with \"secret_\" as Lambda Cloud API keys do "
                              "(Lambda does not document the format, so the key is checked "
                              "anyway)"}});
}

TEST_CASE("lambda: a key cut before its dot warns", "[lambda]") {
  const std::string cut = kKey.substr(0, kKey.find('.'));
  CHECK(findings(cut) ==
        std::vector<Finding>{{Severity::warning,
                              "has no \".\"; Lambda Cloud API keys have one before their last "
                              "part (cut short when copied?)"}});
}

TEST_CASE("lambda: a very short key warns with its length", "[lambda]") {
  CHECK(findings("secret_ab.cd") ==
        std::vector<Finding>{{Severity::warning,
                              "is only 12 characters long; Lambda Cloud API keys are much longer "
                              "(cut short when copied?)"}});
}

TEST_CASE("lambda: an unusual character is located, as a warning", "[lambda]") {
  std::string key = kKey;
  key[20] = '+';
  CHECK(findings(key) ==
        std::vector<Finding>{{Severity::warning,
                              "has an unusual character at the 21st character (keys seen so far "
                              "hold only letters, digits, _ - and .)"}});
}

TEST_CASE("lambda: another provider's credential is named, as a warning", "[lambda]") {
  CHECK(findings("hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567") ==
        std::vector<Finding>{{Severity::warning,
                              "looks like a Hugging Face token, not a Lambda Cloud API key (those "
                              "start with secret_)"}});
  CHECK(findings("AKIAIOSFODNN7EXAMPLE")[0].message ==
        "looks like an AWS access key id, not a Lambda Cloud API key (those start with secret_)");
}

TEST_CASE("lambda: no shape the lint cannot be sure of is an error", "[lambda]") {
  for (const std::string& key :
       {kKey.substr(7), kKey.substr(0, 12), std::string("secret_x"), std::string("abc"),
        std::string("secret_a/b=c.d"), std::string("sk-abcdef")}) {
    for (const auto& f : findings(key)) CHECK(f.severity == Severity::warning);
  }
}

TEST_CASE("lambda: findings never quote the key", "[lambda]") {
  for (const std::string& key :
       {kKey.substr(0, 30), "Bearer " + kKey, kKey + " ", kKey.substr(7)}) {
    const auto issues = lint_lambda({{"lambda_api_key", key}});
    REQUIRE_FALSE(issues.empty());
    for (const auto& issue : issues) {
      CHECK(issue.message.find(kKey.substr(7, 20)) == std::string::npos);
    }
  }
}
