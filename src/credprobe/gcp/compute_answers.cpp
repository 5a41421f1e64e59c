#include "credprobe/gcp/compute_answers.hpp"

namespace credprobe {

constexpr ReadinessRequirementSpec kGcpRequirements[] = {
    {"compute_api", "the Compute Engine API is enabled in {project}"},
    {"machine_type_offered", "{type} is offered in {zone}"},
    {"cpu_quota", "the vCPU quota in {region} covers one {type}"},
    {"gpu_quota", "the GPU quota covers one {type}"},
    {"launch_permission", "the credential may launch {type} in {project} (testIamPermissions)"},
};

Table<ReadinessRequirementSpec> gcp_requirements() {
  return kGcpRequirements;
}

constexpr GcpReadinessRequest kGcpReadinessRequests[] = {
    {"machineTypes.get", "compute.machineTypes.get", "Compute Engine", "compute",
     "machine_type_offered", "GET",
     "/compute/v1/projects/{project}/zones/{zone}/machineTypes/{type}",
     CREDPROBE_DOC_TEXT("the access token Google granted, as `Authorization: Bearer`; the project, "
                        "zone and machine "
                        "type in the path (for its guestCpus and accelerators)")},
    {"regions.get", "compute.regions.get", "Compute Engine", "compute", "cpu_quota", "GET",
     "/compute/v1/projects/{project}/regions/{region}",
     CREDPROBE_DOC_TEXT(
         "the access token as above; the region in the path (for its quotas: limit and usage per "
         "metric)")},
    {"projects.get", "compute.projects.get", "Compute Engine", "compute", "gpu_quota", "GET",
     "/compute/v1/projects/{project}",
     CREDPROBE_DOC_TEXT(
         "only when the machine type has GPUs: the access token as above (for the project-wide "
         "GPUS_ALL_REGIONS quota)")},
    {"testIamPermissions", "none (any caller may ask which of its own permissions it holds)",
     "Cloud Resource Manager", "resourcemanager", "launch_permission", "POST",
     "/v1/projects/{project}:testIamPermissions",
     CREDPROBE_DOC_TEXT(
         "the access token as above; a JSON body {\"permissions\": [...]} naming the permissions a "
         "launch needs (listed below). It asks, and changes nothing")},
};

Table<GcpReadinessRequest> gcp_readiness_requests() {
  return kGcpReadinessRequests;
}

const GcpReadinessRequest* gcp_readiness_request(std::string_view action) {
  for (const auto& r : gcp_readiness_requests()) {
    if (r.action == action) return &r;
  }
  return nullptr;
}

constexpr ReadinessAnswerRow kReadinessAnswerRows[] = {
    // The Compute Engine API is enabled: decided by the first Compute Engine answer that can.
    {"compute_api", "SERVICE_DISABLED", 403, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "403 in Google's error shape whose error.details carry a google.rpc.ErrorInfo with reason "
         "SERVICE_DISABLED"),
     "the Compute Engine API is disabled in project {project} (SERVICE_DISABLED)",
     "Enable the Compute Engine API in project {project}: {activation_url} (it takes a few "
     "minutes to apply)."},
    {"compute_api", "answered", 0, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200, or 404 in Google's error shape, from Compute Engine"),
     "Compute Engine answered {action} for project {project}", ""},
    {"compute_api", "*", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "any other answer (a denial, 429, 5xx, no answer), until a later read decides"),
     "no Compute Engine answer told whether the API is enabled (HTTP {status}, {code})",
     "See the other requirements: the Compute Engine reads were refused or failed."},
    // The machine type is offered in the zone.
    {"machineTypes.get", "described", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 with the machine type (guestCpus, accelerators)"),
     "{zone} offers {type}: {cpus} vCPUs{gpus_text}", ""},
    {"machineTypes.get", "not_found", 404, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("404 in Google's error shape"),
     "{type} is not offered in {zone}: Compute Engine has no such machine type there",
     "Choose a zone that offers {type} (gcloud compute machine-types list --filter=name={type} "
     "lists them), or another machine type."},
    // The regional vCPU quota (regions.get).
    {"regions.get", "covers", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 whose quotas have limit - usage of the vCPU metric at least guestCpus"),
     "{metric} in {region}: limit {limit}, {usage} in use, {free} free; {type} needs {needed}", ""},
    {"regions.get", "below", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose quotas have limit - usage of the vCPU metric below guestCpus"),
     "{metric} in {region}: limit {limit}, {usage} in use, {free} free; {type} needs {needed}",
     "Request an increase of {metric} in {region} to at least {want} on the quotas page "
     "({quota_url}), or stop VMs that use it."},
    {"regions.get", "no_metric", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 whose quotas do not list the metric"),
     "{region} lists no {metric} quota, so credprobe cannot tell",
     "Check the quotas that apply to {type} in {region}: {quota_url}"},
    // The regional GPU quota, from the same regions.get answer.
    {"gpu_quota", "no_gpus", 0, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("(from machineTypes.get) the machine type has no accelerators"),
     "{type} has no GPUs: no GPU quota applies", ""},
    {"gpu_quota", "unknown_gpu", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(from machineTypes.get) an accelerator outside credprobe's table"),
     "credprobe knows no quota metric for the {accelerator} accelerator",
     "Check the GPU quotas that apply in {region}: {quota_url}"},
    {"gpu_quota", "covers", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "regions.get's quotas: limit - usage of the GPU metric at least the type's GPUs"),
     "{metric} in {region}: limit {limit}, {usage} in use, {free} free; {type} needs {needed}", ""},
    {"gpu_quota", "below", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "regions.get's quotas: limit - usage of the GPU metric below the type's GPUs"),
     "{metric} in {region}: limit {limit}, {usage} in use, {free} free; {type} needs {needed}",
     "Request an increase of {metric} in {region} to at least {want} on the quotas page "
     "({quota_url})."},
    {"gpu_quota", "no_metric", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("regions.get's quotas do not list the GPU metric"),
     "{region} lists no {metric} quota, so credprobe cannot tell",
     "Check the GPU quotas of {region}: {quota_url}"},
    // The project-wide GPU quota (projects.get), only for types with GPUs.
    {"projects.get", "covers", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 whose quotas have limit - usage of GPUS_ALL_REGIONS at least the type's GPUs"),
     "{metric} (project-wide): limit {limit}, {usage} in use, {free} free; {type} needs {needed}",
     ""},
    {"projects.get", "below", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT(
         "200 whose quotas have limit - usage of GPUS_ALL_REGIONS below the type's GPUs"),
     "{metric} (project-wide): limit {limit}, {usage} in use, {free} free; {type} needs {needed}",
     "Request an increase of {metric} (\"GPUs (all regions)\", 0 in new projects) to at least "
     "{want} on the quotas page ({quota_url})."},
    {"projects.get", "no_metric", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 whose quotas do not list GPUS_ALL_REGIONS"),
     "project {project} lists no {metric} quota, so credprobe cannot tell",
     "Check the project's GPU quotas: {quota_url}"},
    // Permission to launch (testIamPermissions).
    {"testIamPermissions", "all_held", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 listing every permission asked for, and no Compute Engine read was refused"),
     "testIamPermissions on project {project} lists all {count} permissions a launch needs. "
     "Google documents this call as meant for UIs and says it may fail open: the launch itself "
     "has the last word",
     ""},
    {"testIamPermissions", "contradicted", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "200 listing every permission asked for, while Compute Engine refused a read to the same "
         "credential"),
     "testIamPermissions lists every permission a launch needs, but Compute Engine refused "
     "{refused} to the same credential; Google documents that testIamPermissions may fail "
     "open, so credprobe does not take it alone",
     "Check the roles granted on project {project}: the launch may be refused."},
    {"testIamPermissions", "missing", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 not listing a permission that only the project (or above) grants"),
     "the credential lacks {missing} on project {project} (testIamPermissions)",
     "Grant a role with {missing} on project {project} (roles/compute.instanceAdmin.v1 holds "
     "the compute ones)."},
    {"testIamPermissions", "missing_elsewhere", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "200 not listing only permissions that a narrower resource may grant (a subnetwork, the "
         "service account)"),
     "project {project} does not grant {missing}; these may be granted on the subnetwork or the "
     "service account itself, which a test on the project cannot see",
     "If the launch is refused, grant {missing} (roles/compute.networkUser on the subnetwork, "
     "roles/iam.serviceAccountUser on the service account, or both on the project)."},
    {"testIamPermissions", "denied", 403, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "403 in Google's error shape (the call needs no permission: the project is not visible)"),
     "Cloud Resource Manager refused testIamPermissions on project {project} ({code}), so "
     "credprobe cannot tell",
     "Check gcp_project_id; the credential needs some role on the project to be asked."},
    // Shared by every request.
    {"*", "SERVICE_DISABLED", 403, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("403 SERVICE_DISABLED (also when not sent: the API is disabled)"),
     "not checked: the Compute Engine API is disabled in project {project}", ""},
    {"*", "not_offered", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the machine type is not offered in the zone"),
     "not checked: {type} is not offered in {zone}", ""},
    {"*", "no_machine_type", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the machine type could not be read"),
     "not checked: the machine type could not be read, so its vCPUs and GPUs are unknown", ""},
    {"*", "no_project", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) no project is known"), "not checked: no project was given",
     "Give gcp_project_id (or use a key file whose project_id names the project)."},
    {"*", "denied", 403, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("403 in Google's error shape without SERVICE_DISABLED (PERMISSION_DENIED)"),
     "the credential may not call {permission} ({code}), so credprobe cannot tell",
     "Grant {permission} on project {project} (roles/compute.viewer holds it) so credprobe can "
     "tell."},
    {"*", "throttled", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("429, or a rate-limit reason (RATE_LIMIT_EXCEEDED, rateLimitExceeded)"),
     "{service} asked to slow down ({code}), so credprobe cannot tell",
     "Wait a minute and check again."},
    {"*", "no_answer", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("no answer (DNS, refused, timeout, CORS)"),
     "no answer from {host}: {error}",
     "Check the network; in a browser, the relay carries the endpoints that refuse pages."},
    {"*", "*", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "any other answer (5xx, 404 outside Google's shape, unexpected bodies, ...)"),
     "{service} answered HTTP {status} ({code}) to {action}, which proves nothing either way",
     "Try again; the evidence shows the answer."},
};

Table<ReadinessAnswerRow> gcp_answer_rows() {
  return kReadinessAnswerRows;
}

}  // namespace credprobe
