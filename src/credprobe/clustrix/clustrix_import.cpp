#include "credprobe/clustrix/clustrix_import.hpp"

#include "credprobe/check.hpp"
#include "credprobe/closest_names.hpp"
#include "credprobe/clustrix/clustrix_keys.hpp"

namespace credprobe {

namespace {

const char* kind_name(const Json& value) {
  switch (value.kind()) {
    case Json::Kind::null:
      return "empty (null)";
    case Json::Kind::boolean:
      return "true or false";
    case Json::Kind::number:
      return "a number";
    case Json::Kind::string:
      return "text";
    case Json::Kind::array:
      return "a list";
    case Json::Kind::object:
      return "a mapping";
  }
  return "a value";
}

// How a finding names a key the file gave: itself when it reads as a key, otherwise its length
// (a pasted secret in a key's place is never echoed).
std::string key_for_message(const std::string& key) {
  const std::string quoted = name_for_message(key, clustrix_keys());
  return quoted.front() == '\'' ? key : quoted;
}

void unknown_key(const std::string& key, LintIssues& findings) {
  std::string message =
      "is not a Clustrix configuration key: Clustrix refuses a file with a key it does not know";
  const auto close = closest_names(key, clustrix_keys(), 1);
  if (!close.empty() && edit_distance(key, close.front()) <= 3) {
    message += " (did you mean " + close.front() + "?)";
  }
  findings.push_back({Severity::error, key_for_message(key), message});
}

std::string cluster_types(const std::vector<ProviderSpec>& registry) {
  std::string types;
  for (const auto& p : registry) types += (types.empty() ? "" : ", ") + p.clustrix_type;
  return types;
}

// Which provider checks a profile of `type`, or why none does.
void pick_provider(ClustrixProfile& profile, bool given,
                   const std::vector<ProviderSpec>& registry) {
  for (const auto& p : registry) {
    if (p.clustrix_type == profile.cluster_type) profile.provider = &p;
  }
  if (profile.provider) return;
  const std::string checks = " (credprobe checks " + cluster_types(registry) + ")";
  if (!given) {
    profile.not_checked = "no cluster_type: Clustrix takes " +
                          std::string(kClustrixDefaultClusterType) +
                          ", which credprobe does not check" + checks;
  } else if (is_unchecked_cluster_type(profile.cluster_type)) {
    profile.not_checked = "credprobe does not check " + profile.cluster_type + " clusters" + checks;
  } else {
    std::vector<std::string> known;
    for (const auto& p : registry) known.push_back(p.clustrix_type);
    profile.not_checked = "cluster_type " + name_for_message(profile.cluster_type, known) +
                          " is not one credprobe knows" + checks;
    profile.findings.push_back(
        {Severity::warning, "cluster_type", "names no cluster type credprobe knows" + checks});
  }
}

ClustrixProfile import_profile(std::string name, const Json& config,
                               const std::vector<ProviderSpec>& registry) {
  ClustrixProfile profile;
  profile.name = std::move(name);
  const Json* type = config.find("cluster_type");
  const bool given = type && !type->is_null();
  profile.cluster_type = given ? type->string() : kClustrixDefaultClusterType;
  if (given && !type->is_string()) {
    profile.findings.push_back(
        {Severity::error, "cluster_type", std::string("must be text; it is ") + kind_name(*type)});
    profile.cluster_type.clear();
  }
  pick_provider(profile, given, registry);

  const auto& keys = config.keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& key = keys[i];
    const Json& value = config.elements()[i];
    if (key == "cluster_type") continue;
    if (!is_clustrix_key(key)) unknown_key(key, profile.findings);
    const std::string_view alias = clustrix_alias_of(key);
    const std::string field = alias.empty() ? key : std::string(alias);
    if (!profile.provider || !profile.provider->field(field)) {
      if (is_clustrix_key(key)) profile.unchecked_keys.push_back(key);
      continue;
    }
    if (value.is_null()) continue;  // Clustrix's None: not given
    if (!value.is_string()) {
      profile.findings.push_back({Severity::error, key_for_message(key),
                                  std::string("must be text (quote it); it is ") +
                                      kind_name(value) + ", so it was not read"});
      continue;
    }
    if (value.string().empty()) continue;
    // The widget's alias fills a field only when the field's own key is absent.
    if (!alias.empty() && config.find(field)) continue;
    profile.fields[field] = value.string();
  }
  return profile;
}

}  // namespace

ClustrixImport import_clustrix(const Json& config, const std::vector<ProviderSpec>& registry) {
  ClustrixImport out;
  if (!config.is_object()) {
    out.error = std::string("a Clustrix configuration is a mapping of keys to values; this is ") +
                kind_name(config);
    return out;
  }
  const Json* profiles = config.find("profiles");
  if (!profiles) {
    out.profiles.push_back(import_profile("", config, registry));
    return out;
  }
  out.profiles_shape = true;
  if (!profiles->is_object()) {
    out.error = std::string("profiles must map each profile's name to its configuration; it is ") +
                kind_name(*profiles);
    return out;
  }
  for (const auto& key : config.keys()) {
    if (key != "profiles" && key != "active_profile") {
      out.findings.push_back({Severity::warning, key_for_message(key),
                              "is not part of a profiles file (active_profile and profiles); "
                              "it was not read"});
    }
  }
  for (std::size_t i = 0; i < profiles->keys().size(); ++i) {
    const std::string& name = profiles->keys()[i];
    const Json& profile = profiles->elements()[i];
    if (!profile.is_object()) {
      out.findings.push_back({Severity::error, "profiles." + name,
                              std::string("must be a mapping of keys to values; it is ") +
                                  kind_name(profile) + ", so it was not read"});
      continue;
    }
    out.profiles.push_back(import_profile(name, profile, registry));
  }
  if (const Json* active = config.find("active_profile"); active && !active->is_null()) {
    out.active_profile = active->string();
    if (!active->is_string() || !profiles->find(out.active_profile)) {
      out.findings.push_back(
          {Severity::warning, "active_profile", "names no profile of this file"});
    }
  }
  return out;
}

bool has_errors(const ClustrixImport& imported) {
  bool errors = !imported.error.empty() || has_errors(imported.findings);
  for (const auto& p : imported.profiles) errors = errors || has_errors(p.findings);
  return errors;
}

Json clustrix_profile_to_json(const ClustrixProfile& profile, bool with_values) {
  Json fields = with_values ? Json::object() : Json::array();
  for (const auto& [name, value] : profile.fields) {
    if (with_values) {
      fields.set(name, value);
    } else {
      fields.push_back(name);
    }
  }
  Json out = Json::object()
                 .set("name", profile.name)
                 .set("cluster_type", profile.cluster_type)
                 .set("provider", profile.provider ? Json(profile.provider->id) : Json());
  if (!profile.provider) out.set("not_checked", profile.not_checked);
  return std::move(out)
      .set("fields", std::move(fields))
      .set("unchecked_keys", profile.unchecked_keys)
      .set("findings", lint_issues_to_json(profile.findings));
}

Json clustrix_import_to_json(const ClustrixImport& imported, bool with_values,
                             const std::vector<Json>& per_profile) {
  if (!imported.error.empty()) return Json::object().set("error", imported.error);
  Json profiles = Json::array();
  for (std::size_t i = 0; i < imported.profiles.size(); ++i) {
    Json profile = clustrix_profile_to_json(imported.profiles[i], with_values);
    if (i < per_profile.size()) {
      const Json& extra = per_profile[i];
      for (std::size_t k = 0; k < extra.keys().size(); ++k) {
        profile.set(extra.keys()[k], extra.elements()[k]);
      }
    }
    profiles.push_back(std::move(profile));
  }
  return Json::object()
      .set("shape", imported.profiles_shape ? "profiles" : "flat")
      .set("active_profile", imported.active_profile)
      .set("findings", lint_issues_to_json(imported.findings))
      .set("profiles", std::move(profiles));
}

}  // namespace credprobe
