// Turning --field / --endpoint / --option arguments into values, with errors that point at the
// argument (by name, never by value).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "credprobe/registry.hpp"
#include "native/credential_sources.hpp"

namespace credprobe::cli {

struct ParsedFields {
  native::SourcedFields fields;
  std::string error;  // empty when every argument was understood
};

// NAME=VALUE or NAME=@FILE; NAME must be one of the provider's fields.
ParsedFields parse_field_args(const ProviderSpec& provider, const std::vector<std::string>& args);

struct ParsedPairs {
  std::map<std::string, std::string> values;
  std::string error;
};

// "URL" (key "") or "NAME=URL".
ParsedPairs parse_endpoint_args(const std::vector<std::string>& args);
ParsedPairs parse_option_args(const std::vector<std::string>& args);

// --endpoint values by provider id, each map as a CheckRequest's endpoint_overrides ("" is the
// provider's one credential endpoint). "PROVIDER.NAME=URL" and "PROVIDER=URL" name their
// provider, which `check --all` needs; "NAME=URL" and a bare "URL" belong to `only`, the one
// provider checked, and are refused without one.
struct EndpointsByProvider {
  std::map<std::string, std::map<std::string, std::string>> values;
  std::string error;
};
EndpointsByProvider endpoints_by_provider(const ParsedPairs& endpoints,
                                          const std::vector<ProviderSpec>& registry,
                                          const ProviderSpec* only);

}  // namespace credprobe::cli
