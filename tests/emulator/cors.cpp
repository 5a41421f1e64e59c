#include "cors.hpp"

namespace {

std::string reflected_origin(const httplib::Request& req, const CorsPolicy& policy) {
  const std::string origin = req.get_header_value("Origin");
  return origin.empty() ? policy.origin_when_absent : origin;
}

}  // namespace

void add_cors_headers(const httplib::Request& req, httplib::Response& res,
                      const CorsPolicy& policy) {
  res.set_header("Access-Control-Allow-Origin", reflected_origin(req, policy));
  res.set_header("Vary", "Origin");
  if (!policy.max_age.empty()) res.set_header("Access-Control-Max-Age", policy.max_age);
  if (!policy.expose_headers.empty()) {
    res.set_header("Access-Control-Expose-Headers", policy.expose_headers);
  }
}

void answer_preflight(const httplib::Request& req, httplib::Response& res,
                      const CorsPolicy& policy) {
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", reflected_origin(req, policy));
  const std::string method = req.get_header_value("Access-Control-Request-Method");
  res.set_header("Access-Control-Allow-Methods", method.empty() ? policy.allow_methods : method);
  const std::string headers = req.get_header_value("Access-Control-Request-Headers");
  if (!headers.empty()) res.set_header("Access-Control-Allow-Headers", headers);
  if (!policy.max_age.empty()) res.set_header("Access-Control-Max-Age", policy.max_age);
  res.set_header("Vary", "Origin, Access-Control-Request-Headers");
}
