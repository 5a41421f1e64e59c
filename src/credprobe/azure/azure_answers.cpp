#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool has_token_endpoint(const AnswerSeen& seen) {
  auto json = seen.response ? parse_json(seen.response->body) : std::nullopt;
  return json && json_string(*json, "token_endpoint").has_value();
}

bool has_access_token(const AnswerSeen& seen) {
  auto json = seen.response ? parse_json(seen.response->body) : std::nullopt;
  auto token = json ? json_string(*json, "access_token") : std::nullopt;
  return token && !token->empty();
}

bool is_subscription_page(const AnswerSeen& seen) {
  return seen.response && parse_subscription_page(seen.response->body).has_value();
}

HttpResponse entra_error(int status, const std::string& error, long code,
                         const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = Json::object()
               .set("error", error)
               .set("error_description", "AADSTS" + std::to_string(code) + ": " + message)
               .set("error_codes", Json::array().push_back(static_cast<double>(code)))
               .dump();
  return r;
}

// Entra ID sends its sign-in errors as 400 or 401: an AADSTS code in any other answer (a 2xx, a
// redirect, a 5xx) is not Entra ID speaking for it.
AnswerRow entra_row(std::string id, std::string request, std::string code, Status status,
                    std::string summary, HttpResponse example) {
  AnswerRow row;
  row.id = std::move(id);
  row.request = std::move(request);
  row.statuses = {400, 401};
  row.code = std::move(code);
  row.status = status;
  row.summary = std::move(summary);
  row.example = std::move(example);
  return row;
}

}  // namespace

AnswerTable azure_answer_table() {
  AnswerTable t;
  t.voice.provider = "azure";
  t.voice.credential = "the credential";
  t.voice.status_page = "https://azure.status.microsoft";
  t.voice.endpoint_hint = "Check the login endpoint: it should be Entra ID.";
  t.voice.not_shape_hint =
      "Something other than Entra ID answered (a proxy, a captive portal). Check the login "
      "endpoint and proxy settings.";
  t.requests = {
      {"openid", "Entra ID", false, "", ""},
      {"token", "Entra ID", false, "", ""},
      {"subscriptions", "Resource Manager", true,
       "Check the management endpoint: it should be this cloud's Azure Resource Manager.", ""}};

  AnswerRow config;
  config.id = "config";
  config.request = "openid";
  config.statuses = {200};
  config.condition = CREDPROBE_DOC_TEXT("an OpenID configuration with a token_endpoint");
  config.matches = has_token_endpoint;
  config.status = Status::valid;
  config.summary = "the tenant exists; the client-credentials grant is sent next";
  config.example.status = 200;
  config.example.body =
      R"({"token_endpoint":"https://login.microsoftonline.com/t/oauth2/v2.0/token",)"
      R"("issuer":"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"})";

  AnswerRow unknown_tenant_openid =
      entra_row("unknown_tenant", "openid", "AADSTS90002", Status::invalid,
                "the tenant is not found in this cloud; no secret was sent",
                entra_error(400, "invalid_tenant", 90002, "Tenant not found."));
  unknown_tenant_openid.statuses = {400};
  unknown_tenant_openid.hint =
      "Check azure_tenant_id (the Directory (tenant) ID, or a verified domain) and azure_cloud: "
      "a US Government or China tenant is not found in the public cloud, and the other way "
      "round.";

  AnswerRow other_openid =
      entra_row("other_code", "openid", "*", Status::indeterminate,
                "the code and Entra ID's message are shown, with where to look it up",
                entra_error(400, "invalid_request", 900023,
                            "Specified tenant identifier is "
                            "invalid."));
  other_openid.statuses = {400};

  AnswerRow granted;
  granted.id = "granted";
  granted.request = "token";
  granted.statuses = {200};
  granted.condition = CREDPROBE_DOC_TEXT("an access token");
  granted.matches = has_access_token;
  granted.status = Status::valid;
  granted.summary = "the secret is proven; identity from the token's claims, subscriptions next";
  granted.example.status = 200;
  granted.example.body = R"({"token_type":"Bearer","expires_in":3599,"access_token":"opaque"})";

  AnswerRow invalid_secret =
      entra_row("invalid_secret", "token", "AADSTS7000215", Status::invalid,
                "the client secret is wrong (or its Secret ID was given instead of its Value)",
                entra_error(401, "invalid_client", 7000215, "Invalid client secret provided."));
  invalid_secret.hint =
      "The secret is wrong or was deleted. Copy the secret's Value (not its Secret ID) from the "
      "app registration's Certificates & secrets, or create a new one.";

  AnswerRow expired_secret = entra_row("expired_secret", "token", "AADSTS7000222", Status::expired,
                                       "the client secret has expired",
                                       entra_error(401, "invalid_client", 7000222,
                                                   "The provided client secret keys "
                                                   "are expired."));
  expired_secret.hint =
      "Create a new client secret in the app registration's Certificates & secrets and put its "
      "Value in the configuration.";

  AnswerRow unknown_client =
      entra_row("unknown_client", "token", "AADSTS700016", Status::invalid,
                "no application with this client ID in the tenant",
                entra_error(400, "unauthorized_client", 700016, "Application not found."));
  unknown_client.hint =
      "Check azure_client_id (the app registration's Application (client) ID) and that the app "
      "is registered in, or consented to, this tenant.";

  AnswerRow unknown_tenant_token = unknown_tenant_openid;
  unknown_tenant_token.request = "token";
  unknown_tenant_token.statuses = {400, 401};
  unknown_tenant_token.summary = "the tenant is not found in this cloud";

  AnswerRow conditional =
      entra_row("conditional_access", "token", "AADSTS53003", Status::indeterminate,
                "a Conditional Access policy blocked the sign-in; the secret may be valid",
                entra_error(400, "interaction_required", 53003,
                            "Access has been blocked by "
                            "Conditional Access policies."));
  conditional.hint =
      "The tenant's Conditional Access policies for workload identities refuse sign-ins from "
      "this network or location. Check from an allowed network, or ask the tenant's "
      "administrator.";

  AnswerRow cross_origin =
      entra_row("cross_origin", "token", "AADSTS9002326", Status::blocked,
                "Entra ID refuses client-secret sign-ins from browser pages: use a relay",
                entra_error(400, "invalid_request", 9002326,
                            "Cross-origin token redemption is "
                            "permitted only for the 'Single-Page "
                            "Application' client-type."));
  cross_origin.hint =
      "Entra ID refuses client-secret sign-ins from browser pages. Use a relay: the JupyterLab "
      "extension's server relay, or run `credprobe relay` and paste its URL.";

  AnswerRow other_token = other_openid;
  other_token.request = "token";
  other_token.statuses = {400, 401};

  AnswerRow page;
  page.id = "page";
  page.request = "subscriptions";
  page.statuses = {200};
  page.condition =
      CREDPROBE_DOC_TEXT("a subscriptions list (next pages on the same host are read, up to 10)");
  page.matches = is_subscription_page;
  page.status = Status::valid;
  page.summary =
      "the subscriptions it sees; a given azure_subscription_id missing from them is "
      "`insufficient` (`indeterminate` when pages were left unread)";
  page.example.status = 200;
  page.example.body = R"({"value":[]})";

  AnswerRow token_refused;
  token_refused.id = "token_refused";
  token_refused.request = "subscriptions";
  token_refused.statuses = {401};
  token_refused.status = Status::valid;
  token_refused.summary =
      "Resource Manager refused the issued token (another cloud's management endpoint): the "
      "secret is proven, the subscriptions unknown";
  token_refused.hint =
      "Resource Manager refused the token Entra ID issued. Check that the management endpoint "
      "belongs to the same cloud as the login endpoint.";
  token_refused.example.status = 401;
  token_refused.example.body =
      R"({"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}})";

  t.rows = {config,         granted,
            invalid_secret, expired_secret,
            unknown_client, unknown_tenant_token,
            conditional,    cross_origin,
            other_token,    unknown_tenant_openid,
            other_openid,   page,
            token_refused};
  return t;
}

}  // namespace credprobe
