// Compute usages for a location (Usage - List): each quota's name (`cores` for Total Regional
// vCPUs, `standardNCASv3_T4Family` for a family), its limit and its current value, in vCPUs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

struct ComputeUsage {
  std::string name;   // name.value: "cores", "standardNCASv3_T4Family"
  std::string label;  // name.localizedValue: "Total Regional vCPUs"
  double current = 0;
  double limit = 0;
};

// nullopt when the body is not an object with a "value" array; entries without a name, a
// numeric limit or currentValue are left out.
std::optional<std::vector<ComputeUsage>> parse_compute_usages(const std::string& body);

// The usage named `name` (case-insensitively), or null.
const ComputeUsage* find_usage(const std::vector<ComputeUsage>& usages, std::string_view name);

}  // namespace credprobe
