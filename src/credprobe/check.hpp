// The driver-independent part of a check: resolve endpoints, lint, register secrets, build the
// probe. Every driver (libcurl, emscripten_fetch, scripted) starts here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "credprobe/probe.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/registry.hpp"

namespace credprobe {

struct CheckRequest {
  Fields fields;
  // Endpoint overrides: endpoint name -> base URL. The empty name stands for "the provider's
  // only endpoint" (the CLI's `--endpoint URL`).
  std::map<std::string, std::string> endpoint_overrides;
  std::map<std::string, std::string> options;
  std::int64_t now = 0;
};

struct PreparedCheck {
  std::string provider;  // the provider's id
  std::int64_t now = 0;  // the request's `now`, for verdicts the session writes itself
  LintIssues lint;
  Redactor redactor;
  std::unique_ptr<Probe> probe;    // null when `verdict` is already decided
  std::optional<Verdict> verdict;  // malformed input or an unusable override: nothing to send
};

PreparedCheck prepare_check(const ProviderSpec& provider, const CheckRequest& request);

// Every offline finding for these fields: each required field that is empty, then the provider's
// format checks on what was given (so a problem in one field shows while another is still
// empty). Shared by checks, `credprobe lint` and the wasm lint export.
LintIssues lint_fields(const ProviderSpec& provider, const Fields& fields);

// {"provider", "ok", "issues": [{"severity", "field", "message"}]}: `credprobe lint --json` and
// the browser's lint() answer.
Json lint_to_json(const ProviderSpec& provider, const LintIssues& issues);
// The issues alone: [{"severity", "field", "message"}].
Json lint_issues_to_json(const LintIssues& issues);

// Registers every secret the fields hold (secret and json kinds) with a redactor.
void register_secrets(const ProviderSpec& provider, const Fields& fields, Redactor& redactor);

// How an error message names a name the user gave (a provider, field, endpoint or option): quoted
// when it could be one of the `known` names (no longer than the longest, only name characters),
// otherwise "a name of N characters (not shown)": a pasted secret in the wrong place is never
// echoed.
std::string name_for_message(const std::string& given, const std::vector<std::string>& known);

// Exit-code class of a status, shared by the CLI and its docs.
int exit_code_for(Status status);
// Of a whole verdict: a valid credential whose configured compute is not ready exits like
// insufficient (3), one whose readiness could not be told like indeterminate (4).
int exit_code_for(const Verdict& verdict);

}  // namespace credprobe
