#include "control_routes.hpp"

#include <string>
#include <utility>

#include "faults.hpp"

namespace {

using nlohmann::json;

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// POST /_emulator/faults {"path": "/api/whoami-v2", "fault": NAME, "count": N, ...params}
// with an optional "body_contains": TEXT, so only requests to the path whose body holds TEXT.
void arm(EmulatorState& state, const httplib::Request& req, httplib::Response& res) {
  json spec = json::parse(req.body, nullptr, false);
  if (!spec.is_object() || !spec.contains("path") || !spec["path"].is_string() ||
      !spec.contains("fault") || !spec["fault"].is_string()) {
    return reply(res, 400, {{"error", "expected {\"path\": ..., \"fault\": ..., \"count\": N}"}});
  }
  const std::string fault = spec["fault"].get<std::string>();
  if (!is_known_fault(fault)) {
    return reply(res, 400, {{"error", "unknown fault"}, {"known", known_faults()}});
  }
  const auto count = spec.contains("count") && spec["count"].is_number_integer()
                         ? spec["count"].get<long long>()
                         : 1LL;
  if (count < 1) return reply(res, 400, {{"error", "count must be at least 1"}});
  std::string body_contains;
  if (spec.contains("body_contains")) {
    if (!spec["body_contains"].is_string() || spec["body_contains"].get<std::string>().empty()) {
      return reply(res, 400, {{"error", "body_contains must be a non-empty string"}});
    }
    body_contains = spec["body_contains"].get<std::string>();
  }
  std::string path = spec["path"].get<std::string>();
  spec.erase("path");
  spec.erase("count");
  spec.erase("body_contains");
  state.arm_fault(ArmedFault{path, spec, count, body_contains});
  json armed = {{"path", path}, {"fault", fault}, {"count", count}};
  if (!body_contains.empty()) armed["body_contains"] = body_contains;
  reply(res, 200, {{"armed", armed}});
}

}  // namespace

void add_control_routes(httplib::Server& svr, EmulatorState& state) {
  svr.Get("/_emulator/health", [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, {{"ok", true}});
  });
  svr.Post("/_emulator/faults",
           [&state](const httplib::Request& req, httplib::Response& res) { arm(state, req, res); });
  svr.Delete("/_emulator/faults", [&state](const httplib::Request&, httplib::Response& res) {
    state.clear_faults();
    reply(res, 200, {{"cleared", true}});
  });
  svr.Get("/_emulator/requests", [&state](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, state.request_log());
  });
  svr.Delete("/_emulator/requests", [&state](const httplib::Request&, httplib::Response& res) {
    state.clear_request_log();
    reply(res, 200, {{"cleared", true}});
  });
}
