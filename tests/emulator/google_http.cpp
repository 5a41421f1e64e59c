#include "google_http.hpp"

using nlohmann::json;

void google_cors(const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  res.set_header("Vary", "Origin, X-Origin, Referer");
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Allow-Credentials", "true");
}

void google_preflight(const httplib::Request& req, httplib::Response& res) {
  res.status = 200;
  const std::string origin = req.get_header_value("Origin");
  res.set_header("Vary", "Origin, X-Origin, Referer");
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Allow-Credentials", "true");
  res.set_header("Access-Control-Allow-Methods", "DELETE,GET,HEAD,PATCH,POST,PUT");
  const std::string headers = req.get_header_value("Access-Control-Request-Headers");
  if (!headers.empty()) res.set_header("Access-Control-Allow-Headers", headers);
  res.set_header("Access-Control-Max-Age", "3600");
}

void api_error(httplib::Response& res, int code, const std::string& message,
               const std::string& status, const json& details, const json& extra) {
  res.status = code;
  json error = {{"code", code}, {"message", message}};
  for (const auto& [key, value] : extra.items()) error[key] = value;
  if (!status.empty()) error["status"] = status;
  if (!details.empty()) error["details"] = details;
  res.set_content(json{{"error", error}}.dump(2), "application/json; charset=UTF-8");
}

FaultStyle google_fault_style() {
  FaultStyle style;
  style.rate_limited = [](httplib::Response& res, int) {
    api_error(res, 429,
              "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute'.",
              "RESOURCE_EXHAUSTED");
  };
  style.server_error = [](httplib::Response& res) {
    api_error(res, 500, "Internal error encountered.", "INTERNAL");
  };
  style.unavailable = [](httplib::Response& res) {
    api_error(res, 503, "The service is currently unavailable.", "UNAVAILABLE");
  };
  return style;
}
