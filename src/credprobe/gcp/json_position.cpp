#include "credprobe/gcp/json_position.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Words for what is at the failing byte. `at` is the index of the byte the parser stopped on.
std::string describe(std::string_view text, std::size_t at) {
  if (at >= text.size()) {
    return "unexpected end of input (the text is cut short, or a bracket or quote is not closed)";
  }
  const char c = text[at];
  // The previous non-space character tells a trailing comma from other mistakes.
  std::size_t before = at;
  while (before > 0 && is_space(text[before - 1])) --before;
  const char previous = before > 0 ? text[before - 1] : '\0';
  if ((c == '}' || c == ']') && previous == ',')
    return "a trailing comma before '" + std::string(1, c) + "'";
  if (c == '\'') return "a single quote; JSON strings use double quotes";
  if (static_cast<unsigned char>(c) < 0x20) {
    return "a raw control character (such as a line break) inside a string; JSON writes it as \\n";
  }
  if (c == '\\') return "an invalid escape sequence in a string";
  if (c == '/' || c == '#') return "a comment; JSON has no comments";
  if (c == '"' && (previous == '"' || previous == '}' || previous == ']' ||
                   (previous >= '0' && previous <= '9') || previous == 'e' || previous == 'l')) {
    return "a missing comma between two members";
  }
  if (is_space(c) || c == ',' || c == ':' || c == '}' || c == ']' || c == '{' || c == '[' ||
      c == '"') {
    return "unexpected '" + std::string(1, c) + "'";
  }
  if (static_cast<unsigned char>(c) >= 0x80) return "a character that is not valid UTF-8 here";
  return "unexpected character '" + std::string(1, c) + "'";
}

}  // namespace

JsonSyntaxError position_of(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  JsonSyntaxError where;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++where.line;
      where.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++where.column;
    }
  }
  return where;
}

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text) {
  // The reader's own position is the byte a person must look at: the failing character, the
  // opening quote of a misplaced string, the backslash of a bad escape, or the end of input.
  // Nothing of the text itself goes into the message, which may be part of a secret.
  JsonParse parsed = read_json(text);
  if (parsed.value) return std::nullopt;
  JsonSyntaxError error = position_of(text, parsed.error_offset);
  error.problem = parsed.too_deep
                      ? "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels"
                      : describe(text, parsed.error_offset);
  return error;
}

}  // namespace credprobe
