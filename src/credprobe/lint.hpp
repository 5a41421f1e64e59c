// Offline checks: format problems found without any network call, each pointing at the field
// and the exact problem.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

enum class Severity { error, warning, info };
const char* to_string(Severity severity);

struct LintIssue {
  Severity severity = Severity::error;
  std::string field;
  std::string message;  // never quotes the secret itself
};
using LintIssues = std::vector<LintIssue>;

bool has_errors(const LintIssues& issues);

// Common paste accidents: leading/trailing whitespace, surrounding quotes, inner whitespace,
// control characters. Appends to `issues` and returns true when the value is clean.
bool lint_pasted_value(const std::string& field, std::string_view value, LintIssues& issues);

// Character-class helpers (no <regex> in the core: it costs 60 KB gzipped in wasm).
bool is_alnum_ascii(char c);
bool all_of_class(std::string_view text, bool (*pred)(char));

// "the 3rd character" style position for messages.
std::string ordinal(size_t one_based);

}  // namespace credprobe
