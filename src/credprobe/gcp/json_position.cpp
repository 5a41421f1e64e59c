#include "credprobe/gcp/json_position.hpp"

#include <nlohmann/json.hpp>

namespace credprobe {

namespace {

// A SAX handler that accepts every event and keeps only the position of the first error.
// nlohmann's own error text quotes the last token read, which may be part of a secret, so it
// is never used.
struct ErrorLocator : nlohmann::json_sax<nlohmann::json> {
  bool failed = false;
  std::size_t position = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception&) override {
    failed = true;
    position = pos;
    return false;
  }
};

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
  ErrorLocator locator;
  nlohmann::json::sax_parse(text.begin(), text.end(), &locator);
  if (!locator.failed) return std::nullopt;
  // The parser reports how many bytes it had read, the failing one included (end of input
  // counts as one more read).
  std::size_t at = locator.position > 0 ? locator.position - 1 : 0;
  // A whole string token was read before the parser saw it was misplaced: point at its opening
  // quote, where a person would put the missing comma or colon.
  if (at < text.size() && text[at] == '"' && at > 0) {
    std::size_t open = at - 1;
    while (open > 0 && !(text[open] == '"' && text[open - 1] != '\\')) --open;
    if (text[open] == '"') at = open;
  }
  JsonSyntaxError error = position_of(text, at);
  error.problem = describe(text, at);
  return error;
}

}  // namespace credprobe
