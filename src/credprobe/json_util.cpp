#include "credprobe/json_util.hpp"

namespace credprobe {

std::optional<nlohmann::json> parse_json(std::string_view text) {
  auto parsed = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

namespace {
const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}
}  // namespace

std::optional<std::string> json_string(const nlohmann::json& object, const char* key) {
  auto* value = member(object, key);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get_ref<const std::string&>();
}

std::optional<double> json_number(const nlohmann::json& object, const char* key) {
  auto* value = member(object, key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

std::optional<bool> json_bool(const nlohmann::json& object, const char* key) {
  auto* value = member(object, key);
  if (!value || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

const nlohmann::json* json_object(const nlohmann::json& object, const char* key) {
  auto* value = member(object, key);
  return value && value->is_object() ? value : nullptr;
}

const nlohmann::json* json_array(const nlohmann::json& object, const char* key) {
  auto* value = member(object, key);
  return value && value->is_array() ? value : nullptr;
}

}  // namespace credprobe
