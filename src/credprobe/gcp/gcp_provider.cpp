#include "credprobe/gcp/gcp_provider.hpp"

#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/gcp_probe.hpp"

namespace credprobe {

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
       "cloud-platform.read-only, aud = the token URL, 1 hour) signed with private_key, as the "
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
  p.lint = lint_gcp;
  p.make_probe = make_gcp_probe;
  return p;
}

}  // namespace credprobe
