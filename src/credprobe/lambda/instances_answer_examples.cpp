// An answer for every row of lambda_answer_table(), for the replay test (test data: the wasm never
// calls this, so it carries none of it).
#include "credprobe/lambda/instances_answers.hpp"

namespace credprobe {

namespace {

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

}  // namespace

std::optional<HttpResponse> lambda_answer_example(std::string_view request, std::string_view row) {
  if (request != "instances") return std::nullopt;
  if (row == "valid") return answer(200, R"({"data": []})");
  if (row == "invalid_key") {
    return answer(401, R"({"error": {"code": "global/invalid-api-key", "message": "API key was )"
                       R"(invalid, expired, or deleted."}})");
  }
  if (row == "account_inactive") {
    return answer(403, R"({"error": {"code": "global/account-inactive", "message": "Your account )"
                       R"(is inactive."}})");
  }
  if (row == "refused") return answer(403, "<html><title>Attention Required!</title></html>");
  return std::nullopt;
}

}  // namespace credprobe
