#include "cli/commands.hpp"

#include <ctime>
#include <map>
#include <optional>

#include "cli/exit_codes.hpp"
#include "cli/field_args.hpp"
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "credprobe/check.hpp"
#include "credprobe/check_session.hpp"
#include "docs/provider_docs.hpp"
#include "native/aws_sources.hpp"
#include "native/curl_driver.hpp"
#include "native/signer.hpp"

namespace credprobe::cli {

namespace {

std::string unknown_provider(const std::vector<ProviderSpec>& registry, const std::string& given);

std::string provider_list(const std::vector<ProviderSpec>& registry) {
  std::string ids;
  for (const auto& p : registry) ids += (ids.empty() ? "" : ", ") + p.id;
  return ids;
}

// "unknown provider 'x'; providers are: ...", never quoting what could be a pasted secret.
std::string unknown_provider(const std::vector<ProviderSpec>& registry, const std::string& given) {
  std::vector<std::string> ids;
  for (const auto& p : registry) ids.push_back(p.id);
  return "credprobe: unknown provider " + name_for_message(given, ids) +
         "; providers are: " + provider_list(registry) + "\n";
}

// Discovered values first (unless `no_sources`), then --field values on top.
struct Gathered {
  native::SourcedFields fields;
  std::vector<std::string> notes;
  std::string error;
};

Gathered gather_fields(const ProviderSpec& provider, const std::vector<std::string>& field_args,
                       const std::string& profile, const native::Environment& env,
                       bool no_sources = false) {
  Gathered out;
  auto parsed = parse_field_args(provider, field_args);
  if (!parsed.error.empty()) {
    out.error = parsed.error;
    return out;
  }
  if (no_sources) {
    out.fields = parsed.fields;
    return out;
  }
  native::SourceOptions options;
  if (!profile.empty()) options.settings[native::kAwsProfileSetting] = profile;
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
  auto registry = documented_registry();
  Redactor none;
  Output out(none);
  if (!markdown_id.empty()) {
    const ProviderSpec* provider = find_provider(registry, markdown_id);
    if (!provider) {
      out.err(unknown_provider(registry, markdown_id));
      return kExitUsage;
    }
    out.out(provider_markdown(*provider));
    return kExitValid;
  }
  out.out(json ? registry_to_json(registry).dump(2) + "\n" : render_providers(registry));
  return kExitValid;
}

int run_lint(const LintArgs& args) {
  if (!args.config.empty()) return run_lint_config(args);
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  if (args.provider.empty()) {
    out.err("credprobe: name a provider (" + provider_list(registry) +
            "), or a Clustrix configuration with --config FILE\n");
    return kExitUsage;
  }
  const ProviderSpec* provider = find_provider(registry, args.provider);
  if (!provider) {
    out.err(unknown_provider(registry, args.provider));
    return kExitUsage;
  }
  auto gathered = gather_fields(*provider, args.fields, args.profile,
                                native::Environment::from_process(), args.no_sources);
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

namespace {

// What `credprobe check` was asked for, with every credential found.
struct CheckPlan {
  std::vector<const ProviderSpec*> chosen;
  std::vector<native::SourcedFields> sourced;
  // By provider id: each provider's endpoint overrides.
  std::map<std::string, std::map<std::string, std::string>> endpoints;
  std::map<std::string, std::string> options;
};

// 1. gather: the providers to check and their fields (flags, then the conventional sources).
// nullopt after a usage error, which is printed.
std::optional<CheckPlan> gather_check(const CheckArgs& args,
                                      const std::vector<ProviderSpec>& registry,
                                      const native::Environment& env, Redactor& redactor,
                                      Output& out) {
  if (args.all == !args.provider.empty()) {
    out.err("credprobe: name one provider, or use --all or --config FILE (providers: " +
            provider_list(registry) + ")\n");
    return std::nullopt;
  }
  auto endpoints = parse_endpoint_args(args.endpoints);
  auto options = parse_option_args(args.options);
  for (const std::string* error : {&endpoints.error, &options.error}) {
    if (!error->empty()) {
      out.err("credprobe: " + *error + "\n");
      return std::nullopt;
    }
  }
  CheckPlan plan;
  plan.options = options.values;
  if (args.all) {
    if (!args.fields.empty()) {
      out.err("credprobe: --field applies to one provider; use it without --all\n");
      return std::nullopt;
    }
    if (args.no_sources) {
      out.err(
          "credprobe: --all finds credentials in the conventional sources; --no-sources "
          "applies to one provider checked with --field\n");
      return std::nullopt;
    }
    auto by_provider = endpoints_by_provider(endpoints, registry, nullptr);
    if (!by_provider.error.empty()) {
      out.err("credprobe: " + by_provider.error + "\n");
      return std::nullopt;
    }
    plan.endpoints = by_provider.values;
    for (const auto& p : registry) {
      auto gathered = gather_fields(p, {}, args.profile, env);
      if (has_required(p, gathered.fields)) {
        plan.chosen.push_back(&p);
        plan.sourced.push_back(gathered.fields);
      }
    }
    if (auto error = undeclared_option(options.values, registry); !error.empty()) {
      out.err("credprobe: " + error + "\n");
      return std::nullopt;
    }
    if (plan.chosen.empty()) {
      out.err(
          "credprobe: no credentials found in the conventional sources (run `credprobe "
          "providers` to see the variables and files each provider reads)\n");
      return std::nullopt;
    }
    return plan;
  }
  const ProviderSpec* provider = find_provider(registry, args.provider);
  if (!provider) {
    out.err(unknown_provider(registry, args.provider));
    return std::nullopt;
  }
  auto by_provider = endpoints_by_provider(endpoints, registry, provider);
  if (!by_provider.error.empty()) {
    out.err("credprobe: " + by_provider.error + "\n");
    return std::nullopt;
  }
  plan.endpoints = by_provider.values;
  auto gathered = gather_fields(*provider, args.fields, args.profile, env, args.no_sources);
  register_secrets(*provider, native::values_of(gathered.fields), redactor);
  if (!gathered.error.empty()) {
    out.err("credprobe: " + gathered.error + "\n");
    return std::nullopt;
  }
  for (const auto& note : gathered.notes) out.err("credprobe: note: " + note + "\n");
  plan.chosen.push_back(provider);
  plan.sourced.push_back(gathered.fields);
  return plan;
}

// 2. prepare: lint each provider's fields and build its check session.
std::vector<CheckSession> prepare_checks(const CheckArgs& args, const CheckPlan& plan,
                                         std::int64_t now, Redactor& redactor,
                                         std::vector<LintIssues>& lint) {
  std::vector<CheckSession> sessions;
  for (size_t i = 0; i < plan.chosen.size(); ++i) {
    CheckRequest request;
    request.fields = native::values_of(plan.sourced[i]);
    if (auto found = plan.endpoints.find(plan.chosen[i]->id); found != plan.endpoints.end()) {
      request.endpoint_overrides = found->second;
    }
    // With --all, each provider gets the options it declares (an AWS option is no error for
    // Hugging Face); one that no provider declares was refused while gathering.
    for (const auto& [name, value] : plan.options) {
      if (!args.all || plan.chosen[i]->option(name)) request.options[name] = value;
    }
    request.now = now;
    PreparedCheck prepared = prepare_check(*plan.chosen[i], request);
    register_secrets(*plan.chosen[i], request.fields, redactor);
    lint.push_back(prepared.lint);
    sessions.emplace_back(std::move(prepared));
  }
  return sessions;
}

// 3. run: every session concurrently, through the libcurl driver.
std::vector<Verdict> run_sessions(const CheckArgs& args, const CheckPlan& plan,
                                  std::vector<CheckSession>& sessions, Output& out) {
  std::vector<std::string> labels;
  for (const auto* p : plan.chosen) labels.push_back(p->display_name);
  return run_concurrently(args, labels, sessions, out);
}

// 4. render: the verdicts as JSON, or as text with lint findings, sources and a summary table.
void render_checks(const CheckArgs& args, const CheckPlan& plan,
                   const std::vector<LintIssues>& lint, const std::vector<Verdict>& verdicts,
                   Output& out) {
  if (args.json) {
    if (!args.all) {
      out.out(to_json(verdicts.front()).dump(2) + "\n");
    } else {
      Json list = Json::array();
      for (const auto& v : verdicts) list.push_back(to_json(v));
      out.out(Json::object().set("verdicts", std::move(list)).dump(2) + "\n");
    }
    return;
  }
  for (size_t i = 0; i < plan.chosen.size(); ++i) {
    std::string text;
    LintIssues shown;
    for (const auto& issue : lint[i]) {
      if (verdicts[i].status == Status::malformed || issue.severity != Severity::info) {
        shown.push_back(issue);
      }
    }
    text += render_lint(out, *plan.chosen[i], shown);
    text += render_verdict(out, *plan.chosen[i], verdicts[i]);
    text += render_sources(plan.sourced[i]);
    out.out(text + "\n");
  }
  if (args.all) out.out(render_summary_table(out, plan.chosen, verdicts));
}

}  // namespace

std::string undeclared_option(const std::map<std::string, std::string>& options,
                              const std::vector<ProviderSpec>& registry) {
  for (const auto& [name, value] : options) {
    bool declared = false;
    for (const auto& p : registry) declared |= p.option(name) != nullptr;
    if (!declared) {
      return "no provider has an option " +
             name_for_message(name, registry_names(registry, &ProviderSpec::options)) +
             " (run `credprobe providers` to see each provider's options)";
    }
  }
  return {};
}

std::vector<Verdict> run_concurrently(const CheckArgs& args, const std::vector<std::string>& labels,
                                      std::vector<CheckSession>& sessions, const Output& out) {
  native::DriverOptions driver;
  driver.request_timeout_seconds = args.timeout_seconds;
  driver.deadline_seconds = args.timeout_seconds * 3 + 5;
  driver.signer = native::openssl_sign;
  if (!args.json && sessions.size() > 1) {
    driver.on_request = [&](size_t index, const std::string& what) {
      out.err("  checking " + labels[index] + ": " + what + "\n");
    };
  }
  native::run_checks(sessions, driver);
  std::vector<Verdict> verdicts;
  for (auto& session : sessions) verdicts.push_back(session.verdict());
  return verdicts;
}

int run_check(const CheckArgs& args) {
  if (!args.config.empty()) return run_check_config(args);
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  auto env = native::Environment::from_process();
  const std::int64_t now = args.now ? *args.now : static_cast<std::int64_t>(std::time(nullptr));

  auto plan = gather_check(args, registry, env, redactor, out);
  if (!plan) return kExitUsage;
  std::vector<LintIssues> lint;
  auto sessions = prepare_checks(args, *plan, now, redactor, lint);
  auto verdicts = run_sessions(args, *plan, sessions, out);
  render_checks(args, *plan, lint, verdicts, out);

  int code = kExitValid;
  for (const auto& v : verdicts) code = worst_exit_code(code, exit_code_for(v));
  return code;
}

}  // namespace credprobe::cli
