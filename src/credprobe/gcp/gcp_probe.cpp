#include "credprobe/gcp/gcp_probe.hpp"

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/gcp_verdict.hpp"
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
  GcpProbe(GcpCredential credential, std::string project, CheckContext context, GcpGrant* grant)
      : credential_(std::move(credential)),
        project_(std::move(project)),
        context_(std::move(context)),
        grant_(grant) {
    scope_ = kReadOnlyScope;
    if (grant_) scope_ += std::string(" ") + kComputeReadOnlyScope;
  }

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
    claims.scope = scope_;
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
    std::string assertion = jws_compact(signing_input_, result.signature);
    learned_secret(assertion);
    return send_token_request({{"grant_type", kJwtBearer}, {"assertion", assertion}});
  }

  Step on_response(const HttpResult& result) override {
    return stage_ == Stage::token ? on_token_answer(result) : on_project_answer(result);
  }

 private:
  enum class Stage { token, project };

  std::int64_t now() const { return context_.now; }
  bool is_user() const { return credential_.type == GcpCredentialType::authorized_user; }

  Step send_token_request(const FormFields& form) {
    token_request_.method = "POST";
    token_request_.url = destination_.url;
    token_request_.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"Accept", "application/json"}};
    token_request_.body = form_urlencode(form);
    stage_ = Stage::token;
    return SendStep{token_request_, "token"};
  }

  GcpCheckFacts facts() const {
    GcpCheckFacts f;
    f.authorized_user = is_user();
    f.client_id = credential_.client_id;
    f.client_email = credential_.client_email;
    f.private_key_id = credential_.private_key_id;
    f.project = project_;
    f.scope = scope_;
    f.now = now();
    return f;
  }

  Step on_token_answer(const HttpResult& result) {
    token_request_.body.clear();  // the assertion or refresh token: not kept a moment longer
    if (!result.ok()) {
      return DoneStep{transport_failure_verdict(kProvider, token_request_, result, now())};
    }
    const HttpResponse& response = result.response;
    auto error = read_oauth_error(response.body);
    note_code(error ? error->error : "");
    if (gcp_token_granted(response) && !project_.empty()) {
      access_token_ = *read_access_token(response.body);
      learned_secret(access_token_);
      if (grant_) grant_->access_token = access_token_;
      return send_project_request();
    }
    if (auto token = read_access_token(response.body)) learned_secret(*token);
    return DoneStep{verdict_from_token_answer(response, facts())};
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
    project_request_.headers.clear();  // drops the bearer token
    if (result.ok()) {
      auto api_error = read_google_api_error(result.response.body);
      note_code(api_error ? api_error->status : "");
    }
    return DoneStep{verdict_from_project_answer(project_request_, result, facts())};
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
  GcpGrant* grant_;
  std::string scope_;
};

}  // namespace

std::unique_ptr<Probe> make_gcp_probe(const Fields& fields, const CheckContext& context,
                                      GcpGrant* grant) {
  GcpCredential credential =
      read_gcp_credential(field_value(fields, kGcpKeyField)).value_or(GcpCredential{});
  std::string project = field_value(fields, kGcpProjectField);
  if (project.empty()) {
    project = credential.type == GcpCredentialType::authorized_user ? credential.quota_project_id
                                                                    : credential.project_id;
  }
  return std::make_unique<GcpProbe>(std::move(credential), std::move(project), context,
                                    std::move(grant));
}

}  // namespace credprobe
