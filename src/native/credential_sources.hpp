// Where the CLI finds credentials when they are not given as --field: the environment variables
// and files each provider's tools conventionally use, in their precedence order.
#pragma once

#include <map>
#include <string>

#include "credprobe/registry.hpp"
#include "native/environment.hpp"

namespace credprobe::native {

struct SourcedValue {
  std::string value;
  std::string origin;  // "--field", "env HF_TOKEN", "file ~/.cache/huggingface/token"
};
using SourcedFields = std::map<std::string, SourcedValue>;

// Settings a provider's discovery reads, keyed by names the provider defines (AWS's profile:
// kAwsProfileSetting in aws_sources.hpp).
struct SourceOptions {
  std::map<std::string, std::string> settings;

  std::string setting(const std::string& name) const {
    auto it = settings.find(name);
    return it == settings.end() ? std::string() : it->second;
  }
};

struct Discovery {
  SourcedFields fields;
  std::vector<std::string> notes;  // problems met on the way (unreadable file), never secrets
};

// One provider's own discovery, beside the generic rule: `before` runs first (its fields win),
// `after` runs on what the generic rule found. Registered per provider id in
// credential_sources.cpp.
using Discoverer = void (*)(const ProviderSpec& provider, const Environment& env,
                            const SourceOptions& options, Discovery& discovery);
struct ProviderSources {
  Discoverer before = nullptr;
  Discoverer after = nullptr;
};

// Fills every field of `provider` it can find, following the provider's conventions.
Discovery discover_credentials(const ProviderSpec& provider, const Environment& env,
                               const SourceOptions& options);

// The generic rule: each field's env_vars in order, then its files (first line, trimmed).
void discover_from_field_specs(const ProviderSpec& provider, const Environment& env,
                               Discovery& discovery);

Fields values_of(const SourcedFields& fields);

}  // namespace credprobe::native
