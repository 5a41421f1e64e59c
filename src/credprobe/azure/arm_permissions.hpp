// Azure RBAC as Resource Manager reports it to the caller (Permissions - List For Resource
// Group): a list of entries, each with `actions` and `notActions` patterns. An action is allowed
// when some entry has an action pattern matching it and no notAction pattern of that same entry
// matching it: notActions subtract within their entry (the role they come from), they are not a
// deny (Azure RBAC docs, "Understand Azure role definitions": NotActions). Patterns use `*` for
// any run of characters, slashes included, and compare case-insensitively.
//
// What this answer cannot show: deny assignments and Azure Policy, which may still refuse a
// launch the roles allow. The check says so in its detail.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

struct ArmPermission {
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
};

struct ArmPermissionPage {
  std::vector<ArmPermission> permissions;
  std::string next_link;  // "" on the last page
};

// nullopt when the body is not an object with a "value" array of objects.
std::optional<ArmPermissionPage> parse_permission_page(const std::string& body);

// Whether `pattern` ("*", "Microsoft.Compute/*", "*/read", "Microsoft.Network/*/join/action")
// matches `action`, case-insensitively. Linear in practice: greedy matching that backtracks only
// to the last `*` (patterns longer than kMaxArmPatternLength never match).
inline constexpr std::size_t kMaxArmPatternLength = 512;
bool arm_action_matches(std::string_view pattern, std::string_view action);

// Whether the entries allow `action` (see above).
bool arm_permissions_allow(const std::vector<ArmPermission>& permissions, std::string_view action);

}  // namespace credprobe
