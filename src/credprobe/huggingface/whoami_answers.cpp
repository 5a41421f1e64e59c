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

}  // namespace

std::string whoami_shape_problem(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return " with a body that is not JSON";
  auto name = json_string(*json, "name");
  if (!name || name->empty()) return " but the body does not name an account";
  return {};
}

namespace {

constexpr AnswerVoice kVoice = {
    "huggingface",
    "the token",
    "https://status.huggingface.co",
    "Check the endpoint: it should be a Hugging Face Hub.",
    "Something between you and the Hub (a proxy, a captive portal, a mirror) answered instead of "
    "it. Check the endpoint and proxy settings.",
    "Wait a minute and try again.",
    "",
};

constexpr AnswerRequest kRequests[] = {{"whoami", "Hugging Face", false, "", "whoami-v2"}};

// id, request, statuses, code, kind, condition, matches, status, summary, hint.
constexpr AnswerRow kRows[] = {
    {"expired",
     "whoami",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("JSON naming an account whose token expiration "
                        "(`auth.accessToken.expiration`, `expiresAt`) is at or before the "
                        "answer's own `Date`"),
     names_expired_token,
     Status::expired,
     "the Hub names the token's expiration, and by its own clock it has passed",
     "The token has expired. Create a new one at https://huggingface.co/settings/tokens."},
    {"valid",
     "whoami",
     {200},
     "",
     "",
     CREDPROBE_DOC_TEXT("JSON naming an account"),
     names_account,
     Status::valid,
     "identity (name, full name, type, email), orgs with roles, token name and role, "
     "fine-grained global and scoped permissions",
     ""},
    {"rejected",
     "whoami",
     {401},
     "",
     "",
     CREDPROBE_DOC_TEXT("the Hub's error body (`{\"error\": ...}`)"),
     is_hub_error,
     Status::invalid,
     "wrong, revoked or expired token",
     "The token is wrong, revoked or expired. Create a new one at "
     "https://huggingface.co/settings/tokens."},
    {"bare_401",
     "whoami",
     {401},
     "",
     "",
     CREDPROBE_DOC_TEXT("any other body (empty, a proxy's page)"),
     nullptr,
     Status::indeterminate,
     "not the Hub speaking: it names nothing as bad",
     "Something between you and the Hub (a proxy) refused the request. Check the endpoint and "
     "proxy settings."},
};

constexpr AnswerTable kTable = {kVoice, kRequests, kRows};

}  // namespace

const AnswerTable& huggingface_answer_table() {
  return kTable;
}

}  // namespace credprobe
