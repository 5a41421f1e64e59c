#include "credprobe/gcp/gcp_provider.hpp"

#include "credprobe/gcp/compute_readiness.hpp"
#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/gcp_probe.hpp"

namespace credprobe {

namespace {

// The token and project read for the credential, then (with gcp_instance_type) the Compute
// Engine readiness check with the token the probe was granted.
std::unique_ptr<Probe> make_gcp_checks(const Fields& fields, const CheckContext& context) {
  // The readiness check owns the grant it reads; the credential probe, which runs before it in
  // the same chain, writes it (readiness.hpp, with_readiness).
  auto grant = std::make_unique<GcpGrant>();
  GcpGrant* written_by_probe = grant.get();
  auto readiness = make_compute_readiness(fields, context, std::move(grant));
  // Built before `readiness` is moved into the chain (argument order is unspecified).
  auto credential = make_gcp_probe(fields, context, readiness ? written_by_probe : nullptr);
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

  p.readiness_critical_path = 3;
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

  p.answers = gcp_answer_table;
  add_readiness(p);
  p.lint = lint_gcp;
  p.make_probe = make_gcp_checks;
  return p;
}

}  // namespace credprobe
