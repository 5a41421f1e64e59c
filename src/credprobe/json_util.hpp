// Exception-free access to parsed JSON: the core runs in wasm without exception support, so it
// never calls a throwing accessor on data that came from outside.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace credprobe {

// Parses without throwing; nullopt when the text is not JSON.
std::optional<nlohmann::json> parse_json(std::string_view text);

// The member `key` of `object` when it exists and is a string / number / bool / object / array.
std::optional<std::string> json_string(const nlohmann::json& object, const char* key);
std::optional<double> json_number(const nlohmann::json& object, const char* key);
std::optional<bool> json_bool(const nlohmann::json& object, const char* key);
const nlohmann::json* json_object(const nlohmann::json& object, const char* key);
const nlohmann::json* json_array(const nlohmann::json& object, const char* key);

}  // namespace credprobe
