#include "credprobe/azure/compute_answers.hpp"

namespace credprobe {

namespace {

// A macro, not a constant: the SKU request's text extends it, and a constexpr row's text must
// be one literal.
#define CREDPROBE_AZURE_BEARER                                                             \
  "the access token Entra ID issued to the credential check, as `Authorization: Bearer`; " \
  "never the secret"

}  // namespace

constexpr ReadinessRequirementSpec kAzureComputeRequirements[] = {
    {"compute_registered", "Microsoft.Compute is registered in subscription {subscription}"},
    {"resource_group", "resource group {group} exists and is readable"},
    {"size_offered", "{size} is offered to the subscription in {region}"},
    {"vcpu_quota", "the vCPU quotas in {region} cover one {size}"},
    {"launch_permission", "the principal may create {size} in resource group {group}"},
};

Table<ReadinessRequirementSpec> azure_compute_requirements() {
  return kAzureComputeRequirements;
}

constexpr AzureComputeRequest kAzureComputeRequests[] = {
    {"provider", "Providers - Get", "Microsoft.Resources/subscriptions/providers/read",
     "compute_registered", "GET",
     "/subscriptions/{subscription}/providers/Microsoft.Compute?api-version=2021-04-01",
     CREDPROBE_DOC_TEXT(CREDPROBE_AZURE_BEARER)},
    {"resource_group", "Resource Groups - Get",
     "Microsoft.Resources/subscriptions/resourceGroups/read", "resource_group", "GET",
     "/subscriptions/{subscription}/resourcegroups/{group}?api-version=2021-04-01",
     CREDPROBE_DOC_TEXT(CREDPROBE_AZURE_BEARER)},
    {"skus", "Resource Skus - List", "Microsoft.Compute/skus/read", "size_offered", "GET",
     "/subscriptions/{subscription}/providers/Microsoft.Compute/skus?api-version=2021-07-01&"
     "$filter=location eq '{region}'",
     CREDPROBE_DOC_TEXT(
         CREDPROBE_AZURE_BEARER
         ". The answer lists every SKU of the region (megabytes): credprobe skims it element by "
         "element and keeps only the size's entry")},
    {"usages", "Usage - List", "Microsoft.Compute/locations/usages/read", "vcpu_quota", "GET",
     "/subscriptions/{subscription}/providers/Microsoft.Compute/locations/{region}/usages?"
     "api-version=2024-07-01",
     CREDPROBE_DOC_TEXT(CREDPROBE_AZURE_BEARER)},
    {"permissions", "Permissions - List For Resource Group",
     "Microsoft.Authorization/permissions/read", "launch_permission", "GET",
     "/subscriptions/{subscription}/resourcegroups/{group}/providers/Microsoft.Authorization/"
     "permissions?api-version=2022-04-01",
     CREDPROBE_DOC_TEXT(CREDPROBE_AZURE_BEARER)},
};

Table<AzureComputeRequest> azure_compute_requests() {
  return kAzureComputeRequests;
}

const AzureComputeRequest* azure_compute_request(std::string_view name) {
  for (const auto& r : azure_compute_requests()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

constexpr AzureLaunchAction kAzureLaunchActions[] = {
    {"Microsoft.Compute/virtualMachines/write", CREDPROBE_DOC_TEXT("create the VM")},
    {"Microsoft.Compute/disks/write", CREDPROBE_DOC_TEXT("create its managed OS disk")},
    {"Microsoft.Network/networkInterfaces/write",
     CREDPROBE_DOC_TEXT("create its network interface")},
    {"Microsoft.Network/networkInterfaces/join/action",
     CREDPROBE_DOC_TEXT("attach the interface to the VM")},
    {"Microsoft.Network/virtualNetworks/subnets/join/action",
     CREDPROBE_DOC_TEXT("place the interface in an existing subnet")},
    {"Microsoft.Network/publicIPAddresses/write", CREDPROBE_DOC_TEXT("create a public IP address")},
    {"Microsoft.Network/publicIPAddresses/join/action",
     CREDPROBE_DOC_TEXT("attach the public IP to the interface")},
};

Table<AzureLaunchAction> azure_launch_actions() {
  return kAzureLaunchActions;
}

constexpr ReadinessAnswerRow kReadinessAnswerRows[] = {
    // Microsoft.Compute registered in the subscription.
    {"provider", "registered", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200, registrationState Registered"),
     "Microsoft.Compute is Registered in subscription {subscription}", ""},
    {"provider", "not_registered", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200, registrationState NotRegistered, Unregistered or Unregistering"),
     "Microsoft.Compute is {state} in subscription {subscription}: Azure refuses every VM "
     "there (MissingSubscriptionRegistration)",
     "Register it (once per subscription): az provider register --namespace Microsoft.Compute "
     "--subscription {subscription}, or Subscriptions > Resource providers in the portal."},
    // Registering resolves itself within minutes and needs nothing from the person: not unmet
    // (nothing to do), not met (a launch now may still be refused).
    {"provider", "registering", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200, registrationState Registering"),
     "Microsoft.Compute is still Registering in subscription {subscription}",
     "Registration takes a few minutes; check again when it says Registered."},
    {"provider", "not_shape", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 without a registrationState"),
     "Resource Manager answered 200 without a registrationState, which proves nothing", ""},
    // The resource group.
    {"resource_group", "found", 200, AnswerEffect::met, CREDPROBE_DOC_TEXT("200 with the group"),
     "resource group {group} exists (in {group_location})", ""},
    {"resource_group", "ResourceGroupNotFound", 404, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("404 ResourceGroupNotFound"),
     "resource group {group} does not exist in subscription {subscription} "
     "(ResourceGroupNotFound)",
     "Create it (az group create --name {group} --location {region} --subscription "
     "{subscription}) or set azure_resource_group to an existing one."},
    // The size in the region: one element of the SKU list.
    {"skus", "offered", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 listing the size for the region with no Location restriction"),
     "{region} offers {size} to the subscription ({vcpus} vCPUs, family {family})", ""},
    {"skus", "restricted", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "200 listing the size with a Location restriction (NotAvailableForSubscription or "
         "QuotaId)"),
     "{size} is restricted for the subscription in {region} ({reason}): a launch fails with "
     "SkuNotAvailable",
     "Choose another size or region (az vm list-skus --location {region} --size {size} shows "
     "the restriction), or ask Azure support to enable {size} in {region} for the "
     "subscription."},
    {"skus", "not_in_region", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose list has no virtualMachines entry of that name"),
     "{size} is not offered in {region}: the region's SKU list does not name it",
     "Check the size's spelling (e.g. Standard_NC4as_T4_v3) and choose a region that offers "
     "it: az vm list-skus --size {size} --all."},
    {"skus", "zones_restricted", 200, AnswerEffect::annotate,
     CREDPROBE_DOC_TEXT("200 listing the size with a Zone restriction"),
     "availability zones {zones} of {region} are restricted for the subscription",
     "Do not pin the VM to zones {zones}."},
    {"skus", "not_shape", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "200 that is not a SKU list, or whose entry for the size lacks vCPUs or family"),
     "Resource Manager answered 200 with a body credprobe could not read as a SKU list",
     "Try again; the evidence shows the answer."},
    {"skus", "MissingSubscriptionRegistration", 409, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("409 MissingSubscriptionRegistration"),
     "Resource Manager lists no SKUs while Microsoft.Compute is not registered ({code})", ""},
    // Quota: the family's and the region's vCPUs.
    {"usages", "covers", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 whose family and Total Regional vCPUs usages leave at least the size's vCPUs"),
     "{family_name}: {family_free} of {family_limit} vCPUs free; Total Regional vCPUs: "
     "{cores_free} of {cores_limit} free; {size} needs {vcpus}",
     ""},
    {"usages", "below", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "200 whose family or Total Regional vCPUs usage leaves fewer than the size's vCPUs"),
     "{family_name}: {family_free} of {family_limit} vCPUs free; Total Regional vCPUs: "
     "{cores_free} of {cores_limit} free; {size} needs {vcpus}",
     "Request an increase of {short} to at least {needed} vCPUs in {region}: "
     "https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas "
     "(Quotas > Compute), or stop VMs that use it."},
    {"usages", "no_family_usage", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 without a usage for the family or for cores"),
     "the usages of {region} name no {missing_usage}, so credprobe cannot tell",
     "Check Quotas > Compute in the portal for {region}."},
    {"usages", "not_shape", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 that is not a usage list"),
     "Resource Manager answered 200 with a body credprobe could not read as usages", ""},
    {"usages", "MissingSubscriptionRegistration", 409, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("409 MissingSubscriptionRegistration"),
     "Resource Manager lists no usages while Microsoft.Compute is not registered ({code})", ""},
    // Permission to launch.
    {"permissions", "allowed", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 whose actions (less each entry's notActions) allow every launch action"),
     "the principal's roles at {group} allow {action_count} actions a VM launch needs "
     "(Microsoft.Compute/virtualMachines/write, ...). Deny assignments and Azure Policy are not "
     "in this answer",
     ""},
    {"permissions", "missing", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "200 whose actions (less each entry's notActions) leave a launch action out"),
     "the principal's roles at {group} do not allow {missing}",
     "Assign the principal a role at resource group {group} (or above) that allows {missing}: "
     "Contributor does, or a custom role with these actions."},
    {"permissions", "not_shape", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 that is not a permission list"),
     "Resource Manager answered 200 with a body credprobe could not read as permissions", ""},
    {"permissions", "ResourceGroupNotFound", 404, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("404 ResourceGroupNotFound"),
     "not checked: resource group {group} does not exist", ""},
    // Requests not sent because an earlier answer decided them.
    {"*", "not_registered", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) Microsoft.Compute is not registered"),
     "not checked: Microsoft.Compute is not registered in subscription {subscription}", ""},
    {"*", "size_missing", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the size is not offered in the region"),
     "not checked: {size} is not offered in {region}", ""},
    {"*", "size_unknown", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the size's family and vCPUs were not read"),
     "not checked: the SKU list was not read, so {size}'s family and vCPUs are unknown", ""},
    {"*", "more_pages", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the list continues beyond 10 pages, or on another host"),
     "{operation} answered more pages than credprobe reads without deciding", ""},
    {"*", "group_missing", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the resource group does not exist"),
     "not checked: resource group {group} does not exist", ""},
    // Shared by every request.
    {"*", "denied", 403, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("403 AuthorizationFailed (or another 403)"),
     "the principal may not call {permission} ({code}), so credprobe cannot tell",
     "Allow {permission} for the principal (the Reader role has it) so credprobe can tell."},
    {"*", "throttled", 429, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("429 (Retry-After kept in the detail)"),
     "Resource Manager asked to slow down ({code}{retry}), so credprobe cannot tell",
     "Wait{wait} and check again."},
    {"*", "too_large", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("an answer larger than the driver's limit"),
     "the answer to {operation} was larger than credprobe accepts ({error})",
     "Check with az vm list-skus --location {region} --size {size}."},
    {"*", "no_answer", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("no answer (DNS, refused, timeout, CORS)"),
     "no answer from {host}: {error}", "Check the network and try again."},
    {"*", "*", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("any other answer (401, 5xx, unexpected bodies, ...)"),
     "Resource Manager answered HTTP {status} ({code}) to {operation}, which proves nothing "
     "either way",
     "Try again; the evidence shows the answer."},
};

Table<ReadinessAnswerRow> azure_compute_answer_rows() {
  return kReadinessAnswerRows;
}

}  // namespace credprobe
