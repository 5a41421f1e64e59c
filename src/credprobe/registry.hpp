// One description of every provider. The CLI's flags, the web forms, the JupyterLab panel, the
// relay allow-lists and the docs are all generated from it (see registry_to_json).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credprobe/answers.hpp"
#include "credprobe/fields.hpp"
#include "credprobe/json.hpp"
#include "credprobe/lint.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

enum class FieldKind { text, secret, json, file, select };
const char* to_string(FieldKind kind);

struct FieldSpec {
  std::string name;  // Clustrix configuration key, e.g. "hf_token"
  std::string label;
  FieldKind kind = FieldKind::text;
  bool required = false;
  std::vector<std::string> env_vars;  // conventional sources, in precedence order
  std::vector<std::string> files;     // conventional files, e.g. "~/.cache/huggingface/token"
  std::string help;
  std::string default_value;
  std::vector<std::string> choices;  // for kind == select
  // Forms group fields under this heading when set: "Compute" for the fields readiness reads.
  std::string group;
  // Whether Clustrix knows the name is not declared here but read from Clustrix's own key
  // table (clustrix/clustrix_keys.hpp): registry_to_json marks the fields a Clustrix export
  // leaves out ("clustrix_key": false).
};

struct EndpointSpec {
  std::string name;  // "api", "token", "sts", ...
  std::string label;
  std::string default_url;
  // Whether a page in a browser may call this endpoint directly (the provider answers CORS).
  bool browser_callable = false;
  // Hosts this endpoint may reach, for relay allow-lists. "*" stands for one DNS label
  // ("sts.*.amazonaws.com").
  std::vector<std::string> hosts;
  // Used only by the readiness check: `--endpoint URL` (the provider's only endpoint) does not
  // count it.
  bool readiness_only = false;
};

// A setting that changes how the probe asks, not what it proves (`--option NAME=VALUE`, the
// `options` of the JavaScript check).
struct OptionSpec {
  std::string name;  // "aws_sts_method"
  std::string help;
  std::vector<std::string> choices;  // compared case-insensitively; empty: any value
  std::string default_value;
};

// For the provider's documentation page: one request the probe may send.
struct RequestDoc {
  std::string method;
  std::string endpoint;  // EndpointSpec::name
  std::string path;
  std::string sends;  // which parts of the credential travel, and how
};

// For the documentation page: how one provider answer maps to a verdict.
struct OutcomeDoc {
  std::string answer;  // "200 from whoami-v2", "401", ...
  Status status;
  std::string note;
};

// For the documentation page: one request of the readiness check.
struct ReadinessRequestDoc {
  std::string method;
  std::string endpoint;    // EndpointSpec::name
  std::string action;      // "DescribeInstanceTypeOfferings"
  std::string permission;  // the IAM permission it needs: "ec2:DescribeInstanceTypeOfferings"
  std::string sends;
};

// For the documentation page: one row of the answer -> requirement table.
struct ReadinessAnswerDoc {
  std::string request;
  std::string answer;
  std::string requirement;
  std::string outcome;  // "met", "unmet", "unknown", "next request", ...
  std::string detail;
  std::string hint;
};

struct ProviderSpec {
  std::string id;  // "huggingface"
  std::string display_name;
  std::string clustrix_type;  // Clustrix's cluster_type
  std::string summary;        // what the probe proves, one sentence
  std::vector<FieldSpec> fields;
  std::vector<EndpointSpec> endpoints;
  std::vector<OptionSpec> options;
  // Documentation: `requests`, `outcomes` and the readiness texts below (not the critical path)
  // are filled in only by documented() (docs/provider_docs.hpp), which the wasm page does not
  // link; provider_registry() leaves them empty.
  std::vector<RequestDoc> requests;  // in the order the probe sends them
  std::vector<OutcomeDoc> outcomes;
  // The {name}s the answer table's docs-only words name, with their values: a fact the provider
  // states once elsewhere (AWS's throttling codes, aws_error_codes.hpp) rather than copied into
  // a row's words.
  std::vector<std::pair<std::string, std::string>> answer_facts;
  // Readiness (empty when the provider has none yet): what runs after a valid verdict when the
  // compute fields are given.
  std::string readiness_summary;
  // When readiness runs, for the docs ("`hf_username` or `hf_hardware` is given"); empty: when
  // every field of the "Compute" group is given.
  std::string readiness_when;
  std::vector<ReadinessRequestDoc> readiness_requests;
  std::vector<ReadinessAnswerDoc> readiness_answers;
  std::string readiness_notes;  // markdown appended to the docs' Readiness section
  // The full readiness check's critical path: how many round trips depend on one another, the
  // credential's included (a round's requests go out at once: SendAllStep). 0: no readiness.
  int readiness_critical_path = 0;
  std::string readiness_rounds;  // markdown: what each round sends, and what it waits for
  // The answers the probe knows (answers.hpp); the docs' outcome table is generated from them.
  const AnswerTable& (*answers)() = nullptr;
  LintIssues (*lint)(const Fields&) = nullptr;
  std::unique_ptr<Probe> (*make_probe)(const Fields&, const CheckContext&) = nullptr;

  const FieldSpec* field(std::string_view name) const;
  const EndpointSpec* endpoint(std::string_view name) const;
  const OptionSpec* option(std::string_view name) const;
};

// Every provider, in display order. Built on each call: there is no global state.
std::vector<ProviderSpec> provider_registry();
const ProviderSpec* find_provider(const std::vector<ProviderSpec>& registry, std::string_view id);

Json registry_to_json(const std::vector<ProviderSpec>& registry);
// Every name of one kind the registry declares (field, endpoint or option names), for
// name_for_message: `member` is &ProviderSpec::fields, ::endpoints or ::options.
template <typename Spec>
std::vector<std::string> registry_names(const std::vector<ProviderSpec>& registry,
                                        std::vector<Spec> ProviderSpec::*member) {
  std::vector<std::string> names;
  for (const auto& p : registry) {
    for (const auto& spec : p.*member) names.push_back(spec.name);
  }
  return names;
}

// Every host any endpoint may reach (patterns with "*"), sorted and unique.
std::vector<std::string> allowed_hosts(const std::vector<ProviderSpec>& registry);
// Whether `host` matches a pattern where "*" stands for exactly one DNS label.
bool host_matches(std::string_view pattern, std::string_view host);

}  // namespace credprobe
