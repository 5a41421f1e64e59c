// Reading a Clustrix configuration file (`--config FILE`) into the core's JSON value: JSON with
// the core's own reader, YAML with yaml-cpp (native only; the page parses YAML with the npm
// `yaml` package). A file that does not parse is reported at the parser's line and column.
#pragma once

#include <optional>
#include <string>

#include "credprobe/json.hpp"

namespace credprobe::cli {

struct ConfigFile {
  std::optional<Json> value;
  // "FILE:LINE:COLUMN: what the parser says" (1-based), or "FILE: why it cannot be read";
  // never quotes the file's text (it holds secrets).
  std::string error;
};

// `.json` files are read as JSON; anything else as YAML (which Clustrix reads with PyYAML's
// YAML 1.1 rules: plain yes/no/on/off are booleans, ~ and null are null).
ConfigFile read_config_file(const std::string& path);

}  // namespace credprobe::cli
