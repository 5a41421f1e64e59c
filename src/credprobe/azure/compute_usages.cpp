#include "credprobe/azure/compute_usages.hpp"

#include "credprobe/http.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

std::optional<std::vector<ComputeUsage>> parse_compute_usages(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  const Json* value = json_array(*json, "value");
  if (!value) return std::nullopt;
  std::vector<ComputeUsage> usages;
  for (const Json& entry : *value) {
    if (!entry.is_object()) continue;
    const Json* name = json_object(entry, "name");
    auto limit = json_number(entry, "limit");
    auto current = json_number(entry, "currentValue");
    if (!name || !limit || !current) continue;
    ComputeUsage u;
    u.name = json_string(*name, "value").value_or("");
    u.label = json_string(*name, "localizedValue").value_or(u.name);
    u.limit = *limit;
    u.current = *current;
    if (!u.name.empty()) usages.push_back(std::move(u));
  }
  return usages;
}

const ComputeUsage* find_usage(const std::vector<ComputeUsage>& usages, std::string_view name) {
  for (const auto& u : usages) {
    if (iequals(u.name, name)) return &u;
  }
  return nullptr;
}

}  // namespace credprobe
