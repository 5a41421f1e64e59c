// An answer for every row of aws_answer_table(), for the replay test (test data: the wasm never
// calls this, so it carries none of it).
#include "credprobe/aws/sts_answers.hpp"

namespace credprobe {

namespace {

HttpResponse sts_error(int status, const std::string& code, const std::string& message,
                       Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body =
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
      "<Type>Sender</Type><Code>" +
      code + "</Code><Message>" + message +
      "</Message></Error><RequestId>4c5bd0a5-2c8d-4e4b-a0e5-0d8d1d2d3d4d</RequestId>"
      "</ErrorResponse>";
  return r;
}

}  // namespace

std::optional<HttpResponse> aws_answer_example(std::string_view request, std::string_view row) {
  if (request != "sts") return std::nullopt;
  if (row == "valid") {
    HttpResponse r;
    r.status = 200;
    r.body = R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
             R"("Arn":"arn:aws:iam::123456789012:user/Alice","UserId":"AIDAEXAMPLE"},)"
             R"("ResponseMetadata":{"RequestId":"01234567-89ab-cdef-0123-456789abcdef"}}})";
    return r;
  }
  if (row == "unknown_key") {
    return sts_error(403, "InvalidClientTokenId",
                     "The security token included in the request is invalid.");
  }
  if (row == "clock") {
    return sts_error(403, "SignatureDoesNotMatch",
                     "Signature expired: 20251128T132000Z is now earlier than 20251128T140500Z "
                     "(20251128T142000Z - 15 min.)");
  }
  if (row == "request_expired") return sts_error(400, "RequestExpired", "Request has expired.");
  if (row == "scope") {
    return sts_error(403, "SignatureDoesNotMatch",
                     "Credential should be scoped to a valid region. ");
  }
  if (row == "bad_secret") {
    return sts_error(403, "SignatureDoesNotMatch",
                     "The request signature we calculated does not match the signature you "
                     "provided.",
                     {{"Date", "Fri, 28 Nov 2025 13:20:00 GMT"}});
  }
  if (row == "expired") {
    return sts_error(403, "ExpiredToken", "The security token included in the request is expired");
  }
  if (row == "throttled") return sts_error(400, "Throttling", "Rate exceeded");
  if (row == "region_disabled") {
    return sts_error(403, "RegionDisabledException",
                     "STS is not activated in this region for account:123456789012.");
  }
  return std::nullopt;
}

}  // namespace credprobe
