// The Azure readiness check as data: the Resource Manager reads it sends (every one a GET, with
// the access token the credential probe was granted), the requirements it lists, the actions a
// VM launch needs, and the table from each answer to a requirement. The check classifies through
// the table, the docs' "Readiness" section is generated from it, and unit tests replay its rows.
#pragma once

#include <string_view>

#include "credprobe/readiness_rows.hpp"
#include "credprobe/table.hpp"

namespace credprobe {

struct AzureComputeRequest {
  std::string_view name;         // "provider", "resource_group", "skus", "usages", "permissions"
  std::string_view operation;    // as Azure's REST reference names it: "Providers - Get"
  std::string_view permission;   // the Azure RBAC action that allows it
  std::string_view requirement;  // the requirement it informs
  std::string_view method;       // always GET
  std::string_view path;         // the path and query, with {subscription}, {group}, {region}
  std::string_view
      sends;  // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs: what of the credential travels
};

// In the order they are sent.
Table<AzureComputeRequest> azure_compute_requests();
const AzureComputeRequest* azure_compute_request(std::string_view name);

// The requirements the check lists, in order, with their labels as templates ({size}, {region},
// {group}, {subscription}).
Table<ReadinessRequirementSpec> azure_compute_requirements();

// The actions one VM launch needs at the resource group, as Azure RBAC names them: the VM, its
// managed OS disk, a network interface joined to an existing subnet, and a public IP address.
struct AzureLaunchAction {
  std::string_view action;
  std::string_view why;  // CREDPROBE_DOC_TEXT, "" in the wasm: for the docs
};
Table<AzureLaunchAction> azure_launch_actions();

// The answers, as rows of the shape every request-and-token readiness table shares
// (readiness_rows.hpp, where readiness_answer_row picks one). Detail and hint are filled from the
// check's facts ({size}, {region}, {code}, ...).
//
// Match tokens: an ARM error code in ARM's error shape ({"error": {"code"}}), e.g.
// "ResourceGroupNotFound"; for successes: "registered" / "not_registered" / "registering"
// (provider), "found" (resource group), "offered" / "restricted" / "not_in_region" /
// "zones_restricted" (SKUs), "covers" / "below" / "no_family_usage" (usages), "allowed" /
// "missing" (permissions); "not_shape" (a 2xx that is not the documented shape); and the shared
// "denied" (403 AuthorizationFailed), "throttled" (429), "no_answer", "too_large" and "*".
// Skipped requests: "not_registered", "size_missing", "group_missing".
Table<ReadinessAnswerRow> azure_compute_answer_rows();

}  // namespace credprobe
