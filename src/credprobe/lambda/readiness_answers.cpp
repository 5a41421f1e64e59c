#include "credprobe/lambda/readiness_answers.hpp"

namespace credprobe {

namespace {

// A macro, not a constant: rows end with it, and a constexpr row's text must be one literal.
#define CREDPROBE_LAMBDA_CAPACITY_NOTE \
  "Capacity changes minute to minute: this is what Lambda listed at the time of the check"

}  // namespace

constexpr ReadinessRequirementSpec kLambdaRequirements[] = {
    {"instance_type_exists", "{type} is a Lambda Cloud instance type"},
    {"capacity", "{type} has capacity in {where} now"},
    {"ssh_key", "an SSH key is registered (a launch needs one)"},
};

Table<ReadinessRequirementSpec> lambda_requirements() {
  return kLambdaRequirements;
}

constexpr LambdaReadinessRequest kLambdaReadinessRequests[] = {
    {"instance-types",
     "/api/v1/instance-types",
     {"instance_type_exists", "capacity"},
     CREDPROBE_DOC_TEXT(
         "the key, as `Authorization: Bearer`, nothing else; one second after the instance list "
         "(Lambda allows about one request per second). Of the answer only the instance type "
         "names, the configured type's description and the names of the regions with capacity "
         "are kept")},
    {"ssh-keys",
     "/api/v1/ssh-keys",
     {"ssh_key", ""},
     CREDPROBE_DOC_TEXT(
         "the key, as `Authorization: Bearer`, nothing else; one second after the instance "
         "types. Of the answer only the number of SSH keys and their names are kept (never the "
         "public keys)")},
};

Table<LambdaReadinessRequest> lambda_readiness_requests() {
  return kLambdaReadinessRequests;
}

const LambdaReadinessRequest* lambda_readiness_request(std::string_view name) {
  for (const auto& r : lambda_readiness_requests()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

using S = RequirementState;

constexpr LambdaReadinessRow kLambdaReadinessRows[] = {
    // The instance type exists.
    {"instance-types", "instance_type_exists", "listed", S::met,
     CREDPROBE_DOC_TEXT("200 whose `data` has the type as a key"),
     "Lambda lists {type} ({description})", ""},
    {"instance-types", "instance_type_exists", "not_listed", S::unmet,
     CREDPROBE_DOC_TEXT("200 whose `data` does not have the type"),
     "Lambda lists no instance type named {type}; the closest names: {closest}",
     "Set lambda_instance_type to one of Lambda's instance type names (the dashboard's launch "
     "page lists them), e.g. {closest_first}."},
    // Capacity now, from the type's regions_with_capacity_available.
    {"instance-types", "capacity", "in_region", S::met,
     CREDPROBE_DOC_TEXT(
         "200; the type's `regions_with_capacity_available` has the configured region"),
     "{type} has capacity in {region} (regions with capacity: "
     "{regions}). " CREDPROBE_LAMBDA_CAPACITY_NOTE,
     ""},
    {"instance-types", "capacity", "anywhere", S::met,
     CREDPROBE_DOC_TEXT("200; no region configured and the type has capacity in some region"),
     "{type} has capacity in {regions}. " CREDPROBE_LAMBDA_CAPACITY_NOTE, ""},
    {"instance-types", "capacity", "elsewhere", S::unmet,
     CREDPROBE_DOC_TEXT("200; the type has capacity, but not in the configured region"),
     "{type} has no capacity in {region} now; it has in {regions}. " CREDPROBE_LAMBDA_CAPACITY_NOTE,
     "Set lambda_region to one of {regions}, or check again later."},
    {"instance-types", "capacity", "nowhere", S::unmet,
     CREDPROBE_DOC_TEXT("200; the type's `regions_with_capacity_available` is empty"),
     "{type} has no capacity in any region now. " CREDPROBE_LAMBDA_CAPACITY_NOTE,
     "Check again later (capacity is freed as other launches end), or choose another "
     "instance type."},
    {"instance-types", "capacity", "not_a_type", S::unknown,
     CREDPROBE_DOC_TEXT("(decided with the type) the type is not listed"),
     "not checked: {type} is not an instance "
     "type",
     ""},
    // An SSH key is registered.
    {"ssh-keys", "ssh_key", "keys", S::met,
     CREDPROBE_DOC_TEXT("200 whose `data` lists at least one key"), "{count} registered: {names}",
     ""},
    {"ssh-keys", "ssh_key", "no_keys", S::unmet, CREDPROBE_DOC_TEXT("200 whose `data` is empty"),
     "no SSH key is registered, and Lambda refuses a launch that names none",
     "Add your public key at https://cloud.lambda.ai/ssh-keys (SSH keys, Add SSH key)."},
    // Shared by every readiness request.
    {"*", "*", "rate_limited", S::unknown, CREDPROBE_DOC_TEXT("429 (Retry-After kept)"),
     "Lambda asked to slow down (429{retry_note}) on {path}, so credprobe cannot tell",
     "Lambda allows about one request per second; check again {wait}."},
    {"*", "*", "refused", S::unknown,
     CREDPROBE_DOC_TEXT("401 or 403 (after the instance list proved the key)"),
     "Lambda refused {path} ({status}{code_note}), so credprobe cannot tell",
     "Lambda API keys are not scoped, so this is the account's refusal (an inactive account, "
     "a team role without access): check the account at https://cloud.lambda.ai, then try "
     "again."},
    {"*", "*", "server_error", S::unknown, CREDPROBE_DOC_TEXT("5xx"),
     "Lambda answered {status}{code_note} to {path}, which proves nothing either way",
     "Lambda may be having trouble; try again shortly."},
    {"*", "*", "not_shape", S::unknown,
     CREDPROBE_DOC_TEXT("2xx that is not Lambda's {\"data\": ...} shape"),
     "{path} answered {status}, but not with Lambda's {\"data\": ...} shape, which proves "
     "nothing either way",
     "Something between you and Lambda (a proxy, a captive portal) may have answered. Check "
     "the endpoint and proxy settings."},
    {"*", "*", "no_answer", S::unknown,
     CREDPROBE_DOC_TEXT("no answer (DNS, refused, timeout, CORS)"),
     "no answer from {host} to {path}: {error}",
     "Check the network; in a browser, the relay carries Lambda's API, which refuses pages."},
    {"*", "*", "*", S::unknown, CREDPROBE_DOC_TEXT("any other answer (3xx, 4xx, ...)"),
     "{path} answered {status}{code_note}, which proves nothing either way",
     "Try again; the evidence shows the answer."},
};

Table<LambdaReadinessRow> lambda_readiness_rows() {
  return kLambdaReadinessRows;
}

const LambdaReadinessRow& lambda_readiness_row(std::string_view request,
                                               std::string_view requirement,
                                               std::string_view token) {
  const auto& rows = lambda_readiness_rows();
  for (const auto& row : rows) {
    if (row.request == request && row.requirement == requirement && row.match == token) return row;
  }
  for (const auto& row : rows) {
    if (row.request == "*" && row.match == token) return row;
  }
  return rows.back();
}

}  // namespace credprobe
