#include "credprobe/lint.hpp"

#include "credprobe/text.hpp"

namespace credprobe {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "error";
}

bool has_errors(const LintIssues& issues) {
  for (const auto& issue : issues) {
    if (issue.severity == Severity::error) return true;
  }
  return false;
}

bool is_alnum_ascii(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool all_of_class(std::string_view text, bool (*pred)(char)) {
  for (char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

std::string ordinal(size_t n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

bool lint_pasted_value(const std::string& field, std::string_view value, LintIssues& issues) {
  size_t before = issues.size();
  if (!value.empty() && (is_ascii_space(value.front()) || is_ascii_space(value.back()))) {
    issues.push_back(
        {Severity::error, field,
         "has leading or trailing whitespace (pasted along with the value?); remove it"});
  }
  const std::string_view trimmed = trim_ascii_space(value);
  if (trimmed.size() >= 2) {
    char first = trimmed.front(), last = trimmed.back();
    if ((first == '"' || first == '\'' || first == '`') && first == last) {
      issues.push_back(
          {Severity::error, field, "is wrapped in quotes; paste the value without the quotes"});
    }
  }
  for (size_t i = 0; i < trimmed.size(); ++i) {
    char c = trimmed[i];
    if (is_ascii_space(c)) {
      issues.push_back(
          {Severity::error, field, "contains whitespace at the " + ordinal(i + 1) + " character"});
      break;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      issues.push_back({Severity::error, field,
                        "contains a control character at the " + ordinal(i + 1) + " character"});
      break;
    }
  }
  return issues.size() == before;
}

}  // namespace credprobe
