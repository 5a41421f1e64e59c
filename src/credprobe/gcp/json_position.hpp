// Where a JSON text stops being JSON, as a line and column a person can find in an editor, and
// what went wrong there in words that never quote the text (it may hold a private key).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

struct JsonSyntaxError {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points), not bytes
  std::string problem;     // "unexpected end of input", "a trailing comma", ...
};

// nullopt when `text` is one well-formed JSON value. Never throws.
std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text);

// Line and column of the byte at `offset` (clamped to one past the end).
JsonSyntaxError position_of(std::string_view text, std::size_t offset);

}  // namespace credprobe
