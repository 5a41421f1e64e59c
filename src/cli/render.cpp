#include "cli/render.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>

#include "credprobe/url.hpp"

namespace credprobe::cli {

namespace {

const char* status_style(Status status) {
  switch (status) {
    case Status::valid:
      return "1;32";
    case Status::invalid:
    case Status::expired:
    case Status::malformed:
      return "1;31";
    default:
      return "1;33";
  }
}

std::string upper(std::string text) {
  for (auto& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '_') c = ' ';
  }
  return text;
}

// Pads to a column; a label as wide as the column still gets two spaces before its value.
std::string pad(std::string text, size_t width) {
  text.append(text.size() < width ? width - text.size() : 2, ' ');
  return text;
}

std::string label(const std::string& key) {
  std::string out = key;
  for (auto& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string millis(double ms) {
  return std::to_string(static_cast<long>(ms + 0.5)) + " ms";
}

std::string evidence_line(const Evidence& e) {
  std::string line = e.method + " " + e.host + e.path + " -> ";
  line += e.http_status ? std::to_string(e.http_status) : e.transport_error;
  if (!e.provider_code.empty()) line += " " + e.provider_code;
  line += "  " + millis(e.latency_ms);
  if (e.via_relay) line += "  (via relay)";
  return line;
}

bool same_request(const Evidence& a, const Evidence& b) {
  return a.method == b.method && a.host == b.host && a.path == b.path &&
         a.http_status == b.http_status && a.provider_code == b.provider_code &&
         a.transport_error == b.transport_error && a.latency_ms == b.latency_ms &&
         a.via_relay == b.via_relay;
}

// The requests the table shows under "evidence": with readiness, the credential check's (the
// verdict's evidence lists every request, readiness reads after them; the JSON keeps them all).
std::vector<Evidence> credential_evidence(const Verdict& v) {
  if (!v.readiness) return v.evidence;
  const size_t n = std::min(v.credential_evidence, v.evidence.size());
  return {v.evidence.begin(), v.evidence.begin() + static_cast<std::ptrdiff_t>(n)};
}

bool shown_already(const std::vector<Evidence>& shown, const Evidence& e) {
  for (const auto& s : shown) {
    if (same_request(s, e)) return true;
  }
  return false;
}

// The readiness checklist: the overall answer, then one mark per requirement ([+] met, [x] unmet,
// [?] unknown) with its label, what proves it, what to do, and the requests behind it.
std::string render_readiness(const Output& out, const Verdict& v) {
  auto readiness = ready(v);
  if (!readiness) return {};
  int unmet = 0, unknown = 0;
  for (const auto& r : *v.readiness) {
    unmet += r.state == RequirementState::unmet;
    unknown += r.state == RequirementState::unknown;
  }
  std::string head = *readiness == Readiness::yes  ? out.style("READY", "1;32")
                     : *readiness == Readiness::no ? out.style("NOT READY", "1;31")
                                                   : out.style("READINESS UNKNOWN", "1;33");
  std::string counts;
  if (unmet) counts += std::to_string(unmet) + " unmet";
  if (unknown) counts += (counts.empty() ? "" : ", ") + std::to_string(unknown) + " unknown";
  std::vector<Evidence> shown = credential_evidence(v);
  std::string text =
      "  " + pad("readiness", 14) + head + (counts.empty() ? "" : " (" + counts + ")") + "\n";
  for (const auto& r : *v.readiness) {
    const char* mark = r.state == RequirementState::met     ? "[+]"
                       : r.state == RequirementState::unmet ? "[x]"
                                                            : "[?]";
    const char* ansi = r.state == RequirementState::met     ? "1;32"
                       : r.state == RequirementState::unmet ? "1;31"
                                                            : "1;33";
    text += "    " + out.style(mark, ansi) + " " + r.label + "\n";
    if (!r.detail.empty()) text += "        " + r.detail + "\n";
    if (!r.hint.empty()) text += "        hint: " + r.hint + "\n";
    // Each request once: one that informed the credential or an earlier requirement is not
    // repeated (a readiness check may decide several requirements from one answer).
    for (const auto& e : r.evidence) {
      if (shown_already(shown, e)) continue;
      shown.push_back(e);
      text += "        " + evidence_line(e) + "\n";
    }
  }
  return text;
}

}  // namespace

double total_latency_ms(const Verdict& verdict) {
  double total = 0;
  for (const auto& e : verdict.evidence) total += e.latency_ms;
  return total;
}

std::string short_identity(const Verdict& verdict) {
  if (verdict.identity.empty()) return "-";
  return verdict.identity.front().value;
}

std::string render_verdict(const Output& out, const ProviderSpec& provider, const Verdict& v) {
  std::string text = out.style(provider.display_name, "1") + "  " +
                     out.style(upper(to_string(v.status)), status_style(v.status)) + "  " +
                     v.summary + "\n";
  const size_t width = 14;
  for (const auto& fact : v.identity) {
    text += "  " + pad(label(fact.key), width) + fact.value + "\n";
  }
  bool first = true;
  for (const auto& p : v.permissions) {
    text += "  " + pad(first ? "permissions" : "", width) + p.scope + ": " +
            (p.access.empty() ? "-" : join(p.access, ", ")) + "\n";
    first = false;
  }
  first = true;
  for (const auto& e : credential_evidence(v)) {
    text += "  " + pad(first ? "evidence" : "", width) + evidence_line(e) + "\n";
    first = false;
  }
  if (v.retry_after_seconds) {
    text += "  " + pad("retry after", width) + std::to_string(*v.retry_after_seconds) + " s\n";
  }
  if (!v.hint.empty()) text += "  " + pad("hint", width) + v.hint + "\n";
  return text + render_readiness(out, v);
}

std::string render_lint(const Output& out, const ProviderSpec& provider, const LintIssues& issues) {
  std::string text;
  for (const auto& issue : issues) {
    const char* ansi = issue.severity == Severity::error     ? "1;31"
                       : issue.severity == Severity::warning ? "1;33"
                                                             : "1;36";
    text += provider.id + ": " + out.style(to_string(issue.severity), ansi) + ": " + issue.field +
            " " + issue.message + "\n";
  }
  return text;
}

std::string render_sources(const native::SourcedFields& fields) {
  std::vector<std::string> parts;
  for (const auto& [name, sourced] : fields) parts.push_back(name + " from " + sourced.origin);
  return parts.empty() ? std::string() : "  " + pad("sources", 14) + join(parts, "; ") + "\n";
}

std::string render_summary_table(const Output& out,
                                 const std::vector<const ProviderSpec*>& providers,
                                 const std::vector<Verdict>& verdicts) {
  std::string text = pad("PROVIDER", 16) + pad("VERDICT", 16) + pad("IDENTITY", 44) + "LATENCY\n";
  for (size_t i = 0; i < verdicts.size(); ++i) {
    std::string status = to_string(verdicts[i].status);
    std::string identity = short_identity(verdicts[i]);
    if (identity.size() > 42) identity = identity.substr(0, 39) + "...";
    text += pad(providers[i]->display_name, 16) +
            out.style(pad(status, 16), status_style(verdicts[i].status)) + pad(identity, 44) +
            millis(total_latency_ms(verdicts[i])) + "\n";
  }
  return text;
}

std::string render_profile_table(const Output& out, const std::vector<ProfileRow>& rows) {
  std::string text = pad("PROFILE", 16) + pad("PROVIDER", 16) + pad("VERDICT", 16) +
                     pad("IDENTITY", 44) + "LATENCY\n";
  for (const auto& row : rows) {
    text += pad(row.profile.empty() ? "(flat)" : row.profile, 16) +
            pad(row.provider ? row.provider->display_name : "-", 16);
    if (!row.verdict) {
      text += out.style(pad("not checked", 16), "1;36") + row.not_checked + "\n";
      continue;
    }
    std::string identity = short_identity(*row.verdict);
    if (identity.size() > 42) identity = identity.substr(0, 39) + "...";
    text += out.style(pad(to_string(row.verdict->status), 16), status_style(row.verdict->status)) +
            pad(identity, 44) + millis(total_latency_ms(*row.verdict)) + "\n";
  }
  return text;
}

std::string render_providers(const std::vector<ProviderSpec>& registry) {
  std::string text;
  for (const auto& p : registry) {
    text += p.id + " (" + p.display_name + ")\n  " + p.summary + "\n  fields:\n";
    for (const auto& f : p.fields) {
      text +=
          "    " + pad(f.name, 26) + (f.required ? "required " : "optional ") + to_string(f.kind);
      if (!f.env_vars.empty()) text += "  env: " + join(f.env_vars, ", ");
      if (!f.files.empty()) text += "  files: " + join(f.files, ", ");
      text += "\n";
    }
    text += "  endpoints:\n";
    for (const auto& e : p.endpoints) {
      text += "    " + pad(e.name, 26) + e.default_url +
              (e.browser_callable ? "" : "  (browsers refused: needs a relay)") + "\n";
    }
    if (!p.options.empty()) text += "  options (--option NAME=VALUE):\n";
    for (const auto& o : p.options) {
      text += "    " + pad(o.name, 26) + (o.choices.empty() ? "any value" : join(o.choices, "|"));
      if (!o.default_value.empty()) text += " (default " + o.default_value + ")";
      text += "\n";
    }
    text += "\n";
  }
  return text;
}

}  // namespace credprobe::cli
