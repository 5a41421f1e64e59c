// Azure readiness: will one VM of `azure_instance_type` launch in `azure_region`, in resource
// group `azure_resource_group` of subscription `azure_subscription_id`, for this service
// principal? After a valid credential verdict, read-only, with the access token Entra ID granted
// to the credential probe (every request a GET to Resource Manager, which answers CORS, so
// browsers call it directly):
//   1. Microsoft.Compute is registered in the subscription (Providers - Get);
//   2. the resource group exists (Resource Groups - Get);
//   3. the size is offered to the subscription in the region and not restricted (Resource Skus -
//      List, filtered to the location, skimmed: resource_skus.hpp); its vCPUs and family feed
//   4. the quota: the family's and the region's vCPU usages leave room for one VM (Usage - List);
//   5. the principal's roles at the resource group allow the actions a launch needs
//      (Permissions - List For Resource Group, wildcards and notActions: arm_permissions.hpp).
// Every answer is classified through the table in compute_answers.hpp.
#pragma once

#include <memory>
#include <string>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

// The access token, handed from the credential probe (which writes it when Entra ID grants it)
// to the readiness check (which sends it to Resource Manager). The probe has registered it with
// the check session's redactor, so it never reaches an output.
struct AzureGrantedToken {
  std::string access_token;
};

// Null when `azure_instance_type` is not given: the check is the credential check alone.
std::unique_ptr<ReadinessCheck> make_azure_compute_readiness(
    const Fields& fields, const CheckContext& context,
    std::unique_ptr<const AzureGrantedToken> token);

}  // namespace credprobe
