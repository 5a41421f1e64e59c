// Small ASCII text helpers the providers share (C++17 has no starts_with/ends_with). Protocol
// text only: no locale, no Unicode case folding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace credprobe {

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Space, tab, CR or LF: the white space of HTTP, XML and pasted values.
inline bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

inline std::string_view trim_ascii_space(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

// `value` in decimal, zero-padded to at least `width` digits: "%0*llu" without printf, whose
// floating-point half (and soft-float long double) would otherwise come along into the wasm.
inline std::string zero_padded(unsigned long long value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// Appends the code point `point` (at most U+10FFFF, not a surrogate) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t point);

// ASCII lower-casing for protocol tokens (header names, schemes, hosts, option values);
// defined in http.cpp beside iequals, which shares its character rule.
std::string ascii_lower(std::string_view text);

}  // namespace credprobe
