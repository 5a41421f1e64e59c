// An answer for every row of huggingface_answer_table(), for the replay test (test data: the wasm
// never calls this, so it carries none of it).
#include "credprobe/huggingface/whoami_answers.hpp"

namespace credprobe {

namespace {

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = std::move(body);
  return r;
}

}  // namespace

std::optional<HttpResponse> huggingface_answer_example(std::string_view request,
                                                       std::string_view row) {
  if (request != "whoami") return std::nullopt;
  if (row == "expired") {
    HttpResponse r = answer(
        200,
        R"({"type":"user","name":"ada","auth":{"type":"access_token","accessToken":)"
        R"({"displayName":"nb","role":"fineGrained","expiration":"2025-11-01T00:00:00.000Z"}}})");
    r.headers.push_back({"Date", "Fri, 28 Nov 2025 13:20:00 GMT"});
    return r;
  }
  if (row == "valid") {
    return answer(200, R"({"type":"user","name":"ada","auth":{"type":"access_token",)"
                       R"("accessToken":{"displayName":"nb","role":"read"}}})");
  }
  if (row == "rejected") {
    return answer(401, R"({"error":"Invalid credentials in Authorization header"})");
  }
  if (row == "bare_401") return answer(401, "");
  return std::nullopt;
}

}  // namespace credprobe
