#include "gcp_compute_routes.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "faults.hpp"
#include "google_http.hpp"

namespace {

using nlohmann::json;

const char* const kAuthPrefix = "https://www.googleapis.com/auth/";
const char* const kSelfLinkBase = "https://www.googleapis.com/compute/v1/projects/";

struct ComputeProject {
  bool api_enabled = true;
  json zones = json::object();    // zone -> [machine type names]
  json regions = json::object();  // region -> {metric: [limit, usage]}
  json quotas = json::object();   // metric -> [limit, usage]
};

struct ComputeFixtures {
  json machine_types = json::object();
  std::map<std::string, ComputeProject> projects;
};

void check_quota_map(const json& quotas, const std::string& where) {
  if (!quotas.is_object()) throw std::invalid_argument(where + " must be an object");
  for (const auto& [metric, pair] : quotas.items()) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) {
      throw std::invalid_argument(where + "." + metric + " must be [limit, usage]");
    }
  }
}

std::shared_ptr<const ComputeFixtures> load(const json& all) {
  auto f = std::make_shared<ComputeFixtures>();
  const auto gcp = all.find("gcp");
  if (gcp == all.end() || !gcp->is_object()) return f;
  f->machine_types = gcp->value("machine_types", json::object());
  if (!f->machine_types.is_object()) throw std::invalid_argument("gcp.machine_types: an object");
  const json projects = gcp->value("projects", json::array());
  for (std::size_t i = 0; i < projects.size(); ++i) {
    const json& entry = projects[i];
    if (!entry.is_object() || !entry.contains("compute")) continue;
    const std::string where = "gcp.projects[" + std::to_string(i) + "].compute";
    const json& c = entry["compute"];
    if (!c.is_object()) throw std::invalid_argument(where + " must be an object");
    ComputeProject p;
    p.api_enabled = c.value("api_enabled", true);
    p.zones = c.value("zones", json::object());
    p.regions = c.value("regions", json::object());
    p.quotas = c.value("quotas", json::object());
    for (const auto& [region, quotas] : p.regions.items()) {
      check_quota_map(quotas, where + ".regions." + region);
    }
    check_quota_map(p.quotas, where + ".quotas");
    f->projects[entry.value("project_id", "")] = std::move(p);
  }
  return f;
}

json quota_list(const json& quotas) {
  json out = json::array();
  for (const auto& [metric, pair] : quotas.items()) {
    out.push_back({{"metric", metric}, {"limit", pair[0]}, {"usage", pair[1]}});
  }
  return out;
}

bool list_has(const json& entry, const char* key, const std::string& value) {
  const json list = entry.value(key, json::array());
  for (const auto& item : list) {
    if (item.is_string() && item.get<std::string>() == value) return true;
  }
  return false;
}

bool has_scope(const std::string& scopes, const std::vector<std::string>& accepted) {
  std::size_t start = 0;
  while (start < scopes.size()) {
    std::size_t end = scopes.find(' ', start);
    if (end == std::string::npos) end = scopes.size();
    const std::string one = scopes.substr(start, end - start);
    for (const auto& a : accepted) {
      if (one == kAuthPrefix + a) return true;
    }
    start = end + 1;
  }
  return false;
}

void unauthenticated(httplib::Response& res, const std::string& header, const char* service,
                     const char* method) {
  res.set_header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
  api_error(res, 401,
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential. See "
            "https://developers.google.com/identity/sign-in/web/devconsole-project.",
            "UNAUTHENTICATED",
            json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                          {"reason", header.empty() ? "CREDENTIALS_MISSING"
                                                    : "ACCESS_TOKEN_TYPE_UNSUPPORTED"},
                          {"domain", "googleapis.com"},
                          {"metadata", {{"service", service}, {"method", method}}}}}));
}

void insufficient_scope(httplib::Response& res, const char* service, const char* method) {
  res.set_header("WWW-Authenticate",
                 "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\"");
  api_error(res, 403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED",
            json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                          {"reason", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"},
                          {"domain", "googleapis.com"},
                          {"metadata", {{"service", service}, {"method", method}}}}}),
            {{"errors", json::array({{{"message", "Insufficient Permission"},
                                      {"domain", "global"},
                                      {"reason", "insufficientPermissions"}}})}});
}

// Google's answer for a project whose Compute Engine API was never enabled (or was disabled):
// the front end's 403 with an ErrorInfo naming the service and the console page that enables it.
void service_disabled(httplib::Response& res, const std::string& number) {
  const std::string url =
      "https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project=" +
      number;
  const std::string message = "Compute Engine API has not been used in project " + number +
                              " before or it is disabled. Enable it by visiting " + url +
                              " then retry. If you enabled this API recently, wait a few minutes "
                              "for the action to propagate to our systems and retry.";
  api_error(
      res, 403, message, "PERMISSION_DENIED",
      json::array(
          {{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
            {"reason", "SERVICE_DISABLED"},
            {"domain", "googleapis.com"},
            {"metadata",
             {{"activationUrl", url},
              {"consumer", "projects/" + number},
              {"containerInfo", number},
              {"service", "compute.googleapis.com"},
              {"serviceTitle", "Compute Engine API"}}}},
           {{"@type", "type.googleapis.com/google.rpc.LocalizedMessage"},
            {"locale", "en-US"},
            {"message", message}},
           {{"@type", "type.googleapis.com/google.rpc.Help"},
            {"links", json::array({{{"description", "Google developers console API activation"},
                                    {"url", url}}})}}}),
      {{"errors", json::array({{{"message", message},
                                {"domain", "usageLimits"},
                                {"reason", "accessNotConfigured"},
                                {"extendedHelp", "https://console.developers.google.com"}}})}});
}

// Compute Engine's own errors keep the legacy shape: code, message and errors[], no status.
void compute_error(httplib::Response& res, int code, const std::string& message,
                   const char* reason) {
  api_error(res, code, message, "", json::array(),
            {{"errors",
              json::array({{{"message", message}, {"domain", "global"}, {"reason", reason}}})}});
}

struct ComputeCall {
  const char* method;      // the RPC, for errors' metadata
  const char* permission;  // what IAM checks
  std::string resource;    // "projects/p/zones/z/machineTypes/t"
};

using Serve = std::function<void(httplib::Response&, const std::string& number)>;

void compute_route(EmulatorState& state, const ComputeFixtures& f, const GcpDirectory& directory,
                   const httplib::Request& req, httplib::Response& res, const std::string& project,
                   const ComputeCall& call, const Serve& serve) {
  static const FaultStyle style = google_fault_style();
  google_cors(req, res);
  const std::string header = req.get_header_value("Authorization");
  const auto caller = directory.caller(header);
  const NormalAnswer normal = [&](httplib::Response& out) {
    if (!caller) return unauthenticated(out, header, "compute.googleapis.com", call.method);
    const auto number = directory.project_number(project);
    const auto config = f.projects.find(project);
    bool member = false;
    for (const auto& p : caller->projects) member = member || p == project;
    if (number && config != f.projects.end() && !config->second.api_enabled) {
      return service_disabled(out, *number);
    }
    if (!has_scope(caller->scope, {"cloud-platform", "compute", "compute.readonly"})) {
      return insufficient_scope(out, "compute.googleapis.com", call.method);
    }
    if (!number || config == f.projects.end() || !member ||
        list_has(*caller->fixture, "denied", call.permission)) {
      return compute_error(
          out, 403,
          std::string("Required '") + call.permission + "' permission for '" + call.resource + "'",
          "forbidden");
    }
    serve(out, *number);
  };
  if (auto fault = fault_for(state, req, caller ? caller->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

void not_found(httplib::Response& res, const std::string& resource) {
  compute_error(res, 404, "The resource '" + resource + "' was not found", "notFound");
}

std::string region_of(const std::string& zone) {
  return zone.substr(0, zone.rfind('-'));
}

void test_iam_permissions(EmulatorState& state, const GcpDirectory& directory,
                          const httplib::Request& req, httplib::Response& res,
                          const std::string& project) {
  static const FaultStyle style = google_fault_style();
  google_cors(req, res);
  const std::string header = req.get_header_value("Authorization");
  const auto caller = directory.caller(header);
  const NormalAnswer normal = [&](httplib::Response& out) {
    if (!caller) {
      return unauthenticated(out, header, "cloudresourcemanager.googleapis.com",
                             "google.cloudresourcemanager.v1.Projects.TestIamPermissions");
    }
    if (!has_scope(caller->scope, {"cloud-platform", "cloud-platform.read-only"})) {
      return insufficient_scope(out, "cloudresourcemanager.googleapis.com",
                                "google.cloudresourcemanager.v1.Projects.TestIamPermissions");
    }
    const json body = json::parse(req.body, nullptr, false);
    const json asked = body.is_object() ? body.value("permissions", json()) : json();
    if (!asked.is_array()) {
      return api_error(out, 400, "Invalid JSON payload received. Expected permissions.",
                       "INVALID_ARGUMENT");
    }
    bool member = false;
    for (const auto& p : caller->projects) member = member || p == project;
    if (!member || !directory.project_number(project)) {
      // The project is not visible to the caller (or does not exist): Google does not say which.
      return api_error(out, 403, "The caller does not have permission", "PERMISSION_DENIED");
    }
    json held = json::array();
    for (const auto& p : asked) {
      if (p.is_string() && list_has(*caller->fixture, "permissions", p.get<std::string>())) {
        held.push_back(p);
      }
    }
    json answer = json::object();
    if (!held.empty()) answer["permissions"] = held;  // Google omits an empty list
    out.status = 200;
    out.set_content(answer.dump(2), "application/json; charset=UTF-8");
  };
  if (auto fault = fault_for(state, req, caller ? caller->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

}  // namespace

void add_gcp_compute_routes(httplib::Server& svr, EmulatorState& state, GcpDirectory directory) {
  const auto f = load(state.fixtures);
  const auto dir = std::make_shared<const GcpDirectory>(std::move(directory));

  svr.Get(
      R"(/compute/v1/projects/([^/]+)/zones/([^/]+)/machineTypes/([^/]+))",
      [&state, f, dir](const httplib::Request& req, httplib::Response& res) {
        const std::string project = req.matches[1], zone = req.matches[2], type = req.matches[3];
        const std::string resource =
            "projects/" + project + "/zones/" + zone + "/machineTypes/" + type;
        compute_route(
            state, *f, *dir, req, res, project,
            {"compute.v1.MachineTypesService.Get", "compute.machineTypes.get", resource},
            [&](httplib::Response& out, const std::string& number) {
              const ComputeProject& p = f->projects.at(project);
              const bool offered = p.zones.contains(zone) && list_has(p.zones, zone.c_str(), type);
              if (!offered || !f->machine_types.contains(type)) return not_found(out, resource);
              json body = f->machine_types[type];
              body["kind"] = "compute#machineType";
              body["id"] = std::to_string(std::hash<std::string>{}(type) % 100000000);
              body["creationTimestamp"] = "1969-12-31T16:00:00.000-08:00";
              body["name"] = type;
              if (!body.contains("description")) {
                body["description"] = std::to_string(body.value("guestCpus", 0)) + " vCPUs";
              }
              body["zone"] = zone;
              body["selfLink"] =
                  kSelfLinkBase + project + "/zones/" + zone + "/machineTypes/" + type;
              body["isSharedCpu"] = false;
              body["maximumPersistentDisks"] = 128;
              body["maximumPersistentDisksSizeGb"] = "263168";
              (void)number;
              out.status = 200;
              out.set_content(body.dump(2), "application/json; charset=UTF-8");
            });
      });
  svr.Get(R"(/compute/v1/projects/([^/]+)/regions/([^/]+))",
          [&state, f, dir](const httplib::Request& req, httplib::Response& res) {
            const std::string project = req.matches[1], region = req.matches[2];
            const std::string resource = "projects/" + project + "/regions/" + region;
            compute_route(state, *f, *dir, req, res, project,
                          {"compute.v1.RegionsService.Get", "compute.regions.get", resource},
                          [&](httplib::Response& out, const std::string&) {
                            const ComputeProject& p = f->projects.at(project);
                            if (!p.regions.contains(region)) return not_found(out, resource);
                            json zones = json::array();
                            for (const auto& [zone, types] : p.zones.items()) {
                              if (region_of(zone) == region) {
                                zones.push_back(kSelfLinkBase + project + "/zones/" + zone);
                              }
                            }
                            const json body = {
                                {"kind", "compute#region"},
                                {"id", "1000"},
                                {"creationTimestamp", "1969-12-31T16:00:00.000-08:00"},
                                {"name", region},
                                {"description", region},
                                {"status", "UP"},
                                {"zones", zones},
                                {"quotas", quota_list(p.regions[region])},
                                {"selfLink", kSelfLinkBase + project + "/regions/" + region},
                                {"supportsPzs", false}};
                            out.status = 200;
                            out.set_content(body.dump(2), "application/json; charset=UTF-8");
                          });
          });
  svr.Get(R"(/compute/v1/projects/([^/]+))",
          [&state, f, dir](const httplib::Request& req, httplib::Response& res) {
            const std::string project = req.matches[1];
            compute_route(
                state, *f, *dir, req, res, project,
                {"compute.v1.ProjectsService.Get", "compute.projects.get", "projects/" + project},
                [&](httplib::Response& out, const std::string& number) {
                  const ComputeProject& p = f->projects.at(project);
                  const json body = {
                      {"kind", "compute#project"},
                      {"id", number},
                      {"creationTimestamp", "2024-03-11T02:21:44.718-07:00"},
                      {"name", project},
                      {"commonInstanceMetadata",
                       {{"kind", "compute#metadata"}, {"fingerprint", "pB0e7yz1e4M="}}},
                      {"quotas", quota_list(p.quotas)},
                      {"selfLink", kSelfLinkBase + project},
                      {"defaultServiceAccount", number + "-compute@developer.gserviceaccount.com"},
                      {"xpnProjectStatus", "UNSPECIFIED_XPN_PROJECT_STATUS"},
                      {"defaultNetworkTier", "PREMIUM"},
                      {"vmDnsSetting", "ZONAL_ONLY"}};
                  out.status = 200;
                  out.set_content(body.dump(2), "application/json; charset=UTF-8");
                });
          });
  svr.Post(R"(/v1/projects/([^/:]+):testIamPermissions)",
           [&state, dir](const httplib::Request& req, httplib::Response& res) {
             test_iam_permissions(state, *dir, req, res, req.matches[1]);
           });
  svr.Options(
      R"(/compute/v1/projects/.+|/v1/projects/[^/:]+:testIamPermissions)",
      [](const httplib::Request& req, httplib::Response& res) { google_preflight(req, res); });
  state.announce("gcp",
                 "GET /compute/v1/projects/{p}/zones/{z}/machineTypes/{t}, .../regions/{r}, "
                 "/compute/v1/projects/{p} (" +
                     std::to_string(f->projects.size()) + " projects with Compute Engine)");
  state.announce("gcp", "POST /v1/projects/{p}:testIamPermissions; OPTIONS for both (CORS)");
}
