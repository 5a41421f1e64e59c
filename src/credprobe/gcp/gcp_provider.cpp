#include "credprobe/gcp/gcp_provider.hpp"

#include "credprobe/gcp/compute_answers.hpp"
#include "credprobe/gcp/compute_quotas.hpp"
#include "credprobe/gcp/compute_readiness.hpp"
#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/gcp_probe.hpp"

namespace credprobe {

namespace {

// The token and project read for the credential, then (with gcp_instance_type) the Compute
// Engine readiness check with the token the probe was granted.
std::unique_ptr<Probe> make_gcp_checks(const Fields& fields, const CheckContext& context) {
  auto grant = std::make_shared<GcpGrant>();
  auto readiness = make_compute_readiness(fields, context, grant);
  // Built before `readiness` is moved into the chain (argument order is unspecified).
  auto credential = make_gcp_probe(fields, context, readiness ? grant : nullptr);
  return with_readiness(std::move(credential), std::move(readiness));
}

void add_readiness(ProviderSpec& p) {
  FieldSpec type;
  type.name = kGcpInstanceTypeField;
  type.label = "Machine type";
  type.kind = FieldKind::text;
  type.group = "Compute";
  type.help =
      "The Compute Engine machine type the configuration launches (Clustrix's "
      "gcp_instance_type), e.g. g2-standard-8. When given, the check goes on to ask, read-only, "
      "whether one VM of it can launch in gcp_zone: the Compute Engine API is enabled, the type "
      "is offered there, the region's vCPU and GPU quotas and the project's GPUS_ALL_REGIONS "
      "cover it, and the credential holds the permissions a launch needs.";
  FieldSpec zone;
  zone.name = kGcpZoneField;
  zone.label = "Zone";
  zone.kind = FieldKind::text;
  zone.group = "Compute";
  zone.default_value = kGcpDefaultZone;
  zone.env_vars = {"CLOUDSDK_COMPUTE_ZONE"};
  zone.help = "The zone the VM is launched in (default us-central1-a, as Clustrix's).";
  FieldSpec region;
  region.name = kGcpRegionField;
  region.label = "Region";
  region.kind = FieldKind::text;
  region.group = "Compute";
  region.env_vars = {"CLOUDSDK_COMPUTE_REGION"};
  region.help =
      "The region whose quotas count the VM; derived from the zone when empty (us-central1-a is "
      "in us-central1). Must be the zone's region.";
  p.fields.push_back(type);
  p.fields.push_back(zone);
  p.fields.push_back(region);

  EndpointSpec compute;
  compute.name = "compute";
  compute.label = "Compute Engine API";
  compute.default_url = "https://compute.googleapis.com";
  // Like every *.googleapis.com REST API, Compute Engine answers CORS (reflecting the page's
  // Origin, preflights included): the Google API JavaScript client calls it from pages. The
  // bearer header makes each GET preflighted, which it answers.
  compute.browser_callable = true;
  compute.hosts = {"compute.googleapis.com"};
  compute.readiness_only = true;
  p.endpoints.push_back(compute);

  p.readiness_summary =
      "With `gcp_instance_type`, a valid credential whose project was read is asked, read-only, "
      "whether one VM of that machine type can launch in `gcp_zone`, with the access token "
      "Google just granted: the Compute Engine API is enabled in the project (a 403 whose "
      "`google.rpc.ErrorInfo` says `SERVICE_DISABLED` proves it is not; the hint is Google's "
      "`activationUrl`), the machine type is offered in the zone (404 proves it is not), the "
      "region's vCPU quota and, for types with GPUs, the region's GPU quota and the project's "
      "`GPUS_ALL_REGIONS` have `limit - usage` enough for one VM, and the credential holds the "
      "permissions a launch needs. Nothing is created, changed or reserved: every request is a "
      "read, and `testIamPermissions` only asks.\n\n"
      "**Token scope.** The JWT asks for `cloud-platform.read-only` and, only when readiness "
      "runs, `compute.readonly`: Compute Engine's methods accept no other read-only scope (its "
      "v1 discovery document lists `cloud-platform`, `compute` and `compute.readonly` for "
      "`machineTypes.get`, `regions.get` and `projects.get`), while Cloud Resource Manager's "
      "`projects.get` and `testIamPermissions` accept `cloud-platform.read-only`. Both are "
      "read-only scopes, the narrowest that work; a token of these scopes cannot create "
      "anything, whatever roles the account holds. An `authorized_user` login keeps the scopes "
      "it was granted at login (gcloud grants `cloud-platform`).\n\n"
      "**testIamPermissions may fail open.** Google documents `testIamPermissions` as "
      "\"designed to be used for building permission-aware UIs and command-line tools, not for "
      "authorization checking\", and says it \"may 'fail open' without warning\". So "
      "credprobe never reports the permission `met` from it alone when another answer "
      "contradicts it: when a Compute Engine read in the same check was refused "
      "(PERMISSION_DENIED), the requirement is `unknown`. It tests the project only: "
      "`compute.subnetworks.use`, `compute.subnetworks.useExternalIp` and "
      "`iam.serviceAccounts.actAs` may also be granted on the subnetwork (or a Shared VPC host "
      "project) or on the service account, which a test on the project cannot see, so their "
      "absence is `unknown`, never `unmet`.\n\n"
      "**Browsers.** Compute Engine and Cloud Resource Manager answer CORS as every "
      "googleapis.com API does, so the page calls both directly.";
  for (const auto& r : gcp_readiness_requests()) {
    p.readiness_requests.push_back(
        {r.method, r.endpoint, r.action + " " + r.path, r.permission, r.sends});
  }
  for (const auto& row : gcp_answer_rows()) {
    std::string requirement = row.request == "*" ? "" : row.request;
    if (const auto* request = gcp_readiness_request(row.request)) {
      requirement = request->requirement;
    }
    p.readiness_answers.push_back(
        {row.request, row.answer, requirement, to_string(row.effect), row.detail, row.hint});
  }
  std::string notes =
      "\n### vCPU metrics by machine series\n\nThe series is the machine type's prefix before "
      "its first `-` (`n2d-standard-4` -> `n2d`). These series have a vCPU metric of their own "
      "(the `*_CPUS` members of Compute Engine v1's `Quota.metric`), which credprobe reads in "
      "place of `CPUS`; every other series (`e2`, `n1`, `g2`, ...) is read against the regional "
      "`CPUS`. A metric the region does not list is `unknown`, never `unmet`.\n\n| series | "
      "regional metric |\n"
      "| --- | --- |\n";
  for (const auto& m : gcp_cpu_metrics()) notes += "| `" + m.series + "` | `" + m.metric + "` |\n";
  notes +=
      "\n### GPU metrics by accelerator\n\nA machine type's built-in accelerators "
      "(`accelerators[].guestAcceleratorType` and `guestAcceleratorCount` in machineTypes.get) "
      "count in the region's metric of their model and in the project's `" +
      std::string(kGcpGpusAllRegions) +
      "`. An accelerator outside the table is `unknown`.\n\n| accelerator | regional metric "
      "|\n| --- | --- |\n";
  for (const auto& m : gcp_gpu_metrics()) {
    notes += "| `" + m.accelerator + "` | `" + m.metric + "` |\n";
  }
  notes +=
      "\n### Permissions a launch needs (asked with testIamPermissions)\n\nAs "
      "`instances.insert` checks them for a VM with a boot disk from a public image, a network "
      "interface with an external address, metadata and the default service account (Compute "
      "Engine's \"Create a VM instance\" page, its required roles "
      "`roles/compute.instanceAdmin.v1` and `roles/iam.serviceAccountUser`). A missing one that "
      "only the project grants is `unmet`; one a narrower resource may grant is `unknown`.\n\n"
      "| permission | needed for | granted where |\n| --- | --- | --- |\n";
  for (const auto& lp : gcp_launch_permissions()) {
    notes += "| `" + lp.permission + "` | " + lp.why + " | " +
             (lp.project_level ? "the project (or above)"
                               : "the project, or a narrower resource (subnetwork, service "
                                 "account)") +
             " |\n";
  }
  p.readiness_critical_path = 3;
  p.readiness_rounds =
      "1. The token: the assertion is signed where the check runs (OpenSSL, or WebCrypto in the "
      "page), then exchanged.\n2. The project read: the "
      "credential's last request.\n3. machineTypes.get, regions.get, projects.get and "
      "testIamPermissions, at once: each names only the project, the zone, the region and the type "
      "(projects.get is read only for a type with accelerators).\n";
  p.readiness_notes = notes;
}

}  // namespace

ProviderSpec gcp_provider() {
  ProviderSpec p;
  p.id = "gcp";
  p.display_name = "Google Cloud";
  p.clustrix_type = "gcp";
  p.summary =
      "Signs a short-lived JWT with the service-account key (RS256, by the platform: OpenSSL or "
      "WebCrypto; the key never leaves the machine), trades it for an access token at Google's "
      "token endpoint, then reads the project from Cloud Resource Manager with that token. The "
      "token proves the key; the project read shows what it reaches. gcloud application-default "
      "logins (authorized_user files) are checked with their refresh token the same way.";

  FieldSpec key;
  key.name = kGcpKeyField;
  key.label = "Service account key (JSON)";
  key.kind = FieldKind::json;
  key.required = true;
  // GOOGLE_APPLICATION_CREDENTIALS holds a path, not the key: the file it names is read (see
  // src/native/gcp_sources.cpp), then the gcloud application-default credentials file.
  key.files = {"${GOOGLE_APPLICATION_CREDENTIALS}",
               "${CLOUDSDK_CONFIG:-~/.config/gcloud}/application_default_credentials.json"};
  key.help =
      "The JSON key file of a service account (IAM > Service accounts > Keys > Add key > JSON), "
      "pasted whole or given as @FILE; or the file GOOGLE_APPLICATION_CREDENTIALS names; or the "
      "authorized_user file `gcloud auth application-default login` writes. Only the signature "
      "made with private_key travels, never the key.";
  FieldSpec project;
  project.name = kGcpProjectField;
  project.label = "Project ID";
  project.kind = FieldKind::text;
  project.env_vars = {"GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"};
  project.help =
      "The project to read (its ID, such as my-project-123, or its number). Defaults to the "
      "key's project_id (an authorized_user file's quota_project_id).";
  p.fields = {key, project};

  EndpointSpec token;
  token.name = "token";
  token.label = "Google OAuth 2.0 token endpoint";
  token.default_url = "https://oauth2.googleapis.com";
  // Google's token endpoint answers cross-origin requests: browser OAuth libraries (AppAuth-JS's
  // demo with accounts.google.com, for one) exchange codes there with XHR. The jwt-bearer POST
  // with a form body is a CORS-simple request, so it needs no preflight either.
  token.browser_callable = true;
  token.hosts = {"oauth2.googleapis.com"};
  EndpointSpec crm;
  crm.name = "resourcemanager";
  crm.label = "Cloud Resource Manager API";
  crm.default_url = "https://cloudresourcemanager.googleapis.com";
  // *.googleapis.com REST APIs answer CORS (the Google API JavaScript client calls them from
  // pages); the bearer header makes the GET preflighted, which they answer.
  crm.browser_callable = true;
  crm.hosts = {"cloudresourcemanager.googleapis.com"};
  p.endpoints = {token, crm};

  p.requests = {
      {"POST", "token", "/token",
       "service account: a JWT (iss = client_email, kid = private_key_id, scope = "
       "cloud-platform.read-only, plus compute.readonly when readiness runs, aud = the token "
       "URL, 1 hour) signed with private_key, as the "
       "jwt-bearer grant; the private key itself is never sent. authorized_user: client_id, "
       "client_secret and refresh_token as the refresh_token grant. Only to Google's endpoint: "
       "a token_uri in the file that is not Google's is refused unless --endpoint token=URL"},
      {"GET", "resourcemanager", "/v3/projects/{project}",
       "the access token Google just granted, as `Authorization: Bearer`; the project ID"},
  };
  p.answers = gcp_answer_table;
  // Decided before anything is sent, so not an answer of the table.
  p.outcomes = {{"a token_uri in the file that is not Google's", Status::malformed,
                 "nothing is sent unless the token endpoint is set explicitly"}};
  add_readiness(p);
  p.lint = lint_gcp;
  p.make_probe = make_gcp_checks;
  return p;
}

}  // namespace credprobe
