// From a Clustrix configuration, already parsed (hosts parse YAML or JSON; the mapping is here,
// once), to the profiles credprobe checks: both shapes of shared CLUSTRIX.md, one flat
// configuration or `active_profile` + `profiles`. `cluster_type` picks the provider through
// the registry's clustrix_type; the provider's fields are read by their Clustrix names.
#pragma once

#include <string>
#include <vector>

#include "credprobe/fields.hpp"
#include "credprobe/json.hpp"
#include "credprobe/lint.hpp"
#include "credprobe/registry.hpp"

namespace credprobe {

struct ClustrixProfile {
  std::string name;                        // the profile's name; "" for a flat configuration
  std::string cluster_type;                // as given, or Clustrix's default (slurm) when left out
  const ProviderSpec* provider = nullptr;  // into the registry; null: not checked
  std::string not_checked;                 // why, when provider is null
  Fields fields;                           // the provider's fields the profile gives
  // Keys the profile gives that credprobe does not check (scheduler settings, another
  // cluster type's keys, every key of an unchecked cluster type), in the file's order.
  std::vector<std::string> unchecked_keys;
  // Keys Clustrix would refuse, values that are not text: LintIssue::field names the key.
  LintIssues findings;
};

struct ClustrixImport {
  bool profiles_shape = false;  // `active_profile` + `profiles`; false: one flat configuration
  std::string active_profile;
  std::vector<ClustrixProfile> profiles;  // in the file's order
  LintIssues findings;                    // about the file as a whole
  std::string error;  // not a Clustrix configuration at all (then `profiles` is empty)
};

ClustrixImport import_clustrix(const Json& config, const std::vector<ProviderSpec>& registry);
// Each profile points into the registry, so a temporary registry would leave it dangling.
ClustrixImport import_clustrix(const Json& config, std::vector<ProviderSpec>&& registry) = delete;

// Whether any profile or the file has an error finding.
bool has_errors(const ClustrixImport& imported);

// {"shape": "flat"|"profiles", "active_profile", "findings": [...], "profiles": [{"name",
// "cluster_type", "provider" (id or null), "not_checked" (reason, when provider is null),
// "fields": {name: value} with values, or [names] without, "unchecked_keys", "findings"}]},
// or {"error"}. Findings are {"severity", "field", "message"} as in lint_to_json. The
// command line's JSON holds no values (they are secrets); the page's fills its forms.
// `per_profile[i]`'s members are added to profile i's object (the command line's verdicts).
Json clustrix_import_to_json(const ClustrixImport& imported, bool with_values,
                             const std::vector<Json>& per_profile = {});
Json clustrix_profile_to_json(const ClustrixProfile& profile, bool with_values);

}  // namespace credprobe
