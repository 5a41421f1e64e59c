#include "credprobe/registry.hpp"

#include <algorithm>

#include "credprobe/huggingface/huggingface_provider.hpp"

namespace credprobe {

const char* to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::text: return "text";
    case FieldKind::secret: return "secret";
    case FieldKind::json: return "json";
    case FieldKind::file: return "file";
    case FieldKind::select: return "select";
  }
  return "text";
}

const FieldSpec* ProviderSpec::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const EndpointSpec* ProviderSpec::endpoint(std::string_view name) const {
  for (const auto& e : endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::vector<ProviderSpec> provider_registry() {
  std::vector<ProviderSpec> registry;
  registry.push_back(huggingface_provider());
  return registry;
}

const ProviderSpec* find_provider(const std::vector<ProviderSpec>& registry, std::string_view id) {
  for (const auto& p : registry) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

nlohmann::json registry_to_json(const std::vector<ProviderSpec>& registry) {
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& p : registry) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : p.fields) {
      nlohmann::json field = {{"name", f.name},         {"label", f.label},
                              {"kind", to_string(f.kind)}, {"required", f.required},
                              {"env_vars", f.env_vars}, {"files", f.files},
                              {"help", f.help}};
      if (!f.default_value.empty()) field["default"] = f.default_value;
      if (!f.choices.empty()) field["choices"] = f.choices;
      fields.push_back(std::move(field));
    }
    nlohmann::json endpoints = nlohmann::json::array();
    for (const auto& e : p.endpoints) {
      endpoints.push_back({{"name", e.name},
                           {"label", e.label},
                           {"default_url", e.default_url},
                           {"browser_callable", e.browser_callable},
                           {"hosts", e.hosts}});
    }
    providers.push_back({{"id", p.id},
                         {"display_name", p.display_name},
                         {"clustrix_type", p.clustrix_type},
                         {"summary", p.summary},
                         {"fields", std::move(fields)},
                         {"endpoints", std::move(endpoints)}});
  }
  return {{"providers", std::move(providers)}, {"allowed_hosts", allowed_hosts(registry)}};
}

std::vector<std::string> allowed_hosts(const std::vector<ProviderSpec>& registry) {
  std::vector<std::string> hosts;
  for (const auto& p : registry) {
    for (const auto& e : p.endpoints) hosts.insert(hosts.end(), e.hosts.begin(), e.hosts.end());
  }
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  return hosts;
}

bool host_matches(std::string_view pattern, std::string_view host) {
  while (true) {
    auto p_dot = pattern.find('.');
    auto h_dot = host.find('.');
    std::string_view p_label = pattern.substr(0, p_dot);
    std::string_view h_label = host.substr(0, h_dot);
    if (h_label.empty()) return false;
    if (p_label == "*") {
      for (char c : h_label) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
      }
    } else if (p_label != h_label) {
      return false;
    }
    if (p_dot == std::string_view::npos || h_dot == std::string_view::npos) {
      return p_dot == std::string_view::npos && h_dot == std::string_view::npos;
    }
    pattern.remove_prefix(p_dot + 1);
    host.remove_prefix(h_dot + 1);
  }
}

}  // namespace credprobe
