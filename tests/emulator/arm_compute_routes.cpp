// Resource Manager's compute and authorization reads, in the shapes Azure's REST references
// document and azure-mgmt-compute / azure-mgmt-authorization parse.
#include "arm_compute_routes.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace {

using nlohmann::json;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void arm_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                  "application/json; charset=utf-8");
}

void ok(httplib::Response& res, const std::string& body) {
  res.status = 200;
  res.set_content(body, "application/json; charset=utf-8");
}

void ok(httplib::Response& res, const json& body) {
  ok(res, body.dump());
}

// Contributor's permissions: everything but granting access.
json contributor() {
  return json::array({{{"actions", {"*"}},
                       {"notActions",
                        {"Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
                         "Microsoft.Authorization/elevateAccess/Action",
                         "Microsoft.Blueprint/blueprintAssignments/write",
                         "Microsoft.Blueprint/blueprintAssignments/delete"}},
                       {"dataActions", json::array()},
                       {"notDataActions", json::array()}}});
}

json permissions_of(const ArmCaller& caller) {
  if (!caller.principal || !caller.principal->contains("permissions")) return contributor();
  json out = json::array();
  for (const auto& entry : (*caller.principal)["permissions"]) {
    out.push_back({{"actions", entry.value("actions", json::array())},
                   {"notActions", entry.value("notActions", json::array())},
                   {"dataActions", json::array()},
                   {"notDataActions", json::array()}});
  }
  return out;
}

bool any_matches(const json& patterns, const std::string& action) {
  for (const auto& p : patterns) {
    if (p.is_string() && rbac_matches(p.get<std::string>(), action)) return true;
  }
  return false;
}

bool allowed(const ArmCaller& caller, const std::string& action) {
  for (const auto& entry : permissions_of(caller)) {
    if (any_matches(entry["actions"], action) && !any_matches(entry["notActions"], action)) {
      return true;
    }
  }
  return false;
}

const char* action_of(ArmComputeRead read) {
  switch (read) {
    case ArmComputeRead::provider:
      return "Microsoft.Resources/subscriptions/providers/read";
    case ArmComputeRead::resource_group:
      return "Microsoft.Resources/subscriptions/resourceGroups/read";
    case ArmComputeRead::skus:
      return "Microsoft.Compute/skus/read";
    case ArmComputeRead::usages:
      return "Microsoft.Compute/locations/usages/read";
    case ArmComputeRead::permissions:
      return "Microsoft.Authorization/permissions/read";
  }
  return "";
}

const json* resource_group(const json& subscription, const std::string& name) {
  const auto groups = subscription.find("resource_groups");
  if (groups == subscription.end() || !groups->is_array()) return nullptr;
  for (const auto& g : *groups) {
    if (lower(g.value("name", "")) == lower(name)) return &g;
  }
  return nullptr;
}

// "location eq 'eastus'" -> "eastus"; "" when there is no filter.
std::string filter_location(const httplib::Request& req) {
  const std::string filter = req.get_param_value("$filter");
  const auto open = filter.find('\'');
  const auto close = open == std::string::npos ? open : filter.find('\'', open + 1);
  if (close == std::string::npos) return {};
  return lower(filter.substr(open + 1, close - open - 1));
}

// Each element of `items`, serialized.
std::vector<std::string> texts_of(const json& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.dump());
  return out;
}

// One page of `items` (each already serialized), with a nextLink to the next when the fixture
// pages them. The body is joined as text: a region's SKU list is megabytes, and building it as
// one nlohmann value per request took the emulator 100-170 ms, which skewed readiness figures.
std::string paged(const std::vector<std::string>& items, const ArmComputeConfig& config,
                  const httplib::Request& req, const std::string& base) {
  const size_t size = config.compute.value("page_size", 0);
  size_t from = 0, to = items.size();
  std::string next_link;
  if (size != 0 && items.size() > size) {
    if (req.has_param("$skiptoken")) from = std::stoul(req.get_param_value("$skiptoken"));
    to = std::min(items.size(), from + size);
    if (to < items.size()) {
      std::string query;
      for (const auto& [key, value] : req.params) {
        if (key == "$skiptoken") continue;
        query += (query.empty() ? "?" : "&") + httplib::detail::encode_query_param(key) + "=" +
                 httplib::detail::encode_query_param(value);
      }
      next_link = base + req.path + query + (query.empty() ? "?" : "&") +
                  "$skiptoken=" + std::to_string(to);
    }
  }
  std::string body = "{";
  if (!next_link.empty()) body += "\"nextLink\":" + json(next_link).dump() + ",";
  body += "\"value\":[";
  for (size_t i = from; i < to; ++i) {
    if (i != from) body += ',';
    body += items[i];
  }
  return body + "]}";
}

std::vector<std::string> skus_for(const ArmComputeConfig& config, const json& subscription,
                                  const std::string& location) {
  std::vector<std::string> out;
  const auto restrictions = subscription.find("sku_restrictions");
  for (const auto& [region, texts] : config.sku_texts) {
    if (!location.empty() && lower(region) != location) continue;
    const json* mine = nullptr;
    if (restrictions != subscription.end() && restrictions->contains(region)) {
      mine = &(*restrictions)[region];
    }
    const json& skus = config.compute.at("skus").at(region);
    for (size_t i = 0; i < texts.size(); ++i) {
      const json& listed = skus[i];
      const auto r = mine ? mine->find(listed.value("name", "")) : json::const_iterator();
      if (!mine || r == mine->end() || listed.value("resourceType", "") != "virtualMachines") {
        out.push_back(texts[i]);
        continue;
      }
      json sku = listed;
      const std::string type = r->value("type", "Location");
      json info = {{"locations", {region}}};
      if (type == "Zone") info["zones"] = r->value("zones", json::array());
      sku["restrictions"].push_back(
          {{"type", type},
           {"values", {region}},
           {"restrictionInfo", info},
           {"reasonCode", r->value("reasonCode", "NotAvailableForSubscription")}});
      out.push_back(sku.dump());
    }
  }
  return out;
}

json usages_for(const ArmComputeConfig& config, const json& subscription,
                const std::string& location) {
  json out = json::array();
  const json defaults =
      config.compute.value("usages", json::object()).value(location, json::array());
  const json overrides =
      subscription.value("usages", json::object()).value(location, json::object());
  for (const auto& u : defaults) {
    const std::string name = u.value("name", "");
    const json o = overrides.value(name, json::object());
    out.push_back({{"limit", o.value("limit", u.value("limit", 0))},
                   {"unit", "Count"},
                   {"currentValue", o.value("current", u.value("current", 0))},
                   {"name", {{"value", name}, {"localizedValue", u.value("label", name)}}}});
  }
  return out;
}

}  // namespace

bool rbac_matches(const std::string& pattern, const std::string& action) {
  // Classic glob with one wildcard, by dynamic programming over (pattern, action) prefixes:
  // the emulator is a second, independent implementation of the core's matcher.
  const std::string p = lower(pattern), a = lower(action);
  std::vector<bool> row(a.size() + 1, false), next(a.size() + 1, false);
  row[0] = true;
  for (char c : p) {
    std::fill(next.begin(), next.end(), false);
    if (c == '*') {
      bool any = false;
      for (size_t j = 0; j <= a.size(); ++j) {
        any = any || row[j];
        next[j] = any;
      }
    } else {
      for (size_t j = 1; j <= a.size(); ++j) next[j] = row[j - 1] && a[j - 1] == c;
    }
    row.swap(next);
  }
  return row[a.size()];
}

std::shared_ptr<const ArmComputeConfig> load_arm_compute(const json& fixtures) {
  auto config = std::make_shared<ArmComputeConfig>();
  const auto azure = fixtures.find("azure");
  if (azure == fixtures.end() || !azure->is_object()) return config;
  config->compute = azure->value("compute", json::object());
  if (!config->compute.is_object()) throw std::invalid_argument("azure.compute must be an object");
  for (const auto& s : azure->value("subscriptions", json::array())) {
    if (s.is_object() && s.contains("id"))
      config->subscriptions[lower(s["id"].get<std::string>())] = s;
  }
  const auto skus = config->compute.find("skus");
  if (skus != config->compute.end() && skus->is_object()) {
    for (const auto& [region, listed] : skus->items()) {
      if (!listed.is_array())
        throw std::invalid_argument("azure.compute.skus." + region + " must be an array");
      config->sku_texts[region] = texts_of(listed);
    }
  }
  return config;
}

void serve_arm_compute(const ArmComputeConfig& config, const ArmCaller& caller, ArmComputeRead read,
                       const httplib::Request& req, const std::string& base,
                       httplib::Response& res) {
  if (!req.has_param("api-version")) {
    return arm_error(res, 400, "MissingApiVersionParameter",
                     "The api-version query parameter (?api-version=) is required for all "
                     "requests.");
  }
  const std::string id = lower(req.matches[1]);
  const auto subscription = config.subscriptions.find(id);
  if (subscription == config.subscriptions.end()) {
    return arm_error(res, 404, "SubscriptionNotFound",
                     "The subscription '" + id + "' could not be found.");
  }
  const json& sub = subscription.value();
  std::string scope = "/subscriptions/" + id;
  const bool group_scoped =
      read == ArmComputeRead::resource_group || read == ArmComputeRead::permissions;
  if (group_scoped) scope += "/resourcegroups/" + std::string(req.matches[2]);
  bool member = false;
  for (const auto& s : caller.subscriptions) member = member || s == id;
  if (!member || !allowed(caller, action_of(read))) {
    return arm_error(res, 403, "AuthorizationFailed",
                     "The client '" + caller.object_id + "' with object id '" + caller.object_id +
                         "' does not have authorization to perform action '" + action_of(read) +
                         "' over scope '" + scope +
                         "' or the scope is invalid. If access was recently granted, please "
                         "refresh your credentials.");
  }
  const std::string state = sub.value("compute_registration", "Registered");
  const bool registered = state == "Registered";
  switch (read) {
    case ArmComputeRead::provider:
      return ok(res, {{"id", "/subscriptions/" + id + "/providers/Microsoft.Compute"},
                      {"namespace", "Microsoft.Compute"},
                      {"authorizations", json::array()},
                      {"resourceTypes",
                       json::array({{{"resourceType", "virtualMachines"},
                                     {"locations", {"East US", "West US 2"}},
                                     {"apiVersions", {"2024-07-01", "2023-09-01"}},
                                     {"capabilities", "CrossResourceGroupResourceMove"}}})},
                      {"registrationState", state},
                      {"registrationPolicy", "RegistrationRequired"}});
    case ArmComputeRead::resource_group:
    case ArmComputeRead::permissions: {
      const std::string name = req.matches[2];
      const json* group = resource_group(sub, name);
      if (!group) {
        return arm_error(res, 404, "ResourceGroupNotFound",
                         "Resource group '" + name + "' could not be found.");
      }
      if (read == ArmComputeRead::permissions)
        return ok(res, paged(texts_of(permissions_of(caller)), config, req, base));
      return ok(res,
                {{"id", "/subscriptions/" + id + "/resourceGroups/" + group->value("name", "")},
                 {"name", group->value("name", "")},
                 {"type", "Microsoft.Resources/resourceGroups"},
                 {"location", group->value("location", "eastus")},
                 {"properties", {{"provisioningState", "Succeeded"}}}});
    }
    case ArmComputeRead::skus:
    case ArmComputeRead::usages: {
      if (!registered) {
        return arm_error(res, 409, "MissingSubscriptionRegistration",
                         "The subscription is not registered to use namespace "
                         "'Microsoft.Compute'. See https://aka.ms/rps-not-found for how to "
                         "register subscriptions.");
      }
      if (read == ArmComputeRead::skus) {
        return ok(res, paged(skus_for(config, sub, filter_location(req)), config, req, base));
      }
      return ok(res, {{"value", usages_for(config, sub, lower(req.matches[2]))}});
    }
  }
}
