#include "cli/commands.hpp"

#include <ctime>

#include "cli/exit_codes.hpp"
#include "cli/field_args.hpp"
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "credprobe/check.hpp"
#include "native/curl_driver.hpp"
#include "native/signer.hpp"

namespace credprobe::cli {

namespace {

std::string provider_list(const std::vector<ProviderSpec>& registry) {
  std::string ids;
  for (const auto& p : registry) ids += (ids.empty() ? "" : ", ") + p.id;
  return ids;
}

// Discovered values first, then --field values on top.
struct Gathered {
  native::SourcedFields fields;
  std::vector<std::string> notes;
  std::string error;
};

Gathered gather_fields(const ProviderSpec& provider, const std::vector<std::string>& field_args,
                       const std::string& profile, const native::Environment& env) {
  Gathered out;
  auto parsed = parse_field_args(provider, field_args);
  if (!parsed.error.empty()) {
    out.error = parsed.error;
    return out;
  }
  native::SourceOptions options;
  options.aws_profile = profile;
  auto discovery = native::discover_credentials(provider, env, options);
  out.fields = discovery.fields;
  out.notes = discovery.notes;
  for (auto& [name, value] : parsed.fields) out.fields[name] = value;
  return out;
}

bool has_required(const ProviderSpec& provider, const native::SourcedFields& fields) {
  for (const auto& f : provider.fields) {
    if (f.required && !fields.count(f.name)) return false;
  }
  return true;
}

}  // namespace

int run_providers(bool json, const std::string& markdown_id) {
  auto registry = provider_registry();
  Redactor none;
  Output out(none);
  if (!markdown_id.empty()) {
    const ProviderSpec* provider = find_provider(registry, markdown_id);
    if (!provider) {
      out.err("credprobe: unknown provider '" + markdown_id +
              "'; providers are: " + provider_list(registry) + "\n");
      return kExitUsage;
    }
    out.out(provider_markdown(*provider));
    return kExitValid;
  }
  out.out(json ? registry_to_json(registry).dump(2) + "\n" : render_providers(registry));
  return kExitValid;
}

int run_lint(const LintArgs& args) {
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  const ProviderSpec* provider = find_provider(registry, args.provider);
  if (!provider) {
    out.err("credprobe: unknown provider '" + args.provider +
            "'; providers are: " + provider_list(registry) + "\n");
    return kExitUsage;
  }
  auto gathered =
      gather_fields(*provider, args.fields, args.profile, native::Environment::from_process());
  register_secrets(*provider, native::values_of(gathered.fields), redactor);
  if (!gathered.error.empty()) {
    out.err("credprobe: " + gathered.error + "\n");
    return kExitUsage;
  }
  LintIssues issues = lint_fields(*provider, native::values_of(gathered.fields));
  if (args.json) {
    out.out(lint_to_json(*provider, issues).dump(2) + "\n");
  } else {
    out.out(render_lint(out, *provider, issues));
    if (!has_errors(issues))
      out.out(provider->id + ": format looks right (no network call was made)\n");
    out.out(render_sources(gathered.fields));
  }
  return has_errors(issues) ? kExitUsage : kExitValid;
}

int run_check(const CheckArgs& args) {
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  auto env = native::Environment::from_process();
  const std::int64_t now = args.now ? *args.now : static_cast<std::int64_t>(std::time(nullptr));

  if (args.all == !args.provider.empty()) {
    out.err("credprobe: name one provider, or use --all (providers: " + provider_list(registry) +
            ")\n");
    return kExitUsage;
  }
  auto endpoints = parse_endpoint_args(args.endpoints);
  auto options = parse_option_args(args.options);
  for (const std::string* error : {&endpoints.error, &options.error}) {
    if (!error->empty()) {
      out.err("credprobe: " + *error + "\n");
      return kExitUsage;
    }
  }

  std::vector<const ProviderSpec*> chosen;
  std::vector<native::SourcedFields> sourced;
  if (args.all) {
    if (!args.fields.empty() || !endpoints.values.empty()) {
      out.err("credprobe: --field and --endpoint apply to one provider; use them without --all\n");
      return kExitUsage;
    }
    for (const auto& p : registry) {
      auto gathered = gather_fields(p, {}, args.profile, env);
      if (has_required(p, gathered.fields)) {
        chosen.push_back(&p);
        sourced.push_back(gathered.fields);
      }
    }
    for (const auto& [name, value] : options.values) {
      bool declared = false;
      for (const auto& p : registry) declared |= p.option(name) != nullptr;
      if (!declared) {
        out.err("credprobe: no provider has an option '" + name +
                "' (run `credprobe providers` to see each provider's options)\n");
        return kExitUsage;
      }
    }
    if (chosen.empty()) {
      out.err(
          "credprobe: no credentials found in the conventional sources (run `credprobe "
          "providers` to see the variables and files each provider reads)\n");
      return kExitUsage;
    }
  } else {
    const ProviderSpec* provider = find_provider(registry, args.provider);
    if (!provider) {
      out.err("credprobe: unknown provider '" + args.provider +
              "'; providers are: " + provider_list(registry) + "\n");
      return kExitUsage;
    }
    auto gathered = gather_fields(*provider, args.fields, args.profile, env);
    register_secrets(*provider, native::values_of(gathered.fields), redactor);
    if (!gathered.error.empty()) {
      out.err("credprobe: " + gathered.error + "\n");
      return kExitUsage;
    }
    for (const auto& note : gathered.notes) out.err("credprobe: note: " + note + "\n");
    chosen.push_back(provider);
    sourced.push_back(gathered.fields);
  }

  // Lint and build every probe, then run them all concurrently.
  std::vector<PreparedCheck> prepared;
  std::vector<std::unique_ptr<Probe>> probes;
  std::vector<size_t> probe_owner;
  for (size_t i = 0; i < chosen.size(); ++i) {
    CheckRequest request;
    request.fields = native::values_of(sourced[i]);
    request.endpoint_overrides = endpoints.values;
    // With --all, each provider gets the options it declares (an AWS option is no error for
    // Hugging Face); one that no provider declares was refused above.
    for (const auto& [name, value] : options.values) {
      if (!args.all || chosen[i]->option(name)) request.options[name] = value;
    }
    request.now = now;
    prepared.push_back(prepare_check(*chosen[i], request));
    register_secrets(*chosen[i], request.fields, redactor);
    if (prepared.back().probe) {
      probes.push_back(std::move(prepared.back().probe));
      probe_owner.push_back(i);
    }
  }
  native::DriverOptions driver;
  driver.request_timeout_seconds = args.timeout_seconds;
  driver.deadline_seconds = args.timeout_seconds * 3 + 5;
  driver.signer = native::openssl_sign;
  if (!args.json && chosen.size() > 1) {
    driver.on_request = [&](size_t index, const std::string& what) {
      out.err("  checking " + chosen[probe_owner[index]]->display_name + ": " + what + "\n");
    };
  }
  auto probe_verdicts = native::run_probes(probes, driver);

  std::vector<Verdict> verdicts(chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    if (prepared[i].verdict) verdicts[i] = *prepared[i].verdict;
  }
  for (size_t k = 0; k < probe_verdicts.size(); ++k) verdicts[probe_owner[k]] = probe_verdicts[k];

  int code = kExitValid;
  for (const auto& v : verdicts) code = worst_exit_code(code, exit_code_for(v));

  if (args.json) {
    if (!args.all) {
      out.out(to_json(verdicts.front()).dump(2) + "\n");
    } else {
      Json list = Json::array();
      for (const auto& v : verdicts) list.push_back(to_json(v));
      out.out(Json::object().set("verdicts", std::move(list)).dump(2) + "\n");
    }
    return code;
  }
  for (size_t i = 0; i < chosen.size(); ++i) {
    std::string text;
    LintIssues shown;
    for (const auto& issue : prepared[i].lint) {
      if (verdicts[i].status == Status::malformed || issue.severity != Severity::info) {
        shown.push_back(issue);
      }
    }
    text += render_lint(out, *chosen[i], shown);
    text += render_verdict(out, *chosen[i], verdicts[i]);
    text += render_sources(sourced[i]);
    out.out(text + "\n");
  }
  if (args.all) out.out(render_summary_table(out, chosen, verdicts));
  return code;
}

}  // namespace credprobe::cli
