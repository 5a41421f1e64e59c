// "Did you mean": the names closest to a misspelt one, by edit distance, with bounded work so
// a hostile list (thousands of names, each megabytes long) costs no more than a short one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

// Levenshtein distance (insert, delete, substitute: 1 each) between `a` and `b`, each cut to
// kMaxNameLength characters first.
inline constexpr std::size_t kMaxNameLength = 64;
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` names of `known` closest to `given`, nearest first (ties in the list's order).
// Only the first kMaxNamesRanked names are considered.
inline constexpr std::size_t kMaxNamesRanked = 500;
std::vector<std::string> closest_names(std::string_view given,
                                       const std::vector<std::string>& known,
                                       std::size_t limit = 3);

}  // namespace credprobe
