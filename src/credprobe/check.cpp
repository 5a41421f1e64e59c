#include "credprobe/check.hpp"

#include <algorithm>

#include "credprobe/http.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

Verdict malformed(const ProviderSpec& provider, std::string summary, std::string hint,
                  std::int64_t now) {
  Verdict v = new_verdict(provider.id, Status::malformed, std::move(summary), now);
  v.hint = std::move(hint);
  return v;
}

// "A", "A or B", "A, B or C".
std::string one_of(const std::vector<std::string>& choices) {
  std::string text;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
    text += choices[i];
  }
  return text;
}

// An option the provider does not declare, or a value outside its choices, is refused before
// anything is sent: a misspelt option silently ignored would check something else than asked.
std::optional<Verdict> check_options(const ProviderSpec& provider,
                                     const std::map<std::string, std::string>& options,
                                     std::int64_t now) {
  for (const auto& [name, value] : options) {
    const OptionSpec* spec = provider.option(name);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& o : provider.options) names.push_back(o.name);
      const auto known = registry_names(provider_registry(), &ProviderSpec::options);
      return malformed(
          provider,
          "unknown option " + name_for_message(name, known) + " for " + provider.display_name,
          names.empty() ? provider.display_name + " takes no options."
                        : "Options for " + provider.display_name + ": " + one_of(names) + ".",
          now);
    }
    if (spec->choices.empty()) continue;
    bool allowed = false;
    for (const auto& choice : spec->choices) allowed |= ascii_lower(choice) == ascii_lower(value);
    if (!allowed) {
      return malformed(provider, "option " + name + " must be " + one_of(spec->choices), spec->help,
                       now);
    }
  }
  return std::nullopt;
}

}  // namespace

namespace {
// Members of credential JSON files (service-account keys, ADC files) that are secrets on their
// own: registering them separately catches a leak of the value outside its file's text.
constexpr const char* kSecretJsonMembers[] = {"private_key", "refresh_token", "client_secret"};
}  // namespace

void register_secrets(const ProviderSpec& provider, const Fields& fields, Redactor& redactor) {
  for (const auto& field : provider.fields) {
    if (field.kind != FieldKind::secret && field.kind != FieldKind::json) continue;
    auto it = fields.find(field.name);
    if (it == fields.end()) continue;
    redactor.add(it->second);
    if (field.kind != FieldKind::json) continue;
    if (auto json = parse_json(it->second)) {
      for (const char* member : kSecretJsonMembers) {
        if (auto value = json_string(*json, member)) redactor.add(*value);
      }
    }
  }
}

PreparedCheck prepare_check(const ProviderSpec& provider, const CheckRequest& request) {
  PreparedCheck out;
  out.provider = provider.id;
  out.now = request.now;
  register_secrets(provider, request.fields, out.redactor);

  CheckContext context;
  context.now = request.now;
  context.options = request.options;
  for (const auto& e : provider.endpoints) context.endpoints.urls[e.name] = e.default_url;
  for (const auto& [name, url] : request.endpoint_overrides) {
    std::string target = name;
    if (target.empty()) {
      // Endpoints only readiness uses do not count: `--endpoint URL` names the credential's one.
      std::vector<const EndpointSpec*> main_endpoints;
      for (const auto& e : provider.endpoints) {
        if (!e.readiness_only) main_endpoints.push_back(&e);
      }
      if (main_endpoints.size() != 1) {
        std::string names;
        for (const auto& e : provider.endpoints) names += (names.empty() ? "" : ", ") + e.name;
        out.verdict =
            malformed(provider,
                      provider.display_name +
                          " has several endpoints; name the one to "
                          "replace",
                      "Use --endpoint NAME=URL with NAME one of: " + names + ".", request.now);
        return out;
      }
      target = main_endpoints.front()->name;
    }
    if (!provider.endpoint(target)) {
      const auto known = registry_names(provider_registry(), &ProviderSpec::endpoints);
      out.verdict = malformed(provider, "unknown endpoint " + name_for_message(target, known),
                              "See `credprobe providers` for the endpoint names.", request.now);
      return out;
    }
    if (!parse_url(url)) {
      out.verdict = malformed(provider, "endpoint '" + target + "' is not an http(s) URL",
                              "Give an absolute URL such as https://host:port.", request.now);
      return out;
    }
    context.endpoints.urls[target] = url;
    context.endpoints.overridden[target] = true;
  }

  if (auto refused = check_options(provider, request.options, request.now)) {
    out.verdict = std::move(refused);
    return out;
  }

  out.lint = lint_fields(provider, request.fields);
  if (has_errors(out.lint)) {
    std::string first;
    for (const auto& issue : out.lint) {
      if (issue.severity == Severity::error) {
        first = issue.field + " " + issue.message;
        break;
      }
    }
    out.verdict =
        malformed(provider, first, "Fix the input; nothing was sent to the provider.", request.now);
    return out;
  }
  out.probe = provider.make_probe(request.fields, context);
  return out;
}

LintIssues lint_fields(const ProviderSpec& provider, const Fields& fields) {
  LintIssues issues;
  for (const auto& field : provider.fields) {
    if (field.required && field_value(fields, field.name).empty()) {
      issues.push_back({Severity::error, field.name, field.label + " is required"});
    }
  }
  if (!provider.lint) return issues;
  for (auto& issue : provider.lint(fields)) {
    const FieldSpec* field = provider.field(issue.field);
    bool reported_as_required =
        field && field->required && field_value(fields, issue.field).empty();
    if (!reported_as_required) issues.push_back(std::move(issue));
  }
  return issues;
}

Json lint_issues_to_json(const LintIssues& issues) {
  Json list = Json::array();
  for (const auto& i : issues) {
    list.push_back(Json::object()
                       .set("severity", to_string(i.severity))
                       .set("field", i.field)
                       .set("message", i.message));
  }
  return list;
}

Json lint_to_json(const ProviderSpec& provider, const LintIssues& issues) {
  return Json::object()
      .set("provider", provider.id)
      .set("ok", !has_errors(issues))
      .set("issues", lint_issues_to_json(issues));
}

std::string name_for_message(const std::string& given, const std::vector<std::string>& known) {
  std::size_t longest = 0;
  for (const auto& name : known) longest = std::max(longest, name.size());
  bool name_like = !given.empty() && given.size() <= longest;
  for (char c : given) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    name_like = name_like && allowed;
  }
  if (name_like) return "'" + given + "'";
  return "(a name of " + std::to_string(given.size()) + " characters, not shown)";
}

int exit_code_for(Status status) {
  switch (status) {
    case Status::valid:
      return 0;
    case Status::invalid:
    case Status::expired:
      return 1;
    case Status::malformed:
      return 2;
    case Status::insufficient:
      return 3;
    case Status::unreachable:
    case Status::blocked:
    case Status::rate_limited:
    case Status::indeterminate:
      return 4;
  }
  return 4;
}

int exit_code_for(const Verdict& verdict) {
  const int code = exit_code_for(verdict.status);
  if (code != 0) return code;
  auto readiness = ready(verdict);
  if (readiness == Readiness::no) return exit_code_for(Status::insufficient);
  if (readiness == Readiness::unknown) return exit_code_for(Status::indeterminate);
  return code;
}

}  // namespace credprobe
