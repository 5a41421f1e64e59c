#include "credprobe/huggingface/whoami_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/huggingface/whoami_facts.hpp"
#include "credprobe/huggingface/whoami_parse.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool names_account(const AnswerSeen& seen) {
  return seen.response && whoami_shape_problem(seen.response->body).empty();
}

// The Hub itself says the token is past its expiration: the expiration is in its answer and its
// Date header is its clock. This machine's clock decides nothing here.
bool names_expired_token(const AnswerSeen& seen) {
  return names_account(seen) && expired_by_hub_clock(*seen.response);
}

// Only the Hub's own error body ({"error": "..."}) is the Hub speaking: an empty 401 or a
// proxy's text page in front of it says nothing about the token.
bool is_hub_error(const AnswerSeen& seen) {
  return seen.response && !hub_error_message(seen.response->body).empty();
}

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string whoami_shape_problem(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return " with a body that is not JSON";
  auto name = json_string(*json, "name");
  if (!name || name->empty()) return " but the body does not name an account";
  return {};
}

AnswerTable huggingface_answer_table() {
  AnswerTable t;
  t.voice.provider = "huggingface";
  t.voice.credential = "the token";
  t.voice.status_page = "https://status.huggingface.co";
  t.voice.endpoint_hint = "Check the endpoint: it should be a Hugging Face Hub.";
  t.voice.not_shape_hint =
      "Something between you and the Hub (a proxy, a captive portal, a mirror) answered "
      "instead of it. Check the endpoint and proxy settings.";
  t.requests = {{"whoami", "Hugging Face", false, "", "whoami-v2"}};

  AnswerRow expired;
  expired.id = "expired";
  expired.request = "whoami";
  expired.statuses = {200};
  expired.condition = CREDPROBE_DOC_TEXT(
      "JSON naming an account whose token expiration (`auth.accessToken.expiration`, "
      "`expiresAt`) is at or before the answer's own `Date`");
  expired.matches = names_expired_token;
  expired.status = Status::expired;
  expired.summary = "the Hub names the token's expiration, and by its own clock it has passed";
  expired.hint =
      "The token has expired. Create a new one at https://huggingface.co/settings/tokens.";
  expired.example = answer(
      200,
      R"({"type":"user","name":"ada","auth":{"type":"access_token","accessToken":)"
      R"({"displayName":"nb","role":"fineGrained","expiration":"2025-11-01T00:00:00.000Z"}}})");
  expired.example.headers.push_back({"Date", "Fri, 28 Nov 2025 13:20:00 GMT"});

  AnswerRow valid;
  valid.id = "valid";
  valid.request = "whoami";
  valid.statuses = {200};
  valid.condition = CREDPROBE_DOC_TEXT("JSON naming an account");
  valid.matches = names_account;
  valid.status = Status::valid;
  valid.summary =
      "identity (name, full name, type, email), orgs with roles, token name and role, "
      "fine-grained global and scoped permissions";
  valid.example = answer(200, R"({"type":"user","name":"ada","auth":{"type":"access_token",)"
                              R"("accessToken":{"displayName":"nb","role":"read"}}})");

  AnswerRow rejected;
  rejected.id = "rejected";
  rejected.request = "whoami";
  rejected.statuses = {401};
  rejected.condition = CREDPROBE_DOC_TEXT("the Hub's error body (`{\"error\": ...}`)");
  rejected.matches = is_hub_error;
  rejected.status = Status::invalid;
  rejected.summary = "wrong, revoked or expired token";
  rejected.hint =
      "The token is wrong, revoked or expired. Create a new one at "
      "https://huggingface.co/settings/tokens.";
  rejected.example = answer(401, R"({"error":"Invalid credentials in Authorization header"})");

  AnswerRow bare;
  bare.id = "bare_401";
  bare.request = "whoami";
  bare.statuses = {401};
  bare.condition = CREDPROBE_DOC_TEXT("any other body (empty, a proxy's page)");
  bare.status = Status::indeterminate;
  bare.summary = "not the Hub speaking: it names nothing as bad";
  bare.hint =
      "Something between you and the Hub (a proxy) refused the request. Check the endpoint and "
      "proxy settings.";
  bare.example = answer(401, "");

  t.rows = {expired, valid, rejected, bare};
  return t;
}

}  // namespace credprobe
