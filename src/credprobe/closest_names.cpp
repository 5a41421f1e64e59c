#include "credprobe/closest_names.hpp"

#include <algorithm>

namespace credprobe {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  a = a.substr(0, kMaxNameLength);
  b = b.substr(0, kMaxNameLength);
  // One row of the dynamic-programming table at a time: O(|b|) memory.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> closest_names(std::string_view given,
                                       const std::vector<std::string>& known, std::size_t limit) {
  const std::size_t considered = std::min(known.size(), kMaxNamesRanked);
  std::vector<std::size_t> distance(considered);
  for (std::size_t i = 0; i < considered; ++i) distance[i] = edit_distance(given, known[i]);
  // The nearest one at a time, the earlier name on a tie, rather than a stable sort of them all:
  // `limit` is a handful, and std::stable_sort costs 3 KB of wasm (docs/performance.md).
  constexpr std::size_t kTaken = static_cast<std::size_t>(-1);  // above any edit distance
  std::vector<std::string> out;
  while (out.size() < limit && out.size() < considered) {
    std::size_t nearest = 0;
    for (std::size_t i = 1; i < considered; ++i) {
      if (distance[i] < distance[nearest]) nearest = i;
    }
    out.push_back(known[nearest]);
    distance[nearest] = kTaken;
  }
  return out;
}

}  // namespace credprobe
