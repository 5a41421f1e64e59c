// Human-readable rendering of verdicts and lint findings: the verdict on one line, then
// identity, permissions, evidence and hint, readable at a glance.
#pragma once

#include <string>
#include <vector>

#include "cli/output.hpp"
#include "credprobe/lint.hpp"
#include "credprobe/registry.hpp"
#include "native/credential_sources.hpp"

namespace credprobe::cli {

std::string render_verdict(const Output& out, const ProviderSpec& provider, const Verdict& verdict);
std::string render_lint(const Output& out, const ProviderSpec& provider, const LintIssues& issues);
std::string render_sources(const native::SourcedFields& fields);
std::string render_summary_table(const Output& out,
                                 const std::vector<const ProviderSpec*>& providers,
                                 const std::vector<Verdict>& verdicts);
// `check --config`'s table: one row per profile, checked or not (`verdicts[i]` is null for a
// profile credprobe does not check; `providers[i]` too).
struct ProfileRow {
  std::string profile;
  const ProviderSpec* provider = nullptr;
  const Verdict* verdict = nullptr;
  std::string not_checked;  // why, when verdict is null
};
std::string render_profile_table(const Output& out, const std::vector<ProfileRow>& rows);
std::string render_providers(const std::vector<ProviderSpec>& registry);

// A short "who" for tables: the first identity fact.
std::string short_identity(const Verdict& verdict);
double total_latency_ms(const Verdict& verdict);

}  // namespace credprobe::cli
