#include "credprobe/aws/sts_answer.hpp"

#include "credprobe/aws/xml_scan.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

bool looks_like_json(std::string_view body) {
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

std::string text_of(std::string_view xml, std::string_view name) {
  return xml_element_text(xml, name).value_or(std::string());
}

std::optional<CallerIdentity> identity_from_json(std::string_view body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  const Json* response = json_object(*json, "GetCallerIdentityResponse");
  const Json* result = response ? json_object(*response, "GetCallerIdentityResult") : nullptr;
  if (!result) return std::nullopt;
  CallerIdentity id;
  id.account = json_string(*result, "Account").value_or("");
  id.arn = json_string(*result, "Arn").value_or("");
  id.user_id = json_string(*result, "UserId").value_or("");
  if (const Json* meta = json_object(*response, "ResponseMetadata")) {
    id.request_id = json_string(*meta, "RequestId").value_or("");
  }
  return id;
}

std::optional<CallerIdentity> identity_from_xml(std::string_view body) {
  auto response = xml_element_content(body, "GetCallerIdentityResponse");
  auto result = response ? xml_element_content(*response, "GetCallerIdentityResult") : std::nullopt;
  if (!result) return std::nullopt;
  CallerIdentity id;
  id.account = text_of(*result, "Account");
  id.arn = text_of(*result, "Arn");
  id.user_id = text_of(*result, "UserId");
  if (auto meta = xml_element_content(*response, "ResponseMetadata")) {
    id.request_id = text_of(*meta, "RequestId");
  }
  return id;
}

}  // namespace

std::optional<CallerIdentity> parse_caller_identity(std::string_view body) {
  auto id = looks_like_json(body) ? identity_from_json(body) : identity_from_xml(body);
  if (!id || id->account.empty() || id->arn.empty()) return std::nullopt;
  return id;
}

std::optional<StsError> parse_sts_error(std::string_view body) {
  StsError error;
  if (looks_like_json(body)) {
    auto json = parse_json(body);
    if (!json || !json->is_object()) return std::nullopt;
    const Json* detail = json_object(*json, "Error");
    if (!detail) return std::nullopt;
    error.type = json_string(*detail, "Type").value_or("");
    error.code = json_string(*detail, "Code").value_or("");
    error.message = json_string(*detail, "Message").value_or("");
    error.request_id = json_string(*json, "RequestId").value_or("");
  } else {
    auto response = xml_element_content(body, "ErrorResponse");
    auto detail = response ? xml_element_content(*response, "Error") : std::nullopt;
    if (!detail) return std::nullopt;
    error.type = text_of(*detail, "Type");
    error.code = text_of(*detail, "Code");
    error.message = text_of(*detail, "Message");
    error.request_id = text_of(*response, "RequestId");
  }
  if (error.code.empty()) return std::nullopt;
  return error;
}

}  // namespace credprobe
