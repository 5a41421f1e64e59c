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
  struct Ranked {
    std::size_t distance;
    std::size_t index;
  };
  std::vector<Ranked> ranked;
  const std::size_t considered = std::min(known.size(), kMaxNamesRanked);
  for (std::size_t i = 0; i < considered; ++i) {
    ranked.push_back({edit_distance(given, known[i]), i});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Ranked& x, const Ranked& y) { return x.distance < y.distance; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < limit; ++i) {
    out.push_back(known[ranked[i].index]);
  }
  return out;
}

}  // namespace credprobe
