#include "check_options.hpp"

#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe::wasm {

namespace {

// A JSON object of strings as a map; false when any value is not a string.
bool string_map(const Json& object, std::map<std::string, std::string>& out) {
  if (!object.is_object()) return false;
  for (std::size_t i = 0; i < object.size(); ++i) {
    const Json& value = object.elements()[i];
    if (value.is_null()) continue;
    if (!value.is_string()) return false;
    out[object.keys()[i]] = value.string();
  }
  return true;
}

// Header names are tokens and values printable ASCII: nothing that could split a request.
bool header_values(const std::map<std::string, std::string>& headers) {
  for (const auto& [name, value] : headers) {
    if (name.empty() || value.size() > 4096) return false;
    for (char c : name) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
      if (!ok) return false;
    }
    for (char c : value) {
      if (c < 0x20 || c > 0x7e) return false;
    }
  }
  return true;
}

}  // namespace

Parsed parse_check_options(std::string_view json_text) {
  Parsed out;
  if (json_text.empty()) return out;
  auto json = parse_json(json_text);
  if (!json || !json->is_object()) {
    out.error = "options must be a JSON object";
    return out;
  }
  if (const auto* endpoints = json_object(*json, "endpoints")) {
    if (!string_map(*endpoints, out.options.endpoints)) {
      out.error = "options.endpoints must map endpoint names to URL strings";
      return out;
    }
  }
  if (const auto* options = json_object(*json, "options")) {
    if (!string_map(*options, out.options.provider_options)) {
      out.error = "options.options must map option names to strings";
      return out;
    }
  }
  if (auto relay = json_string(*json, "relay"); relay && !relay->empty()) {
    if (!parse_url(*relay)) {
      out.error = "options.relay must be an absolute http(s) URL";
      return out;
    }
    out.options.relay = *relay;
  }
  if (const auto* headers = json_object(*json, "relay_headers")) {
    if (!string_map(*headers, out.options.relay_headers) ||
        !header_values(out.options.relay_headers)) {
      out.error = "options.relay_headers must map header names to printable values";
      return out;
    }
  }
  if (auto timeout = json_number(*json, "timeout_seconds")) {
    if (!(*timeout > 0 && *timeout <= 600)) {
      out.error = "options.timeout_seconds must be between 0 and 600";
      return out;
    }
    out.options.timeout_seconds = *timeout;
  }
  if (auto now = json_number(*json, "now")) out.options.now = static_cast<std::int64_t>(*now);
  return out;
}

std::optional<Fields> parse_fields(std::string_view json_text) {
  auto json = parse_json(json_text);
  if (!json || !json->is_object()) return std::nullopt;
  Fields fields;
  if (!string_map(*json, fields)) return std::nullopt;
  for (auto it = fields.begin(); it != fields.end();) {
    it = it->second.empty() ? fields.erase(it) : std::next(it);
  }
  return fields;
}

}  // namespace credprobe::wasm
