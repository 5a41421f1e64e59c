#include "credprobe/huggingface/whoami_parse.hpp"

#include "credprobe/json.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "huggingface";
constexpr size_t kMaxMessage = 200;

std::vector<std::string> string_list(const Json* array) {
  std::vector<std::string> out;
  if (!array) return out;
  for (const auto& item : *array) {
    if (item.is_string()) out.push_back(item.string());
  }
  return out;
}

void add_fact(Verdict& v, const char* key, const std::optional<std::string>& value) {
  if (value && !value->empty()) v.identity.push_back({key, *value});
}

void add_token_permissions(Verdict& v, const Json& whoami) {
  const Json* auth = json_object(whoami, "auth");
  const Json* token = auth ? json_object(*auth, "accessToken") : nullptr;
  if (!token) return;
  add_fact(v, "token_name", json_string(*token, "displayName"));
  auto role = json_string(*token, "role");
  if (role) v.permissions.push_back({"token role", {*role}});
  const Json* fine = json_object(*token, "fineGrained");
  if (!fine) return;
  auto global = string_list(json_array(*fine, "global"));
  if (!global.empty()) v.permissions.push_back({"global", global});
  if (const Json* scoped = json_array(*fine, "scoped")) {
    for (const auto& entry : *scoped) {
      const Json* entity = json_object(entry, "entity");
      if (!entity) continue;
      std::string scope = json_string(*entity, "type").value_or("entity") + ": " +
                          json_string(*entity, "name").value_or("?");
      v.permissions.push_back({scope, string_list(json_array(entry, "permissions"))});
    }
  }
}

}  // namespace

std::string hub_error_message(const std::string& body) {
  auto json = parse_json(body);
  if (!json) return {};
  auto message = json_string(*json, "error");
  if (!message) return {};
  return message->size() > kMaxMessage ? message->substr(0, kMaxMessage) + "..." : *message;
}

Verdict verdict_from_whoami(const std::string& body, std::int64_t now) {
  auto json = parse_json(body);
  auto name = json ? json_string(*json, "name") : std::nullopt;
  if (!name || name->empty()) {
    Verdict v = new_verdict(kProvider, Status::indeterminate,
                            json ? "whoami-v2 answered 200 but the body does not name an account"
                                 : "whoami-v2 answered 200 with a body that is not JSON",
                            now);
    v.hint =
        "Something between you and the Hub (a proxy, a captive portal, a mirror) answered "
        "instead of it. Check the endpoint and proxy settings.";
    return v;
  }
  auto type = json_string(*json, "type");
  Verdict v = new_verdict(kProvider, Status::valid, "", now);
  add_fact(v, type && *type == "org" ? "org" : "user", name);
  add_fact(v, "fullname", json_string(*json, "fullname"));
  add_fact(v, "type", type);
  add_fact(v, "email", json_string(*json, "email"));
  if (const Json* orgs = json_array(*json, "orgs")) {
    for (const auto& org : *orgs) {
      auto org_name = json_string(org, "name");
      if (!org_name) continue;
      auto role = json_string(org, "roleInOrg");
      v.permissions.push_back({"org: " + *org_name, {role.value_or("member")}});
    }
  }
  add_token_permissions(v, *json);
  std::string summary = "token works for " + type.value_or("user") + " " + *name;
  if (const std::string* token_name = v.fact("token_name")) {
    summary += " (token \"" + *token_name + "\"";
    for (const auto& p : v.permissions) {
      if (p.scope == "token role" && !p.access.empty()) summary += ", " + p.access.front();
    }
    summary += ")";
  }
  v.summary = summary;
  return v;
}

}  // namespace credprobe
