// Small ASCII text helpers the providers share (C++17 has no starts_with/ends_with). Protocol
// text only: no locale, no Unicode case folding.
#pragma once

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

// ASCII lower-casing for protocol tokens (header names, schemes, hosts, option values);
// defined in http.cpp beside iequals, which shares its character rule.
std::string ascii_lower(std::string_view text);

}  // namespace credprobe
