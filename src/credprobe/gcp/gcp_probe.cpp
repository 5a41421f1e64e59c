#include "credprobe/gcp/gcp_probe.hpp"

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/gcp/jwt.hpp"
#include "credprobe/gcp/token_destination.hpp"
#include "credprobe/text.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "gcp";
constexpr const char* kJwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

class GcpProbe final : public Probe {
 public:
  GcpProbe(GcpCredential credential, std::string project, CheckContext context)
      : credential_(std::move(credential)),
        project_(std::move(project)),
        context_(std::move(context)) {}

  Step start() override {
    destination_ = token_destination(credential_, context_.endpoints);
    if (!destination_.refusal.empty()) {
      Verdict v = new_verdict(kProvider, Status::malformed, destination_.refusal, now());
      v.hint = destination_.hint;
      return DoneStep{v};
    }
    if (credential_.type == GcpCredentialType::authorized_user) {
      return send_token_request({{"grant_type", "refresh_token"},
                                 {"client_id", credential_.client_id},
                                 {"client_secret", credential_.client_secret},
                                 {"refresh_token", credential_.refresh_token}});
    }
    ServiceAccountClaims claims;
    claims.issuer = credential_.client_email;
    claims.scope = kReadOnlyScope;
    claims.audience = destination_.audience;
    claims.issued_at = now();
    claims.expires_at = now() + kAssertionLifetimeSeconds;
    SignStep sign;
    sign.private_key_pem = credential_.private_key;
    sign.data =
        jws_signing_input(jwt_header_json(credential_.private_key_id), jwt_claims_json(claims));
    signing_input_ = sign.data;
    return sign;
  }

  Step on_signature(const SignResult& result) override {
    if (!result.ok()) {
      // A key that passed the offline checks but that the platform's RSA cannot use is the
      // input's fault; anything else (no signer, a deadline) is the driver's.
      const bool key_problem = contains(result.error, "key");
      Verdict v = new_verdict(kProvider, key_problem ? Status::malformed : Status::indeterminate,
                              "could not sign the assertion: " + result.error, now());
      v.hint = key_problem ? "Nothing was sent. Download a new JSON key for the service account."
                           : "Nothing was sent. Try again.";
      return DoneStep{v};
    }
    return send_token_request(
        {{"grant_type", kJwtBearer}, {"assertion", jws_compact(signing_input_, result.signature)}});
  }

  Step on_response(const HttpResult& result) override {
    return stage_ == Stage::token ? on_token_answer(result) : on_project_answer(result);
  }

 private:
  enum class Stage { token, project };

  std::int64_t now() const { return context_.now; }
  bool is_user() const { return credential_.type == GcpCredentialType::authorized_user; }

  std::string who() const {
    return is_user() ? "the application-default login (client " + credential_.client_id + ")"
                     : credential_.client_email;
  }

  Step send_token_request(const FormFields& form) {
    token_request_.method = "POST";
    token_request_.url = destination_.url;
    token_request_.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"Accept", "application/json"}};
    token_request_.body = form_urlencode(form);
    stage_ = Stage::token;
    return SendStep{token_request_, "token"};
  }

  Verdict finish(Verdict v) {
    v.evidence.insert(v.evidence.begin(), evidence_.begin(), evidence_.end());
    return v;
  }

  void add_identity(Verdict& v) const {
    if (is_user()) {
      // Not "client_id": the file has a line with that name and value, which the redactor treats as
      // part of the secret file.
      v.identity.push_back({"oauth_client_id", credential_.client_id});
    } else {
      v.identity.push_back({"service_account", credential_.client_email});
      v.identity.push_back({"key_id", credential_.private_key_id});
    }
  }

  Step on_token_answer(const HttpResult& result) {
    if (!result.ok()) {
      return DoneStep{transport_failure_verdict(kProvider, token_request_, result, now())};
    }
    const HttpResponse& response = result.response;
    auto error = read_oauth_error(response.body);
    evidence_.push_back(evidence_for(token_request_, result, error ? error->error : ""));
    if (response.status == 200) {
      auto token = read_access_token(response.body);
      if (!token) {
        Verdict v = new_verdict(kProvider, Status::indeterminate,
                                "the token endpoint answered 200 without an access token", now());
        v.hint =
            "Something other than Google's token endpoint answered. Check the endpoint and "
            "proxy settings.";
        return DoneStep{finish(v)};
      }
      access_token_ = *token;
      if (project_.empty()) {
        Verdict v = new_verdict(kProvider, Status::valid,
                                "Google granted an access token to " + who() +
                                    "; no project was given, so none was read",
                                now());
        add_identity(v);
        v.hint = "Give gcp_project_id to also check what the credential can reach.";
        return DoneStep{finish(v)};
      }
      return send_project_request();
    }
    return DoneStep{finish(token_refusal(response, error))};
  }

  Verdict token_refusal(const HttpResponse& response, const std::optional<OAuthError>& error) {
    const std::string status = std::to_string(response.status);
    const std::string code = error ? error->error : "";
    const std::string description = error ? error->description : "";
    const std::string quoted =
        code.empty() ? "" : " (" + code + (description.empty() ? "" : ": " + description) + ")";
    Verdict v;
    if (response.status == 429) {
      return rate_limited_verdict(kProvider, "Google's token endpoint is rate limiting (429)",
                                  response.headers, now());
    }
    if (response.status >= 500) {
      v = new_verdict(kProvider, Status::indeterminate,
                      "Google's token endpoint answered " + status +
                          ", a server error that proves nothing about the credential",
                      now());
      v.hint = "Try again later; see https://status.cloud.google.com.";
      return v;
    }
    if (code == "invalid_grant" && is_user()) {
      v = new_verdict(kProvider, Status::invalid, "Google refused the refresh token" + quoted,
                      now());
      v.hint =
          "The login expired or was revoked. Run `gcloud auth application-default login` "
          "again.";
    } else if (code == "invalid_grant" &&
               (contains(description, "short-lived") || contains(description, "timeframe") ||
                contains(description, "iat and exp"))) {
      v = new_verdict(kProvider, Status::indeterminate,
                      "Google judged the assertion's time out of range" + quoted +
                          "; this says nothing about the key",
                      now());
      v.hint = "The assertion was dated " + iso8601_utc(now()) +
               " by this machine's clock; Google accepts it only if that is close to the real "
               "time. Sync the clock (NTP) and check again.";
    } else if (code == "invalid_grant" && contains(description, "Invalid JWT Signature")) {
      v = new_verdict(kProvider, Status::invalid, "Google rejected the key's signature" + quoted,
                      now());
      v.hint = "Key " + credential_.private_key_id +
               " is deleted or disabled, or does not belong to " + credential_.client_email +
               ". Create a new key under IAM > Service accounts > Keys.";
    } else if (code == "invalid_grant" && contains(description, "account not found")) {
      // Google's own words for a deleted or disabled account; a description that merely
      // mentions "disabled" or "deleted" (a project, an API) is no rejection of the key.
      v = new_verdict(kProvider, Status::invalid, "Google refused the service account" + quoted,
                      now());
      v.hint = "The service account " + credential_.client_email +
               " is disabled or deleted. Enable it (IAM > Service accounts) or use another "
               "account's key.";
    } else if (code == "invalid_grant" && contains(description, "Invalid JWT")) {
      // The assertion itself was refused (audience, claims): a problem of the request, not a
      // verdict on the key.
      v = new_verdict(kProvider, Status::indeterminate, "Google refused the assertion" + quoted,
                      now());
      v.hint =
          "The token endpoint did not accept the JWT's claims; check that the token "
          "endpoint is Google's.";
    } else if (is_user() && (code == "invalid_grant" || code == "invalid_client" ||
                             code == "unauthorized_client")) {
      // An authorized_user file's client id, secret and refresh token are the credential.
      v = new_verdict(kProvider, Status::invalid, "Google refused the credential" + quoted, now());
      v.hint = "Run `gcloud auth application-default login` again.";
    } else if (code == "invalid_grant" || code == "invalid_client") {
      // A service-account refusal whose description names neither the signature, the account
      // nor the time: not an authoritative verdict on the key (the honesty rule).
      v = new_verdict(
          kProvider, Status::indeterminate,
          "Google refused the assertion for a reason that does not name the key" + quoted, now());
      v.hint = "Read Google's description in the summary; the key itself may still be valid.";
    } else if (code == "unauthorized_client") {
      v = new_verdict(kProvider, Status::indeterminate,
                      "Google did not allow this grant or scope" + quoted, now());
      v.hint = "This answer is about delegation or scopes, not about the key itself.";
    } else {
      v = new_verdict(kProvider, Status::indeterminate,
                      "unexpected answer " + status + " from the token endpoint" + quoted, now());
      v.hint = "Check the token endpoint: it should be Google's.";
    }
    return v;
  }

  Step send_project_request() {
    project_request_.method = "GET";
    project_request_.url =
        join_url(context_.endpoints.url("resourcemanager"), "/v3/projects/" + uri_encode(project_));
    project_request_.headers = {{"Authorization", "Bearer " + access_token_},
                                {"Accept", "application/json"}};
    stage_ = Stage::project;
    return SendStep{project_request_, "resourcemanager"};
  }

  Step on_project_answer(const HttpResult& result) {
    if (!result.ok()) {
      Verdict v = transport_failure_verdict(kProvider, project_request_, result, now());
      v.summary = "Google granted a token to " + who() + ", but " + v.summary;
      return DoneStep{finish(v)};  // finish() puts the token request's evidence first
    }
    const HttpResponse& response = result.response;
    auto api_error = read_google_api_error(response.body);
    evidence_.push_back(evidence_for(project_request_, result, api_error ? api_error->status : ""));
    const std::string status = std::to_string(response.status);
    Verdict v;
    if (response.status == 200) {
      auto project = read_project(response.body);
      if (!project) {
        v = new_verdict(kProvider, Status::indeterminate,
                        "Cloud Resource Manager answered 200 without a project", now());
        v.hint = "Check the resourcemanager endpoint and proxy settings.";
        return DoneStep{finish(v)};
      }
      v = new_verdict(kProvider, Status::valid, "", now());
      add_identity(v);
      v.identity.push_back({"project", project->project_id});
      if (!project->display_name.empty())
        v.identity.push_back({"project_name", project->display_name});
      if (!project->number.empty()) v.identity.push_back({"project_number", project->number});
      if (!project->state.empty() && project->state != "ACTIVE") {
        v.identity.push_back({"project_state", project->state});
      }
      v.permissions.push_back({"project " + project->project_id, {"resourcemanager.projects.get"}});
      if (!is_user()) v.permissions.push_back({"token scope", {kReadOnlyScope}});
      v.summary = (is_user() ? "application-default login works (OAuth client " +
                                   credential_.client_id + ")"
                             : "key works for " + credential_.client_email) +
                  ": project " + project->project_id;
      if (!project->display_name.empty()) v.summary += " (\"" + project->display_name + "\")";
      v.summary += " is readable";
      if (!project->state.empty() && project->state != "ACTIVE") {
        v.summary += " (state " + project->state + ")";
      }
      return DoneStep{finish(v)};
    }
    const std::string said =
        api_error && !api_error->message.empty() ? ": " + api_error->message : "";
    const std::string works = (is_user() ? "the login works" : "the key works") +
                              std::string(" (Google granted a token to ") + who() + ")";
    // A denial is Google's only in Google's error shape with the same code: a proxy's or web
    // filter's 403 page says nothing about the credential's permissions.
    if ((response.status == 403 || response.status == 404) && api_error &&
        api_error->code == response.status) {
      v = new_verdict(kProvider, Status::insufficient,
                      works + ", but project " + project_ + " could not be read (" + status +
                          (api_error && !api_error->status.empty() ? " " + api_error->status : "") +
                          ")" + said,
                      now());
      add_identity(v);
      if (api_error && api_error->reason == "SERVICE_DISABLED") {
        v.hint =
            "Enable the Cloud Resource Manager API in the credential's project, then check "
            "again.";
      } else if (response.status == 404) {
        v.hint = "Project " + project_ + " does not exist. Check gcp_project_id.";
      } else {
        v.hint =
            "Google answers 403 both when the project does not exist and when the "
            "credential may not read it. Check gcp_project_id, or grant a role with "
            "resourcemanager.projects.get (for example roles/browser) on " +
            project_ + ".";
      }
      return DoneStep{finish(v)};
    }
    if (response.status == 429) {
      v = rate_limited_verdict(kProvider,
                               works + ", but Cloud Resource Manager is rate limiting (429)",
                               response.headers, now());
    } else if (response.status >= 500) {
      v = new_verdict(kProvider, Status::indeterminate,
                      works + ", but Cloud Resource Manager answered " + status, now());
      v.hint = "Try again later; see https://status.cloud.google.com.";
    } else {
      v = new_verdict(kProvider, Status::indeterminate,
                      works + ", but Cloud Resource Manager answered " + status + said, now());
      v.hint = "Check the resourcemanager endpoint: it should be Google's.";
    }
    add_identity(v);
    return DoneStep{finish(v)};
  }

  GcpCredential credential_;
  std::string project_;
  CheckContext context_;
  TokenDestination destination_;
  Stage stage_ = Stage::token;
  std::string signing_input_;
  std::string access_token_;
  HttpRequest token_request_;
  HttpRequest project_request_;
  std::vector<Evidence> evidence_;
};

}  // namespace

std::unique_ptr<Probe> make_gcp_probe(const Fields& fields, const CheckContext& context) {
  GcpCredential credential =
      read_gcp_credential(field_value(fields, kGcpKeyField)).value_or(GcpCredential{});
  std::string project = field_value(fields, kGcpProjectField);
  if (project.empty()) {
    project = credential.type == GcpCredentialType::authorized_user ? credential.quota_project_id
                                                                    : credential.project_id;
  }
  return std::make_unique<GcpProbe>(std::move(credential), std::move(project), context);
}

}  // namespace credprobe
