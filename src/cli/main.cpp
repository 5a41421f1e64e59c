// credprobe: tells whether cloud and ML-platform credentials work, who they belong to, what
// they reach, and, when it cannot tell, exactly why.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "cli/relay_command.hpp"

namespace {

constexpr const char* kNoSourcesHelp =
    "Read only the --field values: leave the environment variables and files the provider "
    "conventionally reads alone (`credprobe providers` lists them). For checking a key someone "
    "pasted without the machine's own credentials filling the fields it leaves out.";

constexpr const char* kConfigHelp =
    "A Clustrix configuration file (YAML, or JSON when it ends in .json): one flat "
    "configuration, or `active_profile` + `profiles`. Each profile whose cluster_type credprobe "
    "checks (aws, azure, gcp, lambda_cloud, huggingface_spaces) is checked, concurrently, with "
    "readiness when it names compute; the others (ssh, slurm, pbs, sge, kubernetes, local) are "
    "listed as not checked. Keys Clustrix would refuse are reported by name. A file that does "
    "not parse is reported at its line and column, nothing is sent, and the exit code is 2. "
    "With --json: the import (shape, active_profile, findings, profiles with name, "
    "cluster_type, provider, not_checked, fields (names only, never values), unchecked_keys, "
    "findings) and each checked profile's verdict (docs/clustrix-import.md). --endpoint names "
    "its provider as with --all: PROVIDER=URL or PROVIDER.NAME=URL.";

// CLI11 quotes unexpected arguments in its errors, and a token pasted in the wrong place is an
// unexpected argument. Redact every argument value before an error is printed.
// A secret pasted after "--" is an unknown flag: every flag-looking argument that is not one of
// the app's own long options is redacted too.
void collect_flags(const CLI::App& app, std::vector<std::string>& flags) {
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
  }
  for (const CLI::App* sub : app.get_subcommands({})) collect_flags(*sub, flags);
}

credprobe::Redactor argument_redactor(int argc, char** argv, const CLI::App& app) {
  std::vector<std::string> flags;
  collect_flags(app, flags);
  credprobe::Redactor redactor;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    if (eq != std::string::npos) redactor.add(arg.substr(eq + 1));
    if (!arg.empty() && arg[0] != '-' && arg.size() >= 16) redactor.add(arg);
    if (arg.size() >= 16 && arg.rfind("--", 0) == 0) {
      const std::string flag = arg.substr(0, eq);
      if (std::find(flags.begin(), flags.end(), flag) == flags.end()) {
        redactor.add(arg);
        redactor.add(arg.substr(2));
        if (eq != std::string::npos) redactor.add(arg.substr(2, eq - 2));
      }
    }
  }
  return redactor;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace credprobe::cli;
  CLI::App app{
      "credprobe: checks cloud and ML-platform credentials (AWS, Azure, GCP, Lambda Cloud, "
      "Hugging Face) against the provider itself and says valid, invalid, expired, insufficient, "
      "or exactly why it could not tell. Secrets go nowhere but to the provider and are never "
      "printed.",
      "credprobe"};
  app.footer(
      std::string(
          "\nExamples:\n"
          "  credprobe providers                      what can be checked, and the fields\n"
          "  credprobe lint huggingface --field hf_token=hf_xxx   offline format checks\n"
          "  credprobe check huggingface              token from HF_TOKEN or the token file\n"
          "  credprobe check --all                    every credential found, one table\n"
          "  credprobe check --config clustrix.yml    every profile of a Clustrix config, one "
          "table\n"
          "  credprobe lint --config clustrix.yml     the same file's offline checks only\n"
          "  credprobe check huggingface --json       the verdict as JSON\n"
          "  credprobe relay                          loopback relay for the web page\n\n") +
      kExitCodeHelp);
  app.require_subcommand(1);
  app.set_version_flag("--version", "credprobe 0.1.0");

  bool providers_json = false;
  auto* providers = app.add_subcommand(
      "providers", "List the providers, their fields, conventional sources and endpoints.");
  providers->add_flag("--json", providers_json, "Print the whole registry as JSON.");
  std::string providers_markdown;
  providers->add_option("--markdown", providers_markdown,
                        "Print one provider's documentation page (docs/providers/ID.md).");

  LintArgs lint;
  auto* lint_cmd =
      app.add_subcommand("lint", "Check credentials' format offline: no network call is made.");
  lint_cmd->add_option("provider", lint.provider,
                       "Provider id (see `credprobe providers`); not with --config.");
  lint_cmd->add_option("--config", lint.config, kConfigHelp);
  lint_cmd->add_option("--field,-f", lint.fields,
                       "NAME=VALUE, or NAME=@FILE to read the value from a file. Fields not given "
                       "are read from the provider's conventional sources.");
  lint_cmd->add_option("--profile", lint.profile,
                       "AWS profile to read; with --config, the one Clustrix profile to lint.");
  lint_cmd->add_flag("--no-sources", lint.no_sources, kNoSourcesHelp);
  lint_cmd->add_flag("--json", lint.json, "Print the findings as JSON.");

  CheckArgs check;
  auto* check_cmd = app.add_subcommand(
      "check", "Validate credentials against the provider and print the verdict.");
  check_cmd->add_option("provider", check.provider, "Provider id (see `credprobe providers`).");
  check_cmd->add_flag("--all", check.all,
                      "Check every provider whose credentials are found in the conventional "
                      "sources, concurrently, then print one summary table.");
  check_cmd->add_option("--field,-f", check.fields,
                        "NAME=VALUE, or NAME=@FILE to read the value from a file (avoids the "
                        "secret showing in shell history and process lists).");
  check_cmd->add_option("--endpoint,-e", check.endpoints,
                        "URL to replace the base of a provider with one endpoint, or NAME=URL to "
                        "replace one named endpoint (private deployments, sovereign clouds, "
                        "tests). With --all, name the provider: PROVIDER=URL or "
                        "PROVIDER.NAME=URL, e.g. aws.sts=URL (`credprobe providers` lists the "
                        "names).");
  check_cmd->add_option("--option,-o", check.options,
                        "NAME=VALUE provider option, e.g. aws_sts_method=POST (each provider's "
                        "options are listed by `credprobe providers`).");
  check_cmd->add_option("--config", check.config, kConfigHelp);
  check_cmd->add_option("--profile", check.profile,
                        "AWS profile to read; with --config, the one Clustrix profile to check.");
  check_cmd->add_flag("--no-sources", check.no_sources, kNoSourcesHelp);
  check_cmd
      ->add_option("--timeout", check.timeout_seconds,
                   "Seconds to wait for each request (default 10).")
      ->check(CLI::Range(0.1, 600.0));
  check_cmd->add_flag("--json", check.json, "Print the verdict as JSON.");
  check_cmd
      ->add_option("--now", check.now,
                   "Pretend the local clock reads this Unix time (to test clock-skew "
                   "handling).")
      ->group("Testing");

  RelayArgs relay;
  auto* relay_cmd = add_relay_subcommand(app, relay);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    auto redactor = argument_redactor(argc, argv, app);
    Output(redactor).err(std::string("credprobe: ") + e.what() + "\nRun with --help for usage.\n");
    return kExitUsage;
  }
  if (*providers) return run_providers(providers_json, providers_markdown);
  if (*lint_cmd) return run_lint(lint);
  if (*relay_cmd) return run_relay(relay);
  return run_check(check);
}
