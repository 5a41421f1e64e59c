#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/json.hpp"
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

HttpResponse oauth_error(int status, const std::string& error, const std::string& description) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = Json::object().set("error", error).set("error_description", description).dump();
  return r;
}

HttpResponse api_error(int status, const std::string& code, const std::string& reason) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  r.body = R"({"error": {"code": )" + std::to_string(status) +
           R"(, "message": "denied", "status": ")" + code +
           R"(", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": ")" +
           reason + R"("}]}})";
  return r;
}

AnswerRow token_row(std::string id, std::string code, Status status, std::string summary,
                    HttpResponse example) {
  AnswerRow row;
  row.id = std::move(id);
  row.request = "token";
  row.statuses = {400, 401};  // RFC 6749 5.2: Google's OAuth errors come as 400 or 401
  row.code = std::move(code);
  row.status = status;
  row.summary = std::move(summary);
  row.example = std::move(example);
  return row;
}

}  // namespace

AnswerTable gcp_answer_table() {
  AnswerTable t;
  t.voice.provider = "gcp";
  t.voice.credential = "the credential";
  t.voice.status_page = "https://status.cloud.google.com";
  t.voice.endpoint_hint = "Check the token endpoint: it should be Google's.";
  t.voice.not_shape_hint =
      "Something other than Google answered (a proxy, a captive portal). Check the endpoint and "
      "proxy settings.";
  t.requests = {{"token", "Google's token endpoint", false, "", ""},
                {"project", "Cloud Resource Manager", true,
                 "Check the resourcemanager endpoint: it should be Google's.", ""}};

  AnswerRow granted;
  granted.id = "granted";
  granted.request = "token";
  granted.statuses = {200};
  granted.condition = CREDPROBE_DOC_TEXT("an access token");
  granted.matches = grants_token;
  granted.status = Status::valid;
  granted.summary =
      "the credential is proven; the project (gcp_project_id, or the file's) is read next";
  granted.example.status = 200;
  granted.example.body = R"({"access_token": "ya29.example", "expires_in": 3599})";

  AnswerRow user_refused =
      token_row("user_refused", "invalid_grant", Status::invalid,
                "an authorized_user login that expired or was revoked",
                oauth_error(400, "invalid_grant", "Token has been expired or revoked."));
  user_refused.kind = "authorized_user";
  user_refused.hint =
      "The login expired or was revoked. Run `gcloud auth application-default login` again.";

  AnswerRow clock = token_row("clock", "invalid_grant", Status::indeterminate,
                              "the assertion's time is out of range: this machine's clock",
                              oauth_error(400, "invalid_grant",
                                          "Invalid JWT: Token must be a short-lived token (60 "
                                          "minutes) and in a reasonable timeframe."));
  clock.condition =
      CREDPROBE_DOC_TEXT("the description names the time (short-lived, timeframe, iat and exp)");
  clock.matches = says_time;

  AnswerRow signature = token_row("bad_signature", "invalid_grant", Status::invalid,
                                  "the key is deleted, disabled or not this account's",
                                  oauth_error(400, "invalid_grant", "Invalid JWT Signature."));
  signature.condition = CREDPROBE_DOC_TEXT("Invalid JWT Signature");
  signature.matches = says_signature;

  AnswerRow account =
      token_row("account_not_found", "invalid_grant", Status::invalid,
                "the service account is disabled or deleted",
                oauth_error(400, "invalid_grant", "Invalid grant: account not found"));
  account.condition = CREDPROBE_DOC_TEXT("account not found");
  account.matches = says_account_not_found;

  AnswerRow assertion =
      token_row("bad_assertion", "invalid_grant", Status::indeterminate,
                "the JWT's claims were refused (audience): not the key",
                oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check."));
  assertion.condition = CREDPROBE_DOC_TEXT("any other Invalid JWT");
  assertion.matches = says_invalid_jwt;
  assertion.hint =
      "The token endpoint did not accept the JWT's claims; check that the token endpoint is "
      "Google's.";

  AnswerRow user_client = token_row(
      "user_client", "", Status::invalid, "the authorized_user file's OAuth client was refused",
      oauth_error(401, "invalid_client", "The OAuth client was not found."));
  user_client.kind = "authorized_user";
  user_client.condition = CREDPROBE_DOC_TEXT("`invalid_client` or `unauthorized_client`");
  user_client.matches = is_client_refusal;
  user_client.hint = "Run `gcloud auth application-default login` again.";

  AnswerRow unnamed = token_row("unnamed", "", Status::indeterminate,
                                "a service-account refusal that names neither the key, the "
                                "account nor the time",
                                oauth_error(400, "invalid_grant", "Bad Request"));
  unnamed.condition =
      CREDPROBE_DOC_TEXT("`invalid_grant` or `invalid_client` with any other description");
  unnamed.matches = is_unnamed_refusal;
  unnamed.hint = "Read Google's description in the summary; the key itself may still be valid.";

  AnswerRow delegation = token_row("unauthorized_client", "unauthorized_client",
                                   Status::indeterminate, "about delegation or scopes, not the key",
                                   oauth_error(400, "unauthorized_client",
                                               "Client is unauthorized to retrieve access "
                                               "tokens using this method."));
  delegation.hint = "This answer is about delegation or scopes, not about the key itself.";

  AnswerRow readable;
  readable.id = "readable";
  readable.request = "project";
  readable.statuses = {200};
  readable.condition = CREDPROBE_DOC_TEXT("a project");
  readable.matches = is_project;
  readable.status = Status::valid;
  readable.summary = "the project's id, name, number and state";
  readable.example.status = 200;
  readable.example.body =
      R"({"name": "projects/415104041262", "projectId": "credprobe-test", "state": "ACTIVE"})";

  AnswerRow denied;
  denied.id = "denied";
  denied.request = "project";
  denied.statuses = {403, 404};
  denied.condition = CREDPROBE_DOC_TEXT("Google's error shape with the same code");
  denied.matches = is_google_denial;
  denied.status = Status::insufficient;
  denied.summary =
      "the credential works but may not read the project, the project does not exist, or the "
      "Cloud Resource Manager API is disabled (the hint says which)";
  denied.example = api_error(403, "PERMISSION_DENIED", "IAM_PERMISSION_DENIED");

  t.rows = {granted,     user_refused, clock,      signature, account, assertion,
            user_client, unnamed,      delegation, readable,  denied};
  return t;
}

}  // namespace credprobe
