#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool is_instance_list(const AnswerSeen& seen) {
  return seen.response && instances_shape_problem(seen.response->body).empty();
}

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

}  // namespace

std::string instances_shape_problem(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return " with a body that is not JSON";
  if (!json_array(*json, "data")) return " but the body has no \"data\" list";
  return {};
}

AnswerTable lambda_answer_table() {
  AnswerTable t;
  t.voice.provider = "lambda";
  t.voice.credential = "the key";
  t.voice.rate_note = "Lambda allows about one request per second.";
  t.voice.wait_hint = "Wait a few seconds and try again.";
  t.voice.endpoint_hint =
      "Point the endpoint at the API itself: https://cloud.lambda.ai (or the older "
      "https://cloud.lambdalabs.com).";
  t.voice.not_shape_hint =
      "Something between you and Lambda (a proxy, a captive portal) answered instead of it, or "
      "the body was cut short. Check the endpoint and proxy settings.";
  t.requests = {{"instances", "Lambda", false, "", "the instance list"}};

  AnswerRow valid;
  valid.id = "valid";
  valid.request = "instances";
  valid.statuses = {200};
  valid.condition = CREDPROBE_DOC_TEXT("a `data` list");
  valid.matches = is_instance_list;
  valid.status = Status::valid;
  valid.summary = "the number of running instances and their names";
  valid.example = answer(200, R"({"data": []})");

  AnswerRow invalid_key;
  invalid_key.id = "invalid_key";
  invalid_key.request = "instances";
  invalid_key.statuses = {401};
  invalid_key.code = "global/invalid-api-key";
  invalid_key.status = Status::invalid;
  invalid_key.summary = "wrong, deleted or expired key";
  invalid_key.hint =
      "The key is wrong, deleted or expired. Create a new one at "
      "https://cloud.lambda.ai/api-keys.";
  invalid_key.example = answer(
      401, R"({"error": {"code": "global/invalid-api-key", "message": "API key was invalid, )"
           R"(expired, or deleted."}})");

  AnswerRow inactive;
  inactive.id = "account_inactive";
  inactive.request = "instances";
  inactive.statuses = {403};
  inactive.code = "global/account-inactive";
  inactive.status = Status::insufficient;
  inactive.summary =
      "the key works but the account is inactive (unverified email, no payment method)";
  inactive.hint = "The account cannot list or launch instances until it is active.";
  inactive.example =
      answer(403, R"({"error": {"code": "global/account-inactive", "message": "Your account is )"
                  R"(inactive."}})");

  AnswerRow refused;
  refused.id = "refused";
  refused.request = "instances";
  refused.statuses = {401, 403};
  refused.condition = CREDPROBE_DOC_TEXT("any other body or code");
  refused.status = Status::indeterminate;
  refused.summary = "does not name the key as bad: a proxy or firewall may have answered";
  refused.hint =
      "A proxy or firewall may have answered instead of Lambda; check the endpoint and proxy "
      "settings, then try again.";
  refused.example = answer(403, "<html><title>Attention Required!</title></html>");

  t.rows = {valid, invalid_key, inactive, refused};
  return t;
}

}  // namespace credprobe
