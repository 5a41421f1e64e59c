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

constexpr AnswerVoice kVoice = {
    "azure",
    "the credential",
    "https://azure.status.microsoft",
    "Check the login endpoint: it should be Entra ID.",
    "Something other than Entra ID answered (a proxy, a captive portal). Check the login "
    "endpoint and proxy settings.",
    "Wait a minute and try again.",
    "",
};

constexpr AnswerRequest kRequests[] = {
    {"openid", "Entra ID", false, "", ""},
    {"token", "Entra ID", false, "", ""},
    {"subscriptions", "Resource Manager", true,
     "Check the management endpoint: it should be this cloud's Azure Resource Manager.", ""}};

// Entra ID sends its sign-in errors as 400 or 401: an AADSTS code in any other answer (a 2xx, a
// redirect, a 5xx) is not Entra ID speaking for it.
constexpr AnswerStatuses kEntraError = {400, 401};

constexpr std::string_view kTenantHint =
    "Check azure_tenant_id (the Directory (tenant) ID, or a verified domain) and azure_cloud: a "
    "US Government or China tenant is not found in the public cloud, and the other way round.";
constexpr std::string_view kOtherCodeSummary =
    "the code and Entra ID's message are shown, with where to look it up";

// id, request, statuses, code, kind, condition, matches, status, summary, hint.
constexpr AnswerRow kRows[] = {
    {"config",
     "openid",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("an OpenID configuration with a token_endpoint"),
     has_token_endpoint,
     Status::valid,
     "the tenant exists; the client-credentials grant is sent next",
     ""},
    {"granted",
     "token",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("an access token"),
     has_access_token,
     Status::valid,
     "the secret is proven; identity from the token's claims, subscriptions next",
     ""},
    {"invalid_secret", "token", kEntraError, "AADSTS7000215", "", "", nullptr, Status::invalid,
     "the client secret is wrong (or its Secret ID was given instead of its Value)",
     "The secret is wrong or was deleted. Copy the secret's Value (not its Secret ID) from the "
     "app registration's Certificates & secrets, or create a new one."},
    {"expired_secret", "token", kEntraError, "AADSTS7000222", "", "", nullptr, Status::expired,
     "the client secret has expired",
     "Create a new client secret in the app registration's Certificates & secrets and put its "
     "Value in the configuration."},
    {"unknown_client", "token", kEntraError, "AADSTS700016", "", "", nullptr, Status::invalid,
     "no application with this client ID in the tenant",
     "Check azure_client_id (the app registration's Application (client) ID) and that the app is "
     "registered in, or consented to, this tenant."},
    {"unknown_tenant", "token", kEntraError, "AADSTS90002", "", "", nullptr, Status::invalid,
     "the tenant is not found in this cloud", kTenantHint},
    {"conditional_access", "token", kEntraError, "AADSTS53003", "", "", nullptr,
     Status::indeterminate,
     "a Conditional Access policy blocked the sign-in; the secret may be valid",
     "The tenant's Conditional Access policies for workload identities refuse sign-ins from this "
     "network or location. Check from an allowed network, or ask the tenant's administrator."},
    {"cross_origin", "token", kEntraError, "AADSTS9002326", "", "", nullptr, Status::blocked,
     "Entra ID refuses client-secret sign-ins from browser pages: use a relay",
     "Entra ID refuses client-secret sign-ins from browser pages. Use a relay: the JupyterLab "
     "extension's server relay, or run `credprobe relay` and paste its URL."},
    {"other_code", "token", kEntraError, "*", "", "", nullptr, Status::indeterminate,
     kOtherCodeSummary, ""},
    // The OpenID configuration's errors come as 400.
    {"unknown_tenant",
     "openid",
     {400},
     "AADSTS90002",
     "",
     "",
     nullptr,
     Status::invalid,
     "the tenant is not found in this cloud; no secret was sent",
     kTenantHint},
    {"other_code",
     "openid",
     {400},
     "*",
     "",
     "",
     nullptr,
     Status::indeterminate,
     kOtherCodeSummary,
     ""},
    {"page",
     "subscriptions",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("a subscriptions list (next pages on the same host are read, up to 10)"),
     is_subscription_page,
     Status::valid,
     "the subscriptions it sees; a given azure_subscription_id missing from them is "
     "`insufficient` (`indeterminate` when pages were left unread)",
     ""},
    {"token_refused",
     "subscriptions",
     {401},
     "",
     "",
     "",
     nullptr,
     Status::valid,
     "Resource Manager refused the issued token (another cloud's management endpoint): the secret "
     "is proven, the subscriptions unknown",
     "Resource Manager refused the token Entra ID issued. Check that the management endpoint "
     "belongs to the same cloud as the login endpoint."},
};

constexpr AnswerTable kTable = {kVoice, kRequests, kRows};

}  // namespace

const AnswerTable& azure_answer_table() {
  return kTable;
}

}  // namespace credprobe
