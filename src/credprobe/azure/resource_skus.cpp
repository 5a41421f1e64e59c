#include "credprobe/azure/resource_skus.hpp"

#include "credprobe/http.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// The position after the string starting at `pos` (a '"'), or kNone.
std::size_t string_end(std::string_view text, std::size_t pos) {
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return kNone;
}

// The position after the value starting at `pos`, found by bracket matching alone (the value is
// then read, and so validated, by the JSON reader), or kNone. Nesting is bounded like the
// reader's.
std::size_t value_end(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return kNone;
  const char first = text[pos];
  if (first == '"') return string_end(text, pos);
  if (first != '{' && first != '[') {
    while (pos < text.size() && !is_space(text[pos]) && text[pos] != ',' && text[pos] != ']' &&
           text[pos] != '}') {
      ++pos;
    }
    return pos;
  }
  char open[kMaxJsonDepth];
  int depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      i = string_end(text, i);
      if (i == kNone) return kNone;
      --i;
    } else if (c == '{' || c == '[') {
      if (depth == kMaxJsonDepth) return kNone;
      open[depth++] = c;
    } else if (c == '}' || c == ']') {
      if (depth == 0 || open[depth - 1] != (c == '}' ? '{' : '[')) return kNone;
      if (--depth == 0) return i + 1;
    }
  }
  return kNone;
}

bool lists(const Json* array, std::string_view wanted) {
  if (!array || !array->is_array()) return false;
  for (const Json& item : *array) {
    if (item.is_string() && iequals(item.string(), wanted)) return true;
  }
  return false;
}

std::vector<std::string> strings_of(const Json* array) {
  std::vector<std::string> out;
  if (!array || !array->is_array()) return out;
  for (const Json& item : *array) {
    if (item.is_string()) out.push_back(item.string());
  }
  return out;
}

int whole_vcpus(const Json& sku) {
  const Json* capabilities = json_array(sku, "capabilities");
  if (!capabilities) return 0;
  for (const Json& c : *capabilities) {
    if (!c.is_object() || json_string(c, "name").value_or("") != "vCPUs") continue;
    const std::string value = json_string(c, "value").value_or("");
    if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != kNone) {
      return 0;
    }
    // At most four digits: no overflow. (std::stoi would bring printf into the wasm for its
    // out-of-range message.)
    int vcpus = 0;
    for (char digit : value) vcpus = vcpus * 10 + (digit - '0');
    return vcpus;
  }
  return 0;
}

// The element as the size's entry for the region, or nullopt when it is another SKU.
std::optional<VmSku> as_vm_sku(const Json& element, std::string_view size,
                               std::string_view region) {
  if (!element.is_object()) return std::nullopt;
  if (!iequals(json_string(element, "resourceType").value_or(""), "virtualMachines") ||
      !iequals(json_string(element, "name").value_or(""), size) ||
      !lists(json_array(element, "locations"), region)) {
    return std::nullopt;
  }
  VmSku sku;
  sku.name = json_string(element, "name").value_or("");
  sku.family = json_string(element, "family").value_or("");
  sku.vcpus = whole_vcpus(element);
  if (const Json* restrictions = json_array(element, "restrictions")) {
    for (const Json& r : *restrictions) {
      if (!r.is_object()) continue;
      const std::string type = json_string(r, "type").value_or("");
      const std::string reason = json_string(r, "reasonCode").value_or("restricted");
      if (iequals(type, "Location") && lists(json_array(r, "values"), region)) {
        sku.location_restrictions.push_back(reason);
      } else if (iequals(type, "Zone")) {
        const Json* info = json_object(r, "restrictionInfo");
        for (auto& zone : strings_of(info ? json_array(*info, "zones") : nullptr)) {
          sku.restricted_zones.push_back(std::move(zone));
        }
      }
    }
  }
  return sku;
}

}  // namespace

std::optional<SkuListPage> find_vm_sku(std::string_view body, std::string_view size,
                                       std::string_view region) {
  SkuListPage page;
  bool saw_value = false;
  std::size_t pos = skip_space(body, 0);
  if (pos >= body.size() || body[pos] != '{') return std::nullopt;
  pos = skip_space(body, pos + 1);
  if (pos < body.size() && body[pos] == '}') return std::nullopt;  // no "value"
  while (true) {
    // A member: "key": value
    if (pos >= body.size() || body[pos] != '"') return std::nullopt;
    const std::size_t key_end = string_end(body, pos);
    if (key_end == kNone) return std::nullopt;
    const std::string_view key = body.substr(pos + 1, key_end - pos - 2);
    pos = skip_space(body, key_end);
    if (pos >= body.size() || body[pos] != ':') return std::nullopt;
    pos = skip_space(body, pos + 1);
    if (key == "value") {
      if (pos >= body.size() || body[pos] != '[') return std::nullopt;
      saw_value = true;
      pos = skip_space(body, pos + 1);
      bool first = true;
      while (pos < body.size() && body[pos] != ']') {
        if (!first) {
          if (body[pos] != ',') return std::nullopt;
          pos = skip_space(body, pos + 1);
        }
        first = false;
        const std::size_t end = value_end(body, pos);
        if (end == kNone) return std::nullopt;
        // Each element is read on its own, and dropped unless it is the size's entry.
        auto element = parse_json(body.substr(pos, end - pos));
        if (!element || !element->is_object()) return std::nullopt;
        ++page.elements;
        if (auto sku = as_vm_sku(*element, size, region)) {
          if (!page.sku ||
              (!page.sku->location_restrictions.empty() && sku->location_restrictions.empty())) {
            page.sku = std::move(sku);
          }
        }
        pos = skip_space(body, end);
      }
      if (pos >= body.size()) return std::nullopt;
      ++pos;  // ']'
    } else {
      const std::size_t end = value_end(body, pos);
      if (end == kNone) return std::nullopt;
      auto value = parse_json(body.substr(pos, end - pos));
      if (!value) return std::nullopt;
      if (key == "nextLink" && value->is_string()) page.next_link = value->string();
      pos = end;
    }
    pos = skip_space(body, pos);
    if (pos < body.size() && body[pos] == ',') {
      pos = skip_space(body, pos + 1);
      continue;
    }
    if (pos < body.size() && body[pos] == '}') break;
    return std::nullopt;
  }
  if (skip_space(body, pos + 1) != body.size() || !saw_value) return std::nullopt;
  return page;
}

}  // namespace credprobe
