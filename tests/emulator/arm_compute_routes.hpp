// Resource Manager's readiness reads for the emulator, behind the bearer-token check of
// azure_routes.cpp (which verifies the token it issued, then hands over the caller):
//   GET /subscriptions/{id}/providers/Microsoft.Compute                   Providers - Get
//   GET /subscriptions/{id}/resourcegroups/{group}                        Resource Groups - Get
//   GET /subscriptions/{id}/providers/Microsoft.Compute/skus              Resource Skus - List
//   GET /subscriptions/{id}/providers/Microsoft.Compute/locations/{region}/usages   Usage - List
//   GET /subscriptions/{id}/resourcegroups/{group}/providers/Microsoft.Authorization/permissions
// in ARM's JSON and error shapes. Each read is allowed by the caller's own permissions (the
// actions / notActions entries it is given), evaluated with RBAC's wildcards, as ARM does:
// AuthorizationFailed (403) otherwise.
#pragma once

#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// Fixtures, under "azure":
//   "compute": {
//     "skus": {"eastus": [SKU objects, as Resource Skus - List returns them]},
//     "usages": {"eastus": [{"name": "cores", "label": "Total Regional vCPUs", "limit": 100,
//                            "current": 0}, ...]},                 every subscription's defaults
//     "page_size": 0                                   SKUs and permissions per page (0: one page)
//   }
// per subscription (azure.subscriptions[i]):
//   "compute_registration": "Registered" (default) | "NotRegistered" | "Registering" | ...
//   "resource_groups": [{"name": "ml", "location": "eastus"}]
//   "usages": {"eastus": {"standardNCASv3_T4Family": {"limit": 0, "current": 0}}}   overrides
//   "sku_restrictions": {"eastus": {"Standard_NC4as_T4_v3":
//                          {"type": "Location" | "Zone", "reasonCode": ..., "zones": [...]}}}
// per principal (azure.principals[i]):
//   "permissions": [{"actions": [...], "notActions": [...]}]   (default: Contributor's)
struct ArmComputeConfig {
  nlohmann::json compute = nlohmann::json::object();
  nlohmann::json subscriptions = nlohmann::json::object();  // lower-case id -> raw entry
  // Each region's SKUs serialized once, at load, in the fixture's order.
  std::map<std::string, std::vector<std::string>> sku_texts;
};

std::shared_ptr<const ArmComputeConfig> load_arm_compute(const nlohmann::json& fixtures);

// Who asked, as azure_routes.cpp proved it from the token.
struct ArmCaller {
  const nlohmann::json* principal = nullptr;  // the principal's fixture entry
  std::string object_id;
  std::vector<std::string> subscriptions;  // lower-case ids it has a role in
};

enum class ArmComputeRead { provider, resource_group, skus, usages, permissions };

// Whether `pattern` matches `action` as Azure RBAC matches them: `*` any run, case-insensitive.
bool rbac_matches(const std::string& pattern, const std::string& action);

// Answers one read; `base` is the scheme and host the client used (for nextLink).
void serve_arm_compute(const ArmComputeConfig& config, const ArmCaller& caller, ArmComputeRead read,
                       const httplib::Request& req, const std::string& base,
                       httplib::Response& res);
