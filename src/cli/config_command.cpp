// `credprobe check --config FILE` and `credprobe lint --config FILE`: every profile of a
// Clustrix configuration (or the one --profile names), read through the core's import
// (clustrix/clustrix_import.hpp), checked concurrently like `check --all`.
#include <ctime>

#include "cli/commands.hpp"
#include "cli/config_file.hpp"
#include "cli/exit_codes.hpp"
#include "cli/field_args.hpp"
#include "cli/render.hpp"
#include "credprobe/check.hpp"
#include "credprobe/clustrix/clustrix_import.hpp"

namespace credprobe::cli {

namespace {

// The file, imported, with only the profile --profile names when it names one. nullopt after
// an error, which is printed (nothing has been sent).
std::optional<ClustrixImport> load_config(const std::string& path, const std::string& profile,
                                          const std::vector<ProviderSpec>& registry,
                                          Redactor& redactor, const Output& out) {
  ConfigFile file = read_config_file(path);
  if (!file.value) {
    out.err("credprobe: " + file.error + " (nothing was sent)\n");
    return std::nullopt;
  }
  ClustrixImport imported = import_clustrix(*file.value, registry);
  for (const auto& p : imported.profiles) {
    if (p.provider) register_secrets(*p.provider, p.fields, redactor);
  }
  if (!imported.error.empty()) {
    out.err("credprobe: " + path + ": " + imported.error + " (nothing was sent)\n");
    return std::nullopt;
  }
  if (profile.empty()) return imported;
  std::vector<std::string> names;
  for (const auto& p : imported.profiles) names.push_back(p.name);
  if (!imported.profiles_shape) {
    out.err("credprobe: " + path +
            " is one flat configuration, without profiles: leave out --profile\n");
    return std::nullopt;
  }
  for (auto& p : imported.profiles) {
    if (p.name != profile) continue;
    ClustrixProfile chosen = std::move(p);
    imported.profiles = {std::move(chosen)};
    return imported;
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  out.err("credprobe: " + path + " has no profile " + name_for_message(profile, names) +
          "; its profiles are: " + list + "\n");
  return std::nullopt;
}

std::string profile_title(const Output& out, const ClustrixProfile& p) {
  return out.style(p.name.empty() ? std::string("flat configuration") : "profile " + p.name, "1") +
         " (cluster_type " + p.cluster_type + ")";
}

std::string render_findings(const Output& out, const std::string& where,
                            const LintIssues& findings) {
  std::string text;
  for (const auto& f : findings) {
    const char* ansi = f.severity == Severity::error ? "1;31" : "1;33";
    text += where + ": " + out.style(to_string(f.severity), ansi) + ": " + f.field + " " +
            f.message + "\n";
  }
  return text;
}

std::string where_of(const std::string& path, const ClustrixProfile& p) {
  return p.name.empty() ? path : path + " (profile " + p.name + ")";
}

std::string render_unchecked(const ClustrixProfile& p) {
  if (p.unchecked_keys.empty()) return {};
  std::string keys;
  for (const auto& k : p.unchecked_keys) keys += (keys.empty() ? "" : ", ") + k;
  return "  not checked   " + keys + "\n";
}

native::SourcedFields sourced(const std::string& path, const ClustrixProfile& p) {
  native::SourcedFields fields;
  for (const auto& [name, value] : p.fields) fields[name] = {value, where_of(path, p)};
  return fields;
}

}  // namespace

int run_check_config(const CheckArgs& args) {
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  if (args.all || !args.provider.empty() || !args.fields.empty()) {
    out.err(
        "credprobe: --config checks the profiles of the file: leave out the provider, --all and "
        "--field\n");
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
  auto by_provider = endpoints_by_provider(endpoints, registry, nullptr);
  if (!by_provider.error.empty()) {
    out.err("credprobe: " + by_provider.error + "\n");
    return kExitUsage;
  }
  if (auto error = undeclared_option(options.values, registry); !error.empty()) {
    out.err("credprobe: " + error + "\n");
    return kExitUsage;
  }
  auto imported = load_config(args.config, args.profile, registry, redactor, out);
  if (!imported) return kExitUsage;

  const std::int64_t now = args.now ? *args.now : static_cast<std::int64_t>(std::time(nullptr));
  std::vector<CheckSession> sessions;
  std::vector<std::string> labels;
  std::vector<std::size_t> session_of(imported->profiles.size(), SIZE_MAX);
  std::vector<LintIssues> lint(imported->profiles.size());
  for (std::size_t i = 0; i < imported->profiles.size(); ++i) {
    const ClustrixProfile& p = imported->profiles[i];
    if (!p.provider) continue;
    CheckRequest request;
    request.fields = p.fields;
    if (auto found = by_provider.values.find(p.provider->id); found != by_provider.values.end()) {
      request.endpoint_overrides = found->second;
    }
    for (const auto& [name, value] : options.values) {
      if (p.provider->option(name)) request.options[name] = value;
    }
    request.now = now;
    PreparedCheck prepared = prepare_check(*p.provider, request);
    lint[i] = prepared.lint;
    session_of[i] = sessions.size();
    labels.push_back(p.name.empty() ? p.provider->display_name
                                    : p.name + " (" + p.provider->display_name + ")");
    sessions.emplace_back(std::move(prepared));
  }
  auto verdicts = run_concurrently(args, labels, sessions, out);

  int code = kExitValid;
  for (const auto& v : verdicts) code = worst_exit_code(code, exit_code_for(v));
  if (args.json) {
    std::vector<Json> per_profile;
    for (std::size_t i = 0; i < imported->profiles.size(); ++i) {
      per_profile.push_back(session_of[i] == SIZE_MAX
                                ? Json::object()
                                : Json::object().set("verdict", to_json(verdicts[session_of[i]])));
    }
    out.out(
        clustrix_import_to_json(*imported, false, per_profile).set("config", args.config).dump(2) +
        "\n");
    return code;
  }
  out.out(render_findings(out, args.config, imported->findings));
  std::vector<ProfileRow> rows;
  for (std::size_t i = 0; i < imported->profiles.size(); ++i) {
    const ClustrixProfile& p = imported->profiles[i];
    std::string text = profile_title(out, p) + "\n";
    text += render_findings(out, where_of(args.config, p), p.findings);
    ProfileRow row{p.name, p.provider, nullptr, p.not_checked};
    if (session_of[i] == SIZE_MAX) {
      text += "  " + out.style("NOT CHECKED", "1;36") + "  " + p.not_checked + "\n";
    } else {
      const Verdict& v = verdicts[session_of[i]];
      LintIssues shown;
      for (const auto& issue : lint[i]) {
        if (v.status == Status::malformed || issue.severity != Severity::info) {
          shown.push_back(issue);
        }
      }
      text += render_lint(out, *p.provider, shown);
      text += render_verdict(out, *p.provider, v);
      text += render_sources(sourced(args.config, p));
      row.verdict = &v;
    }
    text += render_unchecked(p);
    out.out(text + "\n");
    rows.push_back(row);
  }
  out.out(render_profile_table(out, rows));
  return code;
}

int run_lint_config(const LintArgs& args) {
  auto registry = provider_registry();
  Redactor redactor;
  Output out(redactor);
  if (!args.provider.empty() || !args.fields.empty()) {
    out.err(
        "credprobe: --config lints the profiles of the file: leave out the provider and "
        "--field\n");
    return kExitUsage;
  }
  auto imported = load_config(args.config, args.profile, registry, redactor, out);
  if (!imported) return kExitUsage;
  bool errors = has_errors(*imported);
  std::vector<Json> per_profile;
  std::string text = render_findings(out, args.config, imported->findings);
  for (const auto& p : imported->profiles) {
    text +=
        profile_title(out, p) + "\n" + render_findings(out, where_of(args.config, p), p.findings);
    if (!p.provider) {
      text += "  " + out.style("NOT CHECKED", "1;36") + "  " + p.not_checked + "\n";
      per_profile.push_back(Json::object());
    } else {
      LintIssues issues = lint_fields(*p.provider, p.fields);
      errors = errors || has_errors(issues);
      text += render_lint(out, *p.provider, issues);
      if (!has_errors(issues) && !has_errors(p.findings)) {
        text += "  " + p.provider->id + ": format looks right\n";
      }
      per_profile.push_back(Json::object().set("lint", lint_to_json(*p.provider, issues)));
    }
    text += render_unchecked(p) + "\n";
  }
  if (args.json) {
    out.out(clustrix_import_to_json(*imported, false, per_profile)
                .set("config", args.config)
                .set("ok", !errors)
                .dump(2) +
            "\n");
  } else {
    out.out(text + "No network call was made.\n");
  }
  return errors ? kExitUsage : kExitValid;
}

}  // namespace credprobe::cli
