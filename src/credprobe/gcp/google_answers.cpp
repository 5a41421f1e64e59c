#include "credprobe/gcp/google_answers.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

constexpr std::size_t kMaxText = 300;

std::string readable(std::string text) {
  return text.size() > kMaxText ? text.substr(0, kMaxText) + "..." : text;
}

}  // namespace

std::optional<OAuthError> read_oauth_error(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return std::nullopt;
  auto error = json_string(*json, "error");
  if (!error || error->empty()) return std::nullopt;
  return OAuthError{readable(*error),
                    readable(json_string(*json, "error_description").value_or(""))};
}

std::optional<std::string> read_access_token(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return std::nullopt;
  auto token = json_string(*json, "access_token");
  if (!token || token->empty()) return std::nullopt;
  return token;
}

std::optional<GoogleApiError> read_google_api_error(const std::string& body) {
  auto json = parse_json(body);
  const Json* error = json ? json_object(*json, "error") : nullptr;
  if (!error) return std::nullopt;
  GoogleApiError out;
  // An HTTP status in practice; a number outside int's range (1e10, 1e400) is none (converting
  // it would be undefined behaviour).
  const double code = json_number(*error, "code").value_or(0);
  out.code = code >= -2147483648.0 && code <= 2147483647.0 ? static_cast<int>(code) : 0;
  out.message = readable(json_string(*error, "message").value_or(""));
  out.status = readable(json_string(*error, "status").value_or(""));
  if (const Json* details = json_array(*error, "details")) {
    for (const auto& detail : *details) {
      if (auto reason = json_string(detail, "reason")) {
        out.reason = readable(*reason);
        break;
      }
    }
  }
  return out;
}

std::optional<ProjectInfo> read_project(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return std::nullopt;
  auto id = json_string(*json, "projectId");
  if (!id || id->empty()) return std::nullopt;
  ProjectInfo p;
  p.project_id = readable(*id);
  p.display_name = readable(json_string(*json, "displayName").value_or(""));
  p.state = readable(json_string(*json, "state").value_or(""));
  std::string name = json_string(*json, "name").value_or("");
  if (name.rfind("projects/", 0) == 0) p.number = readable(name.substr(9));
  return p;
}

}  // namespace credprobe
