#include "credprobe/registry.hpp"

#include <algorithm>

#include "credprobe/aws/aws_provider.hpp"
#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/clustrix/clustrix_keys.hpp"
#include "credprobe/gcp/gcp_provider.hpp"
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "credprobe/lambda/lambda_provider.hpp"

namespace credprobe {

const char* to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::text:
      return "text";
    case FieldKind::secret:
      return "secret";
    case FieldKind::json:
      return "json";
    case FieldKind::file:
      return "file";
    case FieldKind::select:
      return "select";
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

const OptionSpec* ProviderSpec::option(std::string_view name) const {
  for (const auto& o : options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::vector<ProviderSpec> provider_registry() {
  std::vector<ProviderSpec> registry;
  registry.push_back(aws_provider());
  registry.push_back(azure_provider());
  registry.push_back(gcp_provider());
  registry.push_back(huggingface_provider());
  registry.push_back(lambda_provider());
  return registry;
}

const ProviderSpec* find_provider(const std::vector<ProviderSpec>& registry, std::string_view id) {
  for (const auto& p : registry) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Json registry_to_json(const std::vector<ProviderSpec>& registry) {
  Json providers = Json::array();
  for (const auto& p : registry) {
    Json fields = Json::array();
    for (const auto& f : p.fields) {
      Json field = Json::object()
                       .set("name", f.name)
                       .set("label", f.label)
                       .set("kind", to_string(f.kind))
                       .set("required", f.required)
                       .set("env_vars", f.env_vars)
                       .set("files", f.files)
                       .set("help", f.help);
      if (!f.default_value.empty()) field.set("default", f.default_value);
      if (!f.choices.empty()) field.set("choices", f.choices);
      if (!f.group.empty()) field.set("group", f.group);
      if (!is_clustrix_key(f.name)) field.set("clustrix_key", false);
      fields.push_back(std::move(field));
    }
    Json endpoints = Json::array();
    for (const auto& e : p.endpoints) {
      Json endpoint = Json::object()
                          .set("name", e.name)
                          .set("label", e.label)
                          .set("default_url", e.default_url)
                          .set("browser_callable", e.browser_callable)
                          .set("hosts", e.hosts);
      if (e.readiness_only) endpoint.set("readiness_only", true);
      endpoints.push_back(std::move(endpoint));
    }
    Json options = Json::array();
    for (const auto& o : p.options) {
      Json option = Json::object().set("name", o.name).set("help", o.help);
      if (!o.choices.empty()) option.set("choices", o.choices);
      if (!o.default_value.empty()) option.set("default", o.default_value);
      options.push_back(std::move(option));
    }
    Json requests = Json::array();
    for (const auto& r : p.requests) {
      requests.push_back(Json::object()
                             .set("method", r.method)
                             .set("endpoint", r.endpoint)
                             .set("path", r.path)
                             .set("sends", r.sends));
    }
    Json provider = Json::object()
                        .set("id", p.id)
                        .set("display_name", p.display_name)
                        .set("clustrix_type", p.clustrix_type)
                        .set("summary", p.summary)
                        .set("fields", std::move(fields))
                        .set("endpoints", std::move(endpoints))
                        .set("options", std::move(options));
    // The requests in prose come with the documentation (docs/provider_docs.hpp), which the
    // wasm page does not link: its registry has none and says none.
    if (!p.requests.empty()) provider.set("requests", std::move(requests));
    if (!p.readiness_requests.empty()) {
      Json readiness = Json::array();
      for (const auto& r : p.readiness_requests) {
        readiness.push_back(Json::object()
                                .set("method", r.method)
                                .set("endpoint", r.endpoint)
                                .set("action", r.action)
                                .set("permission", r.permission)
                                .set("sends", r.sends));
      }
      provider.set("readiness_requests", std::move(readiness));
      provider.set("readiness_critical_path", p.readiness_critical_path);
    }
    providers.push_back(std::move(provider));
  }
  return Json::object()
      .set("providers", std::move(providers))
      .set("allowed_hosts", allowed_hosts(registry));
}

std::vector<std::string> allowed_hosts(const std::vector<ProviderSpec>& registry) {
  std::vector<std::string> hosts;
  for (const auto& p : registry) {
    for (const auto& e : p.endpoints) {
      // Each in its sorted place, once, rather than a sort after: std::sort costs 1 KB of wasm
      // (docs/performance.md).
      for (const auto& host : e.hosts) {
        auto at = std::find_if(hosts.begin(), hosts.end(),
                               [&](const std::string& h) { return !(h < host); });
        if (at == hosts.end() || *at != host) hosts.insert(at, host);
      }
    }
  }
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
