#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/table.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool is_instance_list(const AnswerSeen& seen) {
  return seen.response && instances_shape_problem(seen.response->body).empty();
}

}  // namespace

std::string instances_shape_problem(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return " with a body that is not JSON";
  if (!json_array(*json, "data")) return " but the body has no \"data\" list";
  return {};
}

namespace {

constexpr AnswerVoice kVoice = {
    "lambda",
    "the key",
    "",
    "Point the endpoint at the API itself: https://cloud.lambda.ai (or the older "
    "https://cloud.lambdalabs.com).",
    "Something between you and Lambda (a proxy, a captive portal) answered instead of it, or the "
    "body was cut short. Check the endpoint and proxy settings.",
    "Wait a few seconds and try again.",
    "Lambda allows about one request per second.",
};

constexpr AnswerRequest kRequests[] = {{"instances", "Lambda", false, "", "the instance list"}};

// id, request, statuses, code, kind, condition, matches, status, summary, hint.
constexpr AnswerRow kRows[] = {
    {"valid",
     "instances",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("a `data` list"),
     is_instance_list,
     Status::valid,
     "the number of running instances and their names",
     ""},
    {"invalid_key",
     "instances",
     {401},
     "global/invalid-api-key",
     "",
     "",
     nullptr,
     Status::invalid,
     "wrong, deleted or expired key",
     "The key is wrong, deleted or expired. Create a new one at https://cloud.lambda.ai/api-keys."},
    {"account_inactive",
     "instances",
     {403},
     "global/account-inactive",
     "",
     "",
     nullptr,
     Status::insufficient,
     "the key works but the account is inactive (unverified email, no payment method)",
     "The account cannot list or launch instances until it is active."},
    {"refused",
     "instances",
     {401, 403},
     "",
     "",
     CREDPROBE_DOC_TEXT("any other body or code"),
     nullptr,
     Status::indeterminate,
     "does not name the key as bad: a proxy or firewall may have answered",
     "A proxy or firewall may have answered instead of Lambda; check the endpoint and proxy "
     "settings, then try again."},
};

constexpr AnswerTable kTable = {kVoice, kRequests, kRows};

}  // namespace

const AnswerTable& lambda_answer_table() {
  return kTable;
}

}  // namespace credprobe
