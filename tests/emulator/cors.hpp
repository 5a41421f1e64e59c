// Cross-origin answers, parameterised per provider: each provider answers browsers in its own
// way (some reflect the origin, some refuse), and the browser build of credprobe must be tested
// against exactly that.
#pragma once

#include <httplib.h>

#include <string>

struct CorsPolicy {
  // Access-Control-Allow-Origin when the request carries no Origin header at all
  // (huggingface.co answers its own origin then).
  std::string origin_when_absent;
  std::string expose_headers;  // Access-Control-Expose-Headers, comma separated
  std::string max_age;         // Access-Control-Max-Age, empty for none
  std::string allow_methods;   // preflight answer when the browser asks for no method
};

// Headers on an actual (non-preflight) response: the request's Origin reflected.
void add_cors_headers(const httplib::Request& req, httplib::Response& res,
                      const CorsPolicy& policy);

// A preflight (OPTIONS) answer: 204, Origin, method and requested headers reflected.
void answer_preflight(const httplib::Request& req, httplib::Response& res,
                      const CorsPolicy& policy);
