// Compute Engine v1 and Cloud Resource Manager v1 testIamPermissions for the emulator, as Google
// answers them to a bearer token the emulator's token endpoint granted: machineTypes.get,
// regions.get and projects.get (with their quotas), 403 SERVICE_DISABLED with Google's ErrorInfo
// for a project whose Compute Engine API is off, Compute Engine's 403/404 error shapes, the
// scopes each method accepts, and projects.testIamPermissions answering the subset held.
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator.hpp"

// Who a bearer token was granted to (gcp_routes.cpp keeps the grants).
struct GcpCaller {
  const nlohmann::json* fixture = nullptr;  // the account's fixture entry
  std::string name;                         // client email, or "user:CLIENT_ID"
  std::vector<std::string> projects;        // the projects it may read
  std::string scope;                        // space-separated scopes of the token
};

struct GcpDirectory {
  // From an Authorization header: nullopt for no token, or one not granted or expired.
  std::function<std::optional<GcpCaller>(const std::string& authorization)> caller;
  std::function<std::optional<std::string>(const std::string& project_id)> project_number;
};

// Fixtures, under "gcp":
//   "machine_types": {"g2-standard-8": {"guestCpus": 8, "memoryMb": 32768,
//                     "accelerators": [{"guestAcceleratorType": "nvidia-l4",
//                                       "guestAcceleratorCount": 1}]}}
//   "projects": [{"project_id": ..., "compute": {
//       "api_enabled": true,                                   (default true)
//       "zones": {"us-central1-a": ["g2-standard-8", ...]},     types offered per zone
//       "regions": {"us-central1": {"CPUS": [24, 0], ...}},      metric: [limit, usage]
//       "quotas": {"GPUS_ALL_REGIONS": [1, 0]}}}]               project-wide
//   and per account (service_accounts[i], authorized_users[i]):
//   "permissions": ["compute.instances.create", ...]   what it holds on its projects
//   "denied": ["compute.regions.get", ...]              Compute Engine reads refused to it
void add_gcp_compute_routes(httplib::Server& svr, EmulatorState& state, GcpDirectory directory);
