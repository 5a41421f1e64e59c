#include "browser_headers.hpp"

#include "credprobe/http.hpp"

namespace credprobe::wasm {

bool browser_may_set_header(std::string_view name) {
  static constexpr std::string_view kForbidden[] = {"accept-charset",
                                                    "accept-encoding",
                                                    "access-control-request-headers",
                                                    "access-control-request-method",
                                                    "connection",
                                                    "content-length",
                                                    "cookie",
                                                    "cookie2",
                                                    "date",
                                                    "dnt",
                                                    "expect",
                                                    "host",
                                                    "keep-alive",
                                                    "origin",
                                                    "referer",
                                                    "set-cookie",
                                                    "te",
                                                    "trailer",
                                                    "transfer-encoding",
                                                    "upgrade",
                                                    "user-agent",
                                                    "via"};
  for (auto forbidden : kForbidden) {
    if (iequals(name, forbidden)) return false;
  }
  auto starts_with = [&](std::string_view prefix) {
    return name.size() >= prefix.size() && iequals(name.substr(0, prefix.size()), prefix);
  };
  return !starts_with("proxy-") && !starts_with("sec-");
}

}  // namespace credprobe::wasm
