// An answer for every row of azure_answer_table(), for the replay test (test data: the wasm never
// calls this, so it carries none of it).
#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse entra_error(int status, const std::string& error, long code,
                         const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.body = Json::object()
               .set("error", error)
               .set("error_description", "AADSTS" + std::to_string(code) + ": " + message)
               .set("error_codes", Json::array().push_back(static_cast<double>(code)))
               .dump();
  return r;
}

}  // namespace

std::optional<HttpResponse> azure_answer_example(std::string_view request, std::string_view row) {
  // The codes the OpenID configuration and the token endpoint share.
  if (request == "openid" || request == "token") {
    if (row == "unknown_tenant")
      return entra_error(400, "invalid_tenant", 90002, "Tenant not found.");
    if (row == "other_code") {
      return entra_error(400, "invalid_request", 900023, "Specified tenant identifier is invalid.");
    }
  }
  if (request == "openid" && row == "config") {
    return answer(
        200,
        R"({"token_endpoint":"https://login.microsoftonline.com/t/oauth2/v2.0/token",)"
        R"("issuer":"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"})");
  }
  if (request == "token") {
    if (row == "granted") {
      return answer(200, R"({"token_type":"Bearer","expires_in":3599,"access_token":"opaque"})");
    }
    if (row == "invalid_secret") {
      return entra_error(401, "invalid_client", 7000215, "Invalid client secret provided.");
    }
    if (row == "expired_secret") {
      return entra_error(401, "invalid_client", 7000222,
                         "The provided client secret keys are expired.");
    }
    if (row == "unknown_client") {
      return entra_error(400, "unauthorized_client", 700016, "Application not found.");
    }
    if (row == "conditional_access") {
      return entra_error(400, "interaction_required", 53003,
                         "Access has been blocked by Conditional Access policies.");
    }
    if (row == "cross_origin") {
      return entra_error(400, "invalid_request", 9002326,
                         "Cross-origin token redemption is permitted only for the 'Single-Page "
                         "Application' client-type.");
    }
  }
  if (request == "subscriptions") {
    if (row == "page") return answer(200, R"({"value":[]})");
    if (row == "token_refused") {
      return answer(
          401,
          R"({"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}})");
    }
  }
  return std::nullopt;
}

}  // namespace credprobe
