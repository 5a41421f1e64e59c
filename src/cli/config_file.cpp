#include "cli/config_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "credprobe/gcp/json_position.hpp"
#include "native/environment.hpp"

namespace credprobe::cli {

namespace {

constexpr size_t kMaxConfigBytes = 4 * 1024 * 1024;

bool ends_with(const std::string& text, const char* suffix) {
  const std::string s = suffix;
  if (text.size() < s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = text[text.size() - s.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != s[i]) return false;
  }
  return true;
}

bool one_of(const std::string& text, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (text == w) return true;
  }
  return false;
}

// YAML 1.1 numbers as PyYAML resolves them (decimal, 0x hex, 0o/leading-0 octal, floats with
// a dot or exponent, .inf, .nan; '_' separators). Only the kind matters to the import.
bool plain_number(const std::string& text, double& value) {
  if (one_of(text, {".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"})) {
    value = 0;
    return true;
  }
  std::string digits;
  for (char c : text) {
    if (c != '_') digits += c;
  }
  if (digits.empty()) return false;
  size_t i = (digits[0] == '-' || digits[0] == '+') ? 1 : 0;
  if (i == digits.size()) return false;
  bool hex = digits.compare(i, 2, "0x") == 0;
  bool any_digit = false, dot = false, exponent = false;
  for (size_t k = i + (hex ? 2 : 0); k < digits.size(); ++k) {
    const char c = digits[k];
    if (c >= '0' && c <= '9') {
      any_digit = true;
    } else if (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      any_digit = true;
    } else if (!hex && c == '.' && !dot && !exponent) {
      dot = true;
    } else if (!hex && (c == 'e' || c == 'E') && any_digit && !exponent && k + 1 < digits.size()) {
      exponent = true;
      if (digits[k + 1] == '-' || digits[k + 1] == '+') ++k;
    } else {
      return false;
    }
  }
  if (!any_digit) return false;
  value = std::strtod(digits.c_str(), nullptr);
  return true;
}

Json scalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  // A quoted or tagged scalar is text; only a plain one ("?") is resolved to another kind.
  if (node.Tag() != "?") return Json(text);
  if (one_of(text, {"", "~", "null", "Null", "NULL"})) return Json();
  if (one_of(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})) {
    return Json(true);
  }
  if (one_of(text, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})) {
    return Json(false);
  }
  double number = 0;
  if (plain_number(text, number)) return Json(number);
  return Json(text);
}

// nullopt past kMaxJsonDepth (a hostile file nests without end), like the JSON reader.
std::optional<Json> to_json(const YAML::Node& node, int depth) {
  if (depth > kMaxJsonDepth) return std::nullopt;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return scalar(node);
    case YAML::NodeType::Sequence: {
      Json list = Json::array();
      for (const auto& item : node) {
        auto value = to_json(item, depth + 1);
        if (!value) return std::nullopt;
        list.push_back(std::move(*value));
      }
      return list;
    }
    case YAML::NodeType::Map: {
      Json object = Json::object();
      for (const auto& member : node) {
        auto value = to_json(member.second, depth + 1);
        if (!value) return std::nullopt;
        object.set(member.first.IsScalar() ? member.first.Scalar() : std::string("?"),
                   std::move(*value));
      }
      return object;
    }
    default:
      return Json();
  }
}

ConfigFile read_yaml(const std::string& path, const std::string& text) {
  ConfigFile out;
  try {
    const YAML::Node root = YAML::Load(text);
    out.value = to_json(root, 0);
    if (!out.value) {
      out.error = path + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    }
  } catch (const YAML::Exception& e) {
    // yaml-cpp's marks are 0-based; its messages name the construct, never the text.
    out.error = path + ":" + std::to_string(e.mark.line + 1) + ":" +
                std::to_string(e.mark.column + 1) + ": " + e.msg;
  }
  return out;
}

ConfigFile read_json_text(const std::string& path, const std::string& text) {
  ConfigFile out;
  JsonParse parsed = read_json(text);
  if (parsed.value) {
    out.value = std::move(parsed.value);
    return out;
  }
  auto syntax = find_json_syntax_error(text);
  JsonSyntaxError where = syntax ? *syntax : position_of(text, parsed.error_offset);
  std::string problem = parsed.too_deep
                            ? "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"
                            : (where.problem.empty() ? "not JSON" : where.problem);
  out.error =
      path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + problem;
  return out;
}

}  // namespace

ConfigFile read_config_file(const std::string& path) {
  std::string error;
  auto text = native::read_text_file(path, error, kMaxConfigBytes);
  if (!text) return {std::nullopt, error};
  return ends_with(path, ".json") ? read_json_text(path, *text) : read_yaml(path, *text);
}

}  // namespace credprobe::cli
