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
                        .set("options", std::move(options))
                        .set("requests", std::move(requests));
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

std::string provider_markdown(const ProviderSpec& p) {
  auto cell = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + ("`" + item + "`");
    return out;
  };
  std::string md = "# " + p.display_name + "\n\n";
  md += "<!-- Generated by `credprobe providers --markdown " + p.id +
        "` from the provider registry; do not edit by hand. -->\n\n";
  md += p.summary + "\n\nProvider id: `" + p.id + "`; Clustrix `cluster_type`: `" +
        p.clustrix_type + "`.\n\n## Fields\n\n";
  md += "| field | kind | required | read from | help |\n| --- | --- | --- | --- | --- |\n";
  for (const auto& f : p.fields) {
    std::vector<std::string> sources = f.env_vars;
    sources.insert(sources.end(), f.files.begin(), f.files.end());
    md += "| `" + f.name + "` | " + to_string(f.kind) + " | " + (f.required ? "yes" : "no") +
          " | " + cell(join(sources)) + " | " + cell(f.help) + " |\n";
  }
  md +=
      "\n## Endpoints\n\n| name | default | hosts | browsers may call it |\n"
      "| --- | --- | --- | --- |\n";
  for (const auto& e : p.endpoints) {
    md += "| `" + e.name + "` | " + e.default_url + " | " + join(e.hosts) + " | " +
          (e.browser_callable ? "yes" : "no: use a relay") + " |\n";
  }
  if (!p.options.empty()) {
    md +=
        "\n## Options\n\nGiven as `--option NAME=VALUE` on the command line, or in the "
        "`options` of the JavaScript `check`.\n\n| option | values | default | what it "
        "does |\n| --- | --- | --- | --- |\n";
    for (const auto& o : p.options) {
      md += "| `" + o.name + "` | " + (o.choices.empty() ? "any" : join(o.choices)) + " | " +
            (o.default_value.empty() ? "" : "`" + o.default_value + "`") + " | " + cell(o.help) +
            " |\n";
    }
  }
  md +=
      "\n## Requests sent\n\nNothing is sent before the offline checks pass. Then, in "
      "order:\n\n| # | request | endpoint | what of the credential is sent |\n"
      "| --- | --- | --- | --- |\n";
  int n = 1;
  for (const auto& r : p.requests) {
    md += "| " + std::to_string(n++) + " | `" + r.method + " " + r.path + "` | `" + r.endpoint +
          "` | " + cell(r.sends) + " |\n";
  }
  md +=
      "\n## From the provider's answer to the verdict\n\n| answer | verdict | note |\n"
      "| --- | --- | --- |\n";
  if (p.answers) {
    for (const auto& line : outcome_lines(p.answers())) {
      md += "| `" + line.request + "`: " + cell(line.answer) + " | `" + to_string(line.status) +
            "` | " + cell(line.note) + " |\n";
    }
  }
  for (const auto& o : p.outcomes) {
    md += "| " + cell(o.answer) + " | `" + to_string(o.status) + "` | " + cell(o.note) + " |\n";
  }
  if (!p.readiness_requests.empty()) {
    std::vector<std::string> compute;
    for (const auto& f : p.fields) {
      if (f.group == "Compute") compute.push_back(f.name);
    }
    // The first compute field triggers readiness; the others only say where (zone, region),
    // unless the provider says itself when its readiness runs.
    const std::vector<std::string> others(compute.begin() + (compute.empty() ? 0 : 1),
                                          compute.end());
    const std::string when = !p.readiness_when.empty()
                                 ? p.readiness_when
                                 : join({compute.empty() ? std::string() : compute.front()}) +
                                       " is given" +
                                       (others.empty() ? "" : " (with " + join(others) + ")");
    md += "\n## Readiness\n\n" + p.readiness_summary + "\n\nIt runs only when " + when +
          " and the credential is `valid`. Requests, in order:\n\n"
          "| # | request | endpoint | permission it needs | what of the credential is sent |\n"
          "| --- | --- | --- | --- | --- |\n";
    int k = 1;
    for (const auto& r : p.readiness_requests) {
      md += "| " + std::to_string(k++) + " | `" + r.method + " " + r.action + "` | `" + r.endpoint +
            "` | `" + r.permission + "` | " + cell(r.sends) + " |\n";
    }
    md += "\n**Critical path: " + std::to_string(p.readiness_critical_path) +
          " round trips**, the credential's included: the requests of a round go out at once "
          "and are read in the order above.\n\n" +
          p.readiness_rounds;
    md +=
        "\n### From each answer to a requirement\n\n`ready` is `yes` when every requirement is "
        "met, `no` when any is unmet (exit code 3), `unknown` otherwise (exit code 4). Rows are "
        "tried in order; `*` matches any request.\n\n"
        "| request | answer | requirement | outcome | detail | hint |\n"
        "| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& a : p.readiness_answers) {
      md += "| " + (a.request == "*" ? std::string("*") : "`" + a.request + "`") + " | " +
            cell(a.answer) + " | " + (a.requirement.empty() ? "" : "`" + a.requirement + "`") +
            " | " + cell(a.outcome) + " | " + cell(a.detail) + " | " + cell(a.hint) + " |\n";
    }
    md += p.readiness_notes;
  }
  md +=
      "\nSecrets never appear in the verdict, its evidence (method, host, path, status, "
      "provider code, latency), logs or errors.\n";
  return md;
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
