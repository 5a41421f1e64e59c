// Google Cloud's documentation (docs/providers/gcp.md, `credprobe providers`): the requests in
// prose, readiness's summary, rounds and notes. Native builds only: the wasm page never links it.
#include "docs/provider_docs.hpp"

#include "credprobe/gcp/compute_answers.hpp"
#include "credprobe/gcp/compute_quotas.hpp"

namespace credprobe {

void document_gcp(ProviderSpec& p) {
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
  // Decided before anything is sent, so not an answer of the table.
  p.outcomes = {{"a token_uri in the file that is not Google's", Status::malformed,
                 "nothing is sent unless the token endpoint is set explicitly"}};

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
    p.readiness_requests.push_back({std::string(r.method), std::string(r.endpoint),
                                    std::string(r.action) + " " + std::string(r.path),
                                    std::string(r.permission), std::string(r.sends)});
  }
  for (const auto& row : gcp_answer_rows()) {
    std::string requirement = row.request == "*" ? "" : std::string(row.request);
    if (const auto* request = gcp_readiness_request(row.request)) {
      requirement = std::string(request->requirement);
    }
    p.readiness_answers.push_back({std::string(row.request), std::string(row.answer), requirement,
                                   to_string(row.effect), std::string(row.detail),
                                   std::string(row.hint)});
  }
  std::string notes =
      "\n### vCPU metrics by machine series\n\nThe series is the machine type's prefix before "
      "its first `-` (`n2d-standard-4` -> `n2d`). These series have a vCPU metric of their own "
      "(the `*_CPUS` members of Compute Engine v1's `Quota.metric`), which credprobe reads in "
      "place of `CPUS`; every other series (`e2`, `n1`, `g2`, ...) is read against the regional "
      "`CPUS`. A metric the region does not list is `unknown`, never `unmet`.\n\n| series | "
      "regional metric |\n"
      "| --- | --- |\n";
  for (const auto& m : gcp_cpu_metrics())
    notes += "| `" + std::string(m.series) + "` | `" + std::string(m.metric) + "` |\n";
  notes +=
      "\n### GPU metrics by accelerator\n\nA machine type's built-in accelerators "
      "(`accelerators[].guestAcceleratorType` and `guestAcceleratorCount` in machineTypes.get) "
      "count in the region's metric of their model and in the project's `" +
      std::string(kGcpGpusAllRegions) +
      "`. An accelerator outside the table is `unknown`.\n\n| accelerator | regional metric "
      "|\n| --- | --- |\n";
  for (const auto& m : gcp_gpu_metrics()) {
    notes += "| `" + std::string(m.accelerator) + "` | `" + std::string(m.metric) + "` |\n";
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
    notes += "| `" + std::string(lp.permission) + "` | " + std::string(lp.why) + " | " +
             (lp.project_level ? "the project (or above)"
                               : "the project, or a narrower resource (subnetwork, service "
                                 "account)") +
             " |\n";
  }
  p.readiness_rounds =
      "1. The token: the assertion is signed where the check runs (OpenSSL, or WebCrypto in the "
      "page), then exchanged.\n2. The project read: the "
      "credential's last request.\n3. machineTypes.get, regions.get, projects.get and "
      "testIamPermissions, at once: each names only the project, the zone, the region and the type "
      "(projects.get is read only for a type with accelerators).\n";
  p.readiness_notes = notes;
}

}  // namespace credprobe
