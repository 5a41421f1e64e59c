#include "credprobe/huggingface/huggingface_lint.hpp"

#include <string>

namespace credprobe {

namespace {
constexpr size_t kTokenBodyLength = 34;
constexpr const char* kField = "hf_token";
}  // namespace

LintIssues lint_huggingface(const Fields& fields) {
  LintIssues issues;
  const std::string token = field_value(fields, kField);
  if (token.empty()) return issues;  // "required" is checked from the field description
  if (!lint_pasted_value(kField, token, issues)) return issues;

  if (token.rfind("hf_", 0) != 0) {
    std::string message = "does not start with \"hf_\"";
    if (token.rfind("api_", 0) == 0) {
      message += " (it looks like a retired \"api_\" token; create a new user access token)";
    } else if (token.size() == kTokenBodyLength) {
      message += " (the \"hf_\" prefix seems to be missing)";
    } else {
      message += "; Hugging Face user access tokens start with hf_";
    }
    issues.push_back({Severity::error, kField, message});
    return issues;
  }
  const std::string body = token.substr(3);
  for (size_t i = 0; i < body.size(); ++i) {
    if (!is_alnum_ascii(body[i])) {
      issues.push_back({Severity::error, kField,
                        "has a character that is not a letter or digit at position " +
                            std::to_string(i + 4) + " (only letters and digits follow hf_)"});
      return issues;
    }
  }
  if (body.size() != kTokenBodyLength) {
    issues.push_back({Severity::error, kField,
                      "has " + std::to_string(body.size()) +
                          " characters after hf_; user access tokens have 34 (" +
                          (body.size() < kTokenBodyLength ? "cut short when copied?"
                                                          : "extra characters pasted along?") +
                          ")"});
  }
  return issues;
}

}  // namespace credprobe
