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

struct SourceOptions {
  std::string aws_profile;  // --profile
};

struct Discovery {
  SourcedFields fields;
  std::vector<std::string> notes;  // problems met on the way (unreadable file), never secrets
};

// Fills every field of `provider` it can find, following the provider's conventions.
Discovery discover_credentials(const ProviderSpec& provider, const Environment& env,
                               const SourceOptions& options);

// The generic rule: each field's env_vars in order, then its files (first line, trimmed).
void discover_from_field_specs(const ProviderSpec& provider, const Environment& env,
                               Discovery& discovery);

Fields values_of(const SourcedFields& fields);

}  // namespace credprobe::native
