#include "credprobe/lambda/lambda_lint.hpp"

#include <string>

#include "credprobe/text.hpp"

namespace credprobe {

namespace {

constexpr const char* kField = "lambda_api_key";
constexpr const char* kPrefix = "secret_";
// Shorter than any key the dashboard hands out ("secret_" + name + 32 hex + "." + random).
constexpr size_t kShortKey = 24;

bool starts_with_nocase(const std::string& text, const std::string& prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_key_char(char c) {
  return is_alnum_ascii(c) || c == '_' || c == '-' || c == '.';
}

// Another provider's credential pasted into the Lambda field: worth saying, still not an error
// (Lambda might one day issue keys with any prefix).
const char* other_provider(const std::string& key) {
  if (starts_with(key, "hf_")) return "a Hugging Face token";
  if (starts_with(key, "AKIA") || starts_with(key, "ASIA")) return "an AWS access key id";
  if (starts_with(key, "sk-")) return "an OpenAI-style secret key";
  return nullptr;
}

}  // namespace

LintIssues lint_lambda(const Fields& fields) {
  LintIssues issues;
  const std::string key = field_value(fields, kField);
  if (key.empty()) return issues;  // "required" is checked from the field description

  // The whole Authorization header value pasted instead of the key.
  struct Scheme {
    const char* lower;
    const char* shown;
  };
  for (const Scheme& scheme : {Scheme{"bearer ", "Bearer"}, Scheme{"basic ", "Basic"}}) {
    if (starts_with_nocase(key, scheme.lower)) {
      issues.push_back({Severity::error, kField,
                        std::string("starts with \"") + scheme.shown +
                            " \": paste the API key alone, without the Authorization scheme"});
      return issues;
    }
  }
  if (!lint_pasted_value(kField, key, issues)) return issues;

  if (const char* other = other_provider(key)) {
    issues.push_back({Severity::warning, kField,
                      std::string("looks like ") + other +
                          ", not a Lambda Cloud API key (those start with secret_)"});
    return issues;
  }
  if (!starts_with(key, kPrefix)) {
    issues.push_back({Severity::warning, kField,
                      "does not start with \"secret_\" as Lambda Cloud API keys do (Lambda does "
                      "not document the format, so the key is checked anyway)"});
  }
  for (size_t i = 0; i < key.size(); ++i) {
    if (!is_key_char(key[i])) {
      issues.push_back({Severity::warning, kField,
                        "has an unusual character at the " + ordinal(i + 1) +
                            " character (keys seen so far hold only letters, digits, _ - and .)"});
      break;
    }
  }
  if (starts_with(key, kPrefix) && key.find('.') == std::string::npos) {
    issues.push_back({Severity::warning, kField,
                      "has no \".\"; Lambda Cloud API keys have one before their last part "
                      "(cut short when copied?)"});
  }
  if (key.size() < kShortKey) {
    issues.push_back({Severity::warning, kField,
                      "is only " + std::to_string(key.size()) +
                          " characters long; Lambda Cloud API keys are much longer (cut short when "
                          "copied?)"});
  }
  return issues;
}

}  // namespace credprobe
