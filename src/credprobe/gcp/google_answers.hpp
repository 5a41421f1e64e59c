// Reading Google's answers: the token endpoint's OAuth error body, an access-token grant, the
// JSON error envelope of Google APIs, and a Cloud Resource Manager v3 project.
#pragma once

#include <optional>
#include <string>

namespace credprobe {

// {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
struct OAuthError {
  std::string error;
  std::string description;  // cut to a readable length
};
std::optional<OAuthError> read_oauth_error(const std::string& body);

// The access token of a 200 answer; nullopt when the body does not hold one.
std::optional<std::string> read_access_token(const std::string& body);

// {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED",
//            "details": [{"@type": "...ErrorInfo", "reason": "IAM_PERMISSION_DENIED", ...}]}}
struct GoogleApiError {
  int code = 0;
  std::string message;
  std::string status;  // PERMISSION_DENIED, NOT_FOUND, ...
  std::string reason;  // ErrorInfo reason: IAM_PERMISSION_DENIED, SERVICE_DISABLED, ...
};
std::optional<GoogleApiError> read_google_api_error(const std::string& body);

// A v3 Project: {"name": "projects/415104041262", "projectId": "...", "state": "ACTIVE",
//                "displayName": "..."}
struct ProjectInfo {
  std::string project_id;
  std::string display_name;
  std::string number;  // from name "projects/NUMBER"
  std::string state;
};
std::optional<ProjectInfo> read_project(const std::string& body);

}  // namespace credprobe
