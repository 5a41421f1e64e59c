#include "credprobe/azure/arm_permissions.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::vector<std::string> strings_of(const Json* array) {
  std::vector<std::string> out;
  if (!array) return out;
  for (const Json& item : *array) {
    if (item.is_string()) out.push_back(item.string());
  }
  return out;
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view action) {
  for (const auto& p : patterns) {
    if (arm_action_matches(p, action)) return true;
  }
  return false;
}

}  // namespace

std::optional<ArmPermissionPage> parse_permission_page(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  const Json* value = json_array(*json, "value");
  if (!value) return std::nullopt;
  ArmPermissionPage page;
  for (const Json& entry : *value) {
    if (!entry.is_object()) return std::nullopt;
    page.permissions.push_back(
        {strings_of(json_array(entry, "actions")), strings_of(json_array(entry, "notActions"))});
  }
  page.next_link = json_string(*json, "nextLink").value_or("");
  return page;
}

bool arm_action_matches(std::string_view pattern, std::string_view action) {
  if (pattern.size() > kMaxArmPatternLength) return false;
  std::size_t p = 0, a = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (a < action.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = a;
    } else if (p < pattern.size() && lower(pattern[p]) == lower(action[a])) {
      ++p;
      ++a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool arm_permissions_allow(const std::vector<ArmPermission>& permissions, std::string_view action) {
  for (const auto& entry : permissions) {
    if (any_matches(entry.actions, action) && !any_matches(entry.not_actions, action)) return true;
  }
  return false;
}

}  // namespace credprobe
