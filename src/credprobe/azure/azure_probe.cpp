#include "credprobe/azure/azure_probe.hpp"

#include <vector>

#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/azure_clouds.hpp"
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

constexpr long kInvalidSecret = 7000215;
constexpr long kExpiredSecret = 7000222;
constexpr long kUnknownClient = 700016;
constexpr long kUnknownTenant = 90002;
constexpr long kConditionalAccess = 53003;
constexpr long kCrossOrigin = 9002326;

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
  AzureProbe(const Fields& fields, CheckContext context)
      : tenant_(field_value(fields, "azure_tenant_id")),
        client_id_(field_value(fields, "azure_client_id")),
        secret_(field_value(fields, "azure_client_secret")),
        subscription_(field_value(fields, "azure_subscription_id")),
        context_(std::move(context)),
        targets_(azure_targets(fields, context_.endpoints)) {}

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

  DoneStep done(Verdict v) {
    v.evidence.insert(v.evidence.begin(), evidence_.begin(), evidence_.end());
    return DoneStep{std::move(v)};
  }

  Step transport_failure(const HttpResult& result) {
    Verdict v = transport_failure_verdict(kProvider, request_, result, now());
    // The browser refused the page: Entra ID's own hint. A relay's refusal keeps its own.
    if (result.error == TransportError::browser_blocked && stage_ != Stage::subscriptions) {
      v.hint = kRelayHint;
    }
    return done(std::move(v));
  }

  Verdict rate_limited(const HttpResponse& response, const std::string& who) {
    return rate_limited_verdict(kProvider, who + " is rate limiting (429)", response.headers,
                                now());
  }

  std::string tenant_words() const { return "tenant " + tenant_; }

  // ---- 1. the tenant's OpenID configuration ----

  Step on_openid(const HttpResult& result) {
    if (!result.ok()) return transport_failure(result);
    const HttpResponse& response = result.response;
    auto error = parse_entra_error(response.body);
    evidence_.push_back(evidence_for(request_, result, error ? error->aadsts() : ""));
    if (response.status == 200) {
      auto json = parse_json(response.body);
      auto token_endpoint = json ? json_string(*json, "token_endpoint") : std::nullopt;
      if (!token_endpoint) {
        Verdict v = new_verdict(kProvider, Status::indeterminate,
                                "the OpenID configuration for " + tenant_words() +
                                    " is not Entra ID's (no token_endpoint)",
                                now());
        v.hint =
            "Something other than Entra ID answered (a proxy, a captive portal). Check the "
            "login endpoint and proxy settings.";
        return done(std::move(v));
      }
      tenant_guid_ = tenant_from_issuer(json_string(*json, "issuer").value_or(""));
      return send_token_request();
    }
    if (response.status == 429) return done(rate_limited(response, "Entra ID"));
    if (error && error->code == kUnknownTenant && response.status < 500) {
      return done(unknown_tenant(*error));
    }
    return done(unexpected_entra_answer(response.status, error, "the OpenID configuration"));
  }

  Verdict unknown_tenant(const EntraError& error) {
    Verdict v = new_verdict(kProvider, Status::invalid,
                            tenant_words() + " was not found in the " + targets_->cloud.label +
                                " (" + error.aadsts() + ")",
                            now());
    v.hint =
        "Check azure_tenant_id (the Directory (tenant) ID, or a verified domain) and "
        "azure_cloud: a US Government or China tenant is not found in the public cloud, "
        "and the other way round.";
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
    auto error = response.status == 200 ? std::nullopt : parse_entra_error(response.body);
    evidence_.push_back(evidence_for(request_, result, error ? error->aadsts() : ""));
    if (response.status == 200) {
      auto json = parse_json(response.body);
      auto token = json ? json_string(*json, "access_token") : std::nullopt;
      if (!token || token->empty()) {
        Verdict v = new_verdict(kProvider, Status::indeterminate,
                                "the token endpoint answered 200 without an access token", now());
        v.hint =
            "Something other than Entra ID answered (a proxy, a captive portal). Check the "
            "login endpoint and proxy settings.";
        return done(std::move(v));
      }
      access_token_ = *token;
      if (auto claims = decode_token_claims(access_token_)) claims_ = *claims;
      return send_subscriptions_request(join_url(
          targets_->management, std::string("/subscriptions?api-version=") + kArmApiVersion));
    }
    if (response.status == 429) return done(rate_limited(response, "Entra ID"));
    if (error && response.status < 500) {
      switch (error->code) {
        case kInvalidSecret:
          return done(invalid_secret(*error));
        case kExpiredSecret:
          return done(expired_secret(*error));
        case kUnknownClient:
          return done(unknown_client(*error));
        case kUnknownTenant:
          return done(unknown_tenant(*error));
        case kConditionalAccess:
          return done(conditional_access(*error));
        case kCrossOrigin:
          return done(cross_origin(*error));
        default:
          break;
      }
    }
    return done(unexpected_entra_answer(response.status, error, "the token endpoint"));
  }

  Verdict invalid_secret(const EntraError& error) {
    Verdict v = new_verdict(
        kProvider, Status::invalid,
        "Entra ID rejected the client secret for app " + client_id_ + " (" + error.aadsts() + ")",
        now());
    v.hint =
        "The secret is wrong or was deleted. Copy the secret's Value (not its Secret ID) "
        "from the app registration's Certificates & secrets, or create a new one.";
    return v;
  }

  Verdict expired_secret(const EntraError& error) {
    Verdict v = new_verdict(
        kProvider, Status::expired,
        "the client secret of app " + client_id_ + " has expired (" + error.aadsts() + ")", now());
    v.hint =
        "Create a new client secret in the app registration's Certificates & secrets and "
        "put its Value in the configuration.";
    return v;
  }

  Verdict unknown_client(const EntraError& error) {
    Verdict v = new_verdict(kProvider, Status::invalid,
                            "no application with client ID " + client_id_ + " in " +
                                tenant_words() + " (" + error.aadsts() + ")",
                            now());
    v.hint =
        "Check azure_client_id (the app registration's Application (client) ID) and that "
        "the app is registered in, or consented to, this tenant.";
    return v;
  }

  Verdict conditional_access(const EntraError& error) {
    Verdict v = new_verdict(kProvider, Status::indeterminate,
                            "a Conditional Access policy blocked the sign-in (" + error.aadsts() +
                                "); the secret may well be valid",
                            now());
    v.hint =
        "The tenant's Conditional Access policies for workload identities refuse sign-ins "
        "from this network or location. Check from an allowed network, or ask the "
        "tenant's administrator.";
    return v;
  }

  Verdict cross_origin(const EntraError& error) {
    Verdict v = new_verdict(
        kProvider, Status::blocked,
        "Entra ID refuses client-secret sign-ins from a browser page (" + error.aadsts() + ")",
        now());
    v.hint = kRelayHint;
    return v;
  }

  Verdict unexpected_entra_answer(int status, const std::optional<EntraError>& error,
                                  const std::string& what) {
    std::string summary = "Entra ID answered " + std::to_string(status) + " from " + what;
    if (error && error->code != 0) {
      summary += " with " + error->aadsts() + (error->message.empty() ? "" : ": " + error->message);
    } else if (status >= 500) {
      summary += ", a server error that proves nothing about the credential";
    }
    Verdict v = new_verdict(kProvider, Status::indeterminate, summary, now());
    if (error && error->code != 0) {
      v.hint = "Look the code up at https://login.microsoftonline.com/error?code=" +
               std::to_string(error->code) + ".";
    } else if (status >= 500) {
      v.hint = "Try again later; see https://azure.status.microsoft.";
    } else {
      v.hint = "Check the login endpoint: it should be Entra ID.";
    }
    return v;
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
      evidence_.push_back(evidence_for(request_, result));
      return done(after_arm_failure(failure.status, failure.summary, failure.hint, {}));
    }
    const HttpResponse& response = result.response;
    auto arm_error = response.status == 200 ? std::nullopt : parse_arm_error(response.body);
    evidence_.push_back(evidence_for(request_, result, arm_error ? arm_error->code : ""));
    auto page = response.status == 200 ? parse_subscription_page(response.body) : std::nullopt;
    if (!page) {
      std::string summary = "Resource Manager answered " + std::to_string(response.status);
      if (arm_error) {
        summary += " (" + arm_error->code + (arm_error->message.empty() ? "" : ": ") +
                   arm_error->message + ")";
      } else if (response.status == 200) {
        summary += " with a body that is not a subscriptions list";
      }
      if (response.status == 429) {
        // The shared wording and Retry-After; after_arm_failure words the summary.
        Verdict limited = rate_limited_verdict(kProvider, summary, response.headers, now());
        return done(after_arm_failure(Status::rate_limited, summary, limited.hint,
                                      limited.retry_after_seconds));
      }
      std::string hint =
          response.status == 401
              ? "Resource Manager refused the token Entra ID issued. Check that the management "
                "endpoint belongs to the same cloud as the login endpoint."
          : response.status >= 500
              ? "Try again later; see https://azure.status.microsoft."
              : "Check the management endpoint: it should be this cloud's Azure Resource "
                "Manager.";
      return done(after_arm_failure(Status::indeterminate, summary, hint, {}));
    }
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

  // Facts proven by the issued token, shared by every verdict after step 2.
  void add_identity(Verdict& v) const {
    add_claims_to_identity(claims_, v);
    if (!v.fact("tenant") && !tenant_guid_.empty()) v.identity.push_back({"tenant", tenant_guid_});
    if (!v.fact("app_id")) v.identity.push_back({"app_id", client_id_});
    v.identity.push_back({"cloud", targets_->cloud.name});
  }

  std::string principal_words() const {
    std::string who = claims_.app_display_name.empty()
                          ? "app " + client_id_
                          : "app \"" + claims_.app_display_name + "\" (" + client_id_ + ")";
    std::string tenant = claims_.tenant_id.empty() ? (tenant_guid_.empty() ? tenant_ : tenant_guid_)
                                                   : claims_.tenant_id;
    return who + " in tenant " + tenant;
  }

  Verdict after_arm_failure(Status status, const std::string& what, const std::string& hint,
                            std::optional<int> retry) {
    Verdict v;
    if (subscription_.empty()) {
      v = new_verdict(kProvider, Status::valid,
                      "the secret works for " + principal_words() +
                          "; its subscriptions could not be listed: " + what,
                      now());
      v.hint = hint;
    } else {
      v = new_verdict(kProvider, status,
                      "the secret works for " + principal_words() +
                          ", but whether it reaches subscription " + subscription_ +
                          " could not be told: " + what,
                      now());
      v.hint = hint;
      v.retry_after_seconds = retry;
    }
    add_identity(v);
    return v;
  }

  Verdict with_subscriptions() {
    const ArmSubscription* wanted = nullptr;
    for (const auto& s : subscriptions_) {
      if (!subscription_.empty() && iequals(s.id, subscription_)) wanted = &s;
    }
    Verdict v;
    std::string seen = std::to_string(subscriptions_.size()) + " subscription" +
                       (subscriptions_.size() == 1 ? "" : "s");
    if (subscription_.empty()) {
      v = new_verdict(kProvider, Status::valid,
                      "the secret works for " + principal_words() + "; it sees " + seen, now());
      if (subscriptions_.empty()) {
        v.hint =
            "The service principal has no role on any subscription. Assign it one (for "
            "example Reader or Contributor) before using it for compute.";
      }
    } else if (wanted) {
      v = new_verdict(kProvider, Status::valid,
                      "the secret works for " + principal_words() + " and reaches subscription " +
                          wanted->id + (wanted->name.empty() ? "" : " (" + wanted->name + ")"),
                      now());
      if (!wanted->state.empty() && wanted->state != "Enabled") {
        v.hint = "Subscription " + wanted->id + " is " + wanted->state +
                 ": it cannot create resources until it is Enabled again.";
      }
    } else if (more_pages_skipped_) {
      // It may be on a page that was not read: that proves nothing either way.
      v = new_verdict(kProvider, Status::indeterminate,
                      "the secret works for " + principal_words() + "; subscription " +
                          subscription_ + " is not among the first " + seen + " it can see",
                      now());
      v.hint =
          "Azure lists more subscriptions than credprobe reads; check the subscription "
          "in the portal or with `az account list`.";
    } else {
      v = new_verdict(kProvider, Status::insufficient,
                      "the secret works for " + principal_words() + ", but subscription " +
                          subscription_ + " is not among the " + seen + " it can see",
                      now());
      v.hint =
          "Assign the service principal a role (for example Reader or Contributor) on "
          "subscription " +
          subscription_ + ", or check azure_subscription_id and azure_tenant_id.";
    }
    if (more_pages_skipped_) {
      v.hint += std::string(v.hint.empty() ? "" : " ") +
                "(Only the first pages of subscriptions were read.)";
    }
    add_identity(v);
    for (const auto& s : subscriptions_) {
      v.permissions.push_back({"subscription " + s.id + (s.name.empty() ? "" : " (" + s.name + ")"),
                               {s.state.empty() ? "visible" : s.state}});
    }
    return v;
  }

  std::string tenant_;
  std::string client_id_;
  std::string secret_;
  std::string subscription_;
  CheckContext context_;
  std::optional<AzureTargets> targets_;  // nullopt when azure_cloud names no known cloud

  Stage stage_ = Stage::openid;
  HttpRequest request_;
  std::vector<Evidence> evidence_;
  std::string tenant_guid_;
  std::string access_token_;
  TokenClaims claims_;
  std::vector<ArmSubscription> subscriptions_;
  int pages_ = 0;
  bool more_pages_skipped_ = false;
};

}  // namespace

std::unique_ptr<Probe> make_azure_probe(const Fields& fields, const CheckContext& context) {
  return std::make_unique<AzureProbe>(fields, context);
}

}  // namespace credprobe
