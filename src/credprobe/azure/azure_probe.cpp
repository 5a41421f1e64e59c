#include "credprobe/azure/azure_probe.hpp"

#include <vector>

#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/azure/azure_verdict.hpp"
#include "credprobe/azure/compute_readiness.hpp"
#include "credprobe/azure/entra_error.hpp"
#include "credprobe/azure/token_claims.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/http.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "azure";
constexpr const char* kArmApiVersion = "2022-12-01";
constexpr int kMaxSubscriptionPages = 10;

const char* const kRelayHint =
    "Entra ID refuses client-secret sign-ins from browser pages. Use a relay: the JupyterLab "
    "extension's server relay, or run `credprobe relay` and paste its URL.";

// "https://login.microsoftonline.com/<tid>/v2.0" -> "<tid>"; "" when the shape differs.
std::string tenant_from_issuer(const std::string& issuer) {
  auto url = parse_url(issuer);
  if (!url) return {};
  std::string path = url->path;
  if (path.size() < 2) return {};
  auto end = path.find('/', 1);
  return path.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

class AzureProbe final : public Probe {
 public:
  AzureProbe(const Fields& fields, CheckContext context, AzureGrantedToken* granted)
      : tenant_(field_value(fields, "azure_tenant_id")),
        client_id_(field_value(fields, "azure_client_id")),
        secret_(field_value(fields, "azure_client_secret")),
        subscription_(field_value(fields, "azure_subscription_id")),
        context_(std::move(context)),
        targets_(azure_targets(fields, context_.endpoints)),
        granted_(granted) {}

  Step start() override {
    if (!targets_) {
      Verdict v =
          new_verdict(kProvider, Status::malformed, "azure_cloud names no known cloud", now());
      v.hint = "Use one of public, usgovernment, china.";
      return DoneStep{v};
    }
    stage_ = Stage::openid;
    request_ = HttpRequest{};
    request_.method = "GET";
    request_.url = join_url(targets_->login,
                            "/" + uri_encode(tenant_) + "/v2.0/.well-known/openid-configuration");
    request_.headers = {{"Accept", "application/json"}};
    return SendStep{request_, "login"};
  }

  Step on_response(const HttpResult& result) override {
    switch (stage_) {
      case Stage::openid:
        return on_openid(result);
      case Stage::token:
        return on_token(result);
      case Stage::subscriptions:
        return on_subscriptions(result);
    }
    return DoneStep{new_verdict(kProvider, Status::indeterminate, "internal error", now())};
  }

 private:
  enum class Stage { openid, token, subscriptions };

  std::int64_t now() const { return context_.now; }

  DoneStep done(Verdict v) { return DoneStep{std::move(v)}; }

  Step transport_failure(const HttpResult& result) {
    Verdict v = transport_failure_verdict(kProvider, request_, result, now());
    // The browser refused the page: Entra ID's own hint. A relay's refusal keeps its own.
    if (result.error == TransportError::browser_blocked && stage_ != Stage::subscriptions) {
      v.hint = kRelayHint;
    }
    return done(std::move(v));
  }

  std::string tenant_words() const { return "tenant " + tenant_; }

  // ---- 1. the tenant's OpenID configuration ----

  // What the table needs to match an Entra or Resource Manager answer.
  AnswerSeen seen(const HttpResponse& response, const std::string& code,
                  const std::string& message) const {
    AnswerSeen out;
    out.status = response.status;
    out.code = code;
    out.message = message;
    out.response = &response;
    out.now = now();
    return out;
  }

  // An answer no row of `request` knows: the shared answers, in Entra's words.
  Verdict shared(const std::string& request, const HttpResponse& response,
                 const std::string& detail) const {
    return shared_answer_verdict(table_.voice, *table_.request(request), response, detail, now());
  }

  Step on_openid(const HttpResult& result) {
    if (!result.ok()) return transport_failure(result);
    const HttpResponse& response = result.response;
    auto error = parse_entra_error(response.body);
    note_code(error ? error->aadsts() : "");
    const AnswerRow* row =
        match_answer(table_, "openid",
                     seen(response, error ? error->aadsts() : "", error ? error->message : ""));
    if (!row) {
      const bool success = response.status >= 200 && response.status < 300;
      return done(shared(
          "openid", response,
          " from the OpenID configuration" + (error && error->code != 0 ? " with " + error->aadsts()
                                              : success ? std::string(" without a token_endpoint")
                                                        : std::string())));
    }
    if (row->id == "config") {
      auto json = parse_json(response.body);
      tenant_guid_ = tenant_from_issuer(json_string(*json, "issuer").value_or(""));
      return send_token_request();
    }
    if (row->id == "unknown_tenant") return done(unknown_tenant(*row, *error));
    return done(other_code(*row, *error, "the OpenID configuration", response.status));
  }

  Verdict unknown_tenant(const AnswerRow& row, const EntraError& error) {
    return row_verdict(table_.voice, row,
                       tenant_words() + " was not found in the " +
                           std::string(targets_->cloud.label) + " (" + error.aadsts() + ")",
                       now());
  }

  Verdict other_code(const AnswerRow& row, const EntraError& error, const std::string& what,
                     int status) {
    Verdict v =
        row_verdict(table_.voice, row,
                    "Entra ID answered " + std::to_string(status) + " from " + what + " with " +
                        error.aadsts() + (error.message.empty() ? "" : ": " + error.message),
                    now());
    v.hint = "Look the code up at https://login.microsoftonline.com/error?code=" +
             std::to_string(error.code) + ".";
    return v;
  }

  // ---- 2. the client-credentials grant ----

  Step send_token_request() {
    stage_ = Stage::token;
    request_ = HttpRequest{};
    request_.method = "POST";
    request_.url = join_url(targets_->login, "/" + uri_encode(tenant_) + "/oauth2/v2.0/token");
    request_.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Accept", "application/json"}};
    request_.body = form_urlencode(FormFields{{"client_id", client_id_},
                                              {"scope", targets_->resource + "/.default"},
                                              {"client_secret", secret_},
                                              {"grant_type", "client_credentials"}});
    return SendStep{request_, "login"};
  }

  Step on_token(const HttpResult& result) {
    // The request carried the secret; it is not kept a moment longer than needed.
    request_.body.clear();
    if (!result.ok()) return transport_failure(result);
    const HttpResponse& response = result.response;
    auto error = parse_entra_error(response.body);
    note_code(error ? error->aadsts() : "");
    const AnswerRow* row = match_answer(
        table_, "token", seen(response, error ? error->aadsts() : "", error ? error->message : ""));
    if (!row) {
      const bool success = response.status >= 200 && response.status < 300;
      return done(shared(
          "token", response,
          " from the token endpoint" + (error && error->code != 0 ? " with " + error->aadsts()
                                        : success ? std::string(" without an access token")
                                                  : std::string())));
    }
    const std::string_view id = row->id;
    if (id == "granted") {
      access_token_ = json_string(*parse_json(response.body), "access_token").value_or("");
      learned_secret(access_token_);
      if (granted_) granted_->access_token = access_token_;
      if (auto claims = decode_token_claims(access_token_)) claims_ = *claims;
      return send_subscriptions_request(join_url(
          targets_->management, std::string("/subscriptions?api-version=") + kArmApiVersion));
    }
    const std::string code = " (" + error->aadsts() + ")";
    if (id == "invalid_secret") {
      return done(row_verdict(table_.voice, *row,
                              "Entra ID rejected the client secret for app " + client_id_ + code,
                              now()));
    }
    if (id == "expired_secret") {
      return done(row_verdict(table_.voice, *row,
                              "the client secret of app " + client_id_ + " has expired" + code,
                              now()));
    }
    if (id == "unknown_client") {
      return done(row_verdict(
          table_.voice, *row,
          "no application with client ID " + client_id_ + " in " + tenant_words() + code, now()));
    }
    if (id == "unknown_tenant") return done(unknown_tenant(*row, *error));
    if (id == "conditional_access") {
      return done(row_verdict(table_.voice, *row,
                              "a Conditional Access policy blocked the sign-in (" +
                                  error->aadsts() + "); the secret may well be valid",
                              now()));
    }
    if (id == "cross_origin") {
      return done(row_verdict(table_.voice, *row,
                              "Entra ID refuses client-secret sign-ins from a browser page" + code,
                              now()));
    }
    return done(other_code(*row, *error, "the token endpoint", response.status));
  }

  // ---- 3. the subscriptions the principal can see ----

  Step send_subscriptions_request(const std::string& url) {
    stage_ = Stage::subscriptions;
    ++pages_;
    request_ = HttpRequest{};
    request_.method = "GET";
    request_.url = url;
    request_.headers = {{"Authorization", "Bearer " + access_token_},
                        {"Accept", "application/json"}};
    return SendStep{request_, "management"};
  }

  Step on_subscriptions(const HttpResult& result) {
    request_.headers.clear();  // drops the bearer token
    if (!result.ok()) {
      Verdict failure = transport_failure_verdict(kProvider, request_, result, now());
      return done(after_arm_failure(failure.summary, failure.hint));
    }
    const HttpResponse& response = result.response;
    auto arm_error = response.status == 200 ? std::nullopt : parse_arm_error(response.body);
    note_code(arm_error ? arm_error->code : "");
    const AnswerRow* row = match_answer(
        table_, "subscriptions",
        seen(response, arm_error ? arm_error->code : "", arm_error ? arm_error->message : ""));
    std::string said;
    if (arm_error) {
      said = " (" + arm_error->code + (arm_error->message.empty() ? "" : ": ") +
             arm_error->message + ")";
    }
    if (!row) {
      const bool success = response.status >= 200 && response.status < 300;
      Verdict failure = shared("subscriptions", response,
                               success ? " with a body that is not a subscriptions list" : said);
      return done(after_arm_failure(failure.summary, failure.hint));
    }
    if (row->id == "token_refused") {
      return done(
          after_arm_failure("Resource Manager answered " + std::to_string(response.status) + said,
                            std::string(row->hint)));
    }
    auto page = parse_subscription_page(response.body);
    subscriptions_.insert(subscriptions_.end(), page->subscriptions.begin(),
                          page->subscriptions.end());
    if (!page->next_link.empty() && pages_ < kMaxSubscriptionPages) {
      auto next = parse_url(page->next_link);
      auto base = parse_url(targets_->management);
      // The token goes only to the Resource Manager it was issued for.
      if (next && base && next->origin() == base->origin()) {
        return send_subscriptions_request(page->next_link);
      }
      more_pages_skipped_ = true;
    } else if (!page->next_link.empty()) {
      more_pages_skipped_ = true;
    }
    return done(with_subscriptions());
  }

  AzureGrantFacts grant_facts() const {
    AzureGrantFacts f;
    f.tenant = tenant_;
    f.tenant_guid = tenant_guid_;
    f.client_id = client_id_;
    f.subscription = subscription_;
    f.cloud = targets_->cloud.name;
    f.claims = claims_;
    f.now = now();
    return f;
  }

  Verdict after_arm_failure(const std::string& what, const std::string& hint) const {
    return verdict_after_arm_failure(grant_facts(), what, hint);
  }

  Verdict with_subscriptions() const {
    return verdict_from_subscriptions(grant_facts(), subscriptions_, more_pages_skipped_);
  }

  std::string tenant_;
  std::string client_id_;
  std::string secret_;
  std::string subscription_;
  CheckContext context_;
  std::optional<AzureTargets> targets_;  // nullopt when azure_cloud names no known cloud
  AzureGrantedToken* granted_;           // where the readiness check finds the token
  const AnswerTable& table_ = azure_answer_table();

  Stage stage_ = Stage::openid;
  HttpRequest request_;
  std::string tenant_guid_;
  std::string access_token_;
  TokenClaims claims_;
  std::vector<ArmSubscription> subscriptions_;
  int pages_ = 0;
  bool more_pages_skipped_ = false;
};

}  // namespace

std::unique_ptr<Probe> make_azure_credential_probe(const Fields& fields,
                                                   const CheckContext& context,
                                                   AzureGrantedToken* granted) {
  return std::make_unique<AzureProbe>(fields, context, std::move(granted));
}

std::unique_ptr<Probe> make_azure_probe(const Fields& fields, const CheckContext& context) {
  // The readiness check owns the token it reads; the credential probe, which runs before it in
  // the same chain, writes it (readiness.hpp, with_readiness).
  auto granted = std::make_unique<AzureGrantedToken>();
  AzureGrantedToken* written_by_probe = granted.get();
  auto readiness = make_azure_compute_readiness(fields, context, std::move(granted));
  auto credential =
      make_azure_credential_probe(fields, context, readiness ? written_by_probe : nullptr);
  return with_readiness(std::move(credential), std::move(readiness));
}

}  // namespace credprobe
