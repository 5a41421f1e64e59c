// An answer for every row of gcp_answer_table(), for the replay test (test data: the wasm never
// calls this, so it carries none of it).
#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
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

}  // namespace

std::optional<HttpResponse> gcp_answer_example(std::string_view request, std::string_view row) {
  if (request == "token") {
    if (row == "granted")
      return answer(200, R"({"access_token": "ya29.example", "expires_in": 3599})");
    if (row == "user_refused") {
      return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
    }
    if (row == "clock") {
      return oauth_error(400, "invalid_grant",
                         "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                         "reasonable timeframe.");
    }
    if (row == "bad_signature") return oauth_error(400, "invalid_grant", "Invalid JWT Signature.");
    if (row == "account_not_found") {
      return oauth_error(400, "invalid_grant", "Invalid grant: account not found");
    }
    if (row == "bad_assertion") {
      return oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check.");
    }
    if (row == "user_client") {
      return oauth_error(401, "invalid_client", "The OAuth client was not found.");
    }
    if (row == "unnamed") return oauth_error(400, "invalid_grant", "Bad Request");
    if (row == "unauthorized_client") {
      return oauth_error(400, "unauthorized_client",
                         "Client is unauthorized to retrieve access tokens using this method.");
    }
  }
  if (request == "project") {
    if (row == "readable") {
      return answer(
          200,
          R"({"name": "projects/415104041262", "projectId": "credprobe-test", "state": "ACTIVE"})");
    }
    if (row == "denied") return api_error(403, "PERMISSION_DENIED", "IAM_PERMISSION_DENIED");
  }
  return std::nullopt;
}

}  // namespace credprobe
