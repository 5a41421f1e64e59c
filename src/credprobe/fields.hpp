// Credential field values as the user gave them, keyed by the field's Clustrix name.
#pragma once

#include <map>
#include <string>

namespace credprobe {

using Fields = std::map<std::string, std::string>;

// The value of `name`, or "" when absent.
inline std::string field_value(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace credprobe
