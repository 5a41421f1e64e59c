#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/text.hpp"

namespace credprobe {

namespace {

bool grants_token(const AnswerSeen& seen) {
  return seen.response && read_access_token(seen.response->body).has_value();
}

// A denial is Google's only in Google's error shape with the same code: a proxy's or web
// filter's 403 page says nothing about the credential's permissions.
bool is_google_denial(const AnswerSeen& seen) {
  auto error = seen.response ? read_google_api_error(seen.response->body) : std::nullopt;
  return error && error->code == seen.status;
}

bool is_project(const AnswerSeen& seen) {
  return seen.response && read_project(seen.response->body).has_value();
}

bool says_time(const AnswerSeen& seen) {
  return contains(seen.message, "short-lived") || contains(seen.message, "timeframe") ||
         contains(seen.message, "iat and exp");
}

bool says_signature(const AnswerSeen& seen) {
  return contains(seen.message, "Invalid JWT Signature");
}

// Google's own words for a deleted or disabled account; a description that merely mentions
// "disabled" or "deleted" (a project, an API) is no rejection of the key.
bool says_account_not_found(const AnswerSeen& seen) {
  return contains(seen.message, "account not found");
}

bool says_invalid_jwt(const AnswerSeen& seen) {
  return contains(seen.message, "Invalid JWT");
}

bool is_client_refusal(const AnswerSeen& seen) {
  return seen.code == "invalid_client" || seen.code == "unauthorized_client";
}

bool is_unnamed_refusal(const AnswerSeen& seen) {
  return seen.code == "invalid_grant" || seen.code == "invalid_client";
}

constexpr AnswerVoice kVoice = {
    "gcp",
    "the credential",
    "https://status.cloud.google.com",
    "Check the token endpoint: it should be Google's.",
    "Something other than Google answered (a proxy, a captive portal). Check the endpoint and "
    "proxy settings.",
    "Wait a minute and try again.",
    "",
};

constexpr AnswerRequest kRequests[] = {
    {"token", "Google's token endpoint", false, "", ""},
    {"project", "Cloud Resource Manager", true,
     "Check the resourcemanager endpoint: it should be Google's.", ""}};

// RFC 6749 5.2: Google's OAuth errors come as 400 or 401.
constexpr AnswerStatuses kOAuthError = {400, 401};

// id, request, statuses, code, kind, condition, matches, status, summary, hint.
constexpr AnswerRow kRows[] = {
    {"granted",
     "token",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("an access token"),
     grants_token,
     Status::valid,
     "the credential is proven; the project (gcp_project_id, or the file's) is read next",
     ""},
    {"user_refused", "token", kOAuthError, "invalid_grant", "authorized_user", "", nullptr,
     Status::invalid, "an authorized_user login that expired or was revoked",
     "The login expired or was revoked. Run `gcloud auth application-default login` again."},
    {"clock", "token", kOAuthError, "invalid_grant", "",
     CREDPROBE_DOC_TEXT("the description names the time (short-lived, timeframe, iat and exp)"),
     says_time, Status::indeterminate, "the assertion's time is out of range: this machine's clock",
     ""},
    {"bad_signature", "token", kOAuthError, "invalid_grant", "",
     CREDPROBE_DOC_TEXT("Invalid JWT Signature"), says_signature, Status::invalid,
     "the key is deleted, disabled or not this account's", ""},
    {"account_not_found", "token", kOAuthError, "invalid_grant", "",
     CREDPROBE_DOC_TEXT("account not found"), says_account_not_found, Status::invalid,
     "the service account is disabled or deleted", ""},
    {"bad_assertion", "token", kOAuthError, "invalid_grant", "",
     CREDPROBE_DOC_TEXT("any other Invalid JWT"), says_invalid_jwt, Status::indeterminate,
     "the JWT's claims were refused (audience): not the key",
     "The token endpoint did not accept the JWT's claims; check that the token endpoint is "
     "Google's."},
    {"user_client", "token", kOAuthError, "", "authorized_user",
     CREDPROBE_DOC_TEXT("`invalid_client` or `unauthorized_client`"), is_client_refusal,
     Status::invalid, "the authorized_user file's OAuth client was refused",
     "Run `gcloud auth application-default login` again."},
    {"unnamed", "token", kOAuthError, "", "",
     CREDPROBE_DOC_TEXT("`invalid_grant` or `invalid_client` with any other description"),
     is_unnamed_refusal, Status::indeterminate,
     "a service-account refusal that names neither the key, the account nor the time",
     "Read Google's description in the summary; the key itself may still be valid."},
    {"unauthorized_client", "token", kOAuthError, "unauthorized_client", "", "", nullptr,
     Status::indeterminate, "about delegation or scopes, not the key",
     "This answer is about delegation or scopes, not about the key itself."},
    {"readable",
     "project",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("a project"),
     is_project,
     Status::valid,
     "the project's id, name, number and state",
     ""},
    {"denied",
     "project",
     {403, 404},
     "",
     "",
     CREDPROBE_DOC_TEXT("Google's error shape with the same code"),
     is_google_denial,
     Status::insufficient,
     "the credential works but may not read the project, the project does not exist, or the "
     "Cloud Resource Manager API is disabled (the hint says which)",
     ""},
};

constexpr AnswerTable kTable = {kVoice, kRequests, kRows};

}  // namespace

const AnswerTable& gcp_answer_table() {
  return kTable;
}

}  // namespace credprobe
