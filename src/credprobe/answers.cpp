#include "credprobe/answers.hpp"

#include "credprobe/probe.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

bool status_listed(const AnswerStatuses& statuses, int status) {
  if (statuses.empty()) return true;
  for (int s : statuses) {
    if (s == status) return true;
  }
  return false;
}

bool code_matches(std::string_view wanted, const std::string& code) {
  if (wanted.empty()) return true;
  if (wanted == "*") return !code.empty();
  return wanted == code;
}

std::string status_hint(const AnswerVoice& voice) {
  return voice.status_page.empty() ? "Try again in a minute."
                                   : "Try again later; see " + std::string(voice.status_page) + ".";
}

// The classes of the shared answers, in the order they are tried.
enum class Shared { rate_limited, server_error, redirect, not_shape, other };

Shared shared_class(int status) {
  if (status == 429) return Shared::rate_limited;
  if (status >= 500) return Shared::server_error;
  if (status >= 300 && status < 400) return Shared::redirect;
  if (status >= 200 && status < 300) return Shared::not_shape;
  return Shared::other;
}

}  // namespace

bool is_rate_limited_status(int status) {
  return shared_class(status) == Shared::rate_limited;
}

namespace {

SharedAnswerRow shared_row(const AnswerRequest& request, std::string_view id,
                           std::string_view condition, Status status, std::string summary,
                           std::string hint, int example_status, std::string body = {},
                           Headers headers = {}) {
  SharedAnswerRow row;
  row.id = id;
  row.request = request.name;
  row.condition = condition;
  row.status = request.reach ? Status::valid : status;
  row.summary = request.reach ? "the credential is proven by the granted token; the read is "
                                "unknown in the permissions: " +
                                    summary
                              : std::move(summary);
  row.hint = std::move(hint);
  row.example.status = example_status;
  row.example.body = std::move(body);
  row.example.headers = std::move(headers);
  return row;
}

}  // namespace

const AnswerRequest* AnswerTable::request(std::string_view name) const {
  for (const auto& r : requests) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const AnswerRow* match_answer(const AnswerTable& table, std::string_view request,
                              const AnswerSeen& seen) {
  for (const auto& row : table.rows) {
    if (row.request != request || !status_listed(row.statuses, seen.status)) continue;
    if (!code_matches(row.code, seen.code)) continue;
    if (!row.kind.empty() && row.kind != seen.kind) continue;
    if (row.matches && !row.matches(seen)) continue;
    return &row;
  }
  return nullptr;
}

Verdict row_verdict(const AnswerVoice& voice, const AnswerRow& row, std::string summary,
                    std::int64_t now) {
  Verdict v = new_verdict(std::string(voice.provider), row.status, std::move(summary), now);
  v.hint = row.hint;
  return v;
}

Verdict shared_answer_verdict(const AnswerVoice& voice, const AnswerRequest& request,
                              const HttpResponse& response, const std::string& detail,
                              std::int64_t now, const std::string& code) {
  const std::string provider(voice.provider);
  const std::string status = std::to_string(response.status);
  const std::string who(request.who);
  const std::string what(request.resource.empty() ? request.who : request.resource);
  Verdict v;
  switch (shared_class(response.status)) {
    case Shared::rate_limited:
      v = rate_limited_verdict(
          provider, who + " is rate limiting (429" + (code.empty() ? "" : " " + code) + ")",
          response.headers, now, std::string(voice.wait_hint));
      if (!voice.rate_note.empty()) v.hint = std::string(voice.rate_note) + " " + v.hint;
      return v;
    case Shared::server_error:
      v = new_verdict(provider, Status::indeterminate,
                      who + " answered " + status + detail +
                          ", a server error that proves nothing about " +
                          std::string(voice.credential),
                      now);
      v.hint = status_hint(voice);
      return v;
    case Shared::redirect: {
      const std::string_view endpoint_hint =
          request.endpoint_hint.empty() ? voice.endpoint_hint : request.endpoint_hint;
      auto location = find_header(response.headers, "Location");
      auto target = location ? parse_url(*location) : std::nullopt;
      v = new_verdict(provider, Status::indeterminate,
                      what + " answered " + status + detail + ", a redirect" +
                          (target ? " to " + target->host_and_port() : std::string()) +
                          " that is not followed",
                      now);
      v.hint = endpoint_hint;
      return v;
    }
    case Shared::not_shape:
      v = new_verdict(provider, Status::indeterminate,
                      what + " answered " + status + detail +
                          (detail.empty() ? " with a body that is not its answer" : ""),
                      now);
      v.hint = voice.not_shape_hint;
      return v;
    case Shared::other:
      break;
  }
  v = new_verdict(provider, Status::indeterminate, what + " answered " + status + detail, now);
  v.hint = request.endpoint_hint.empty() ? voice.endpoint_hint : request.endpoint_hint;
  return v;
}

std::vector<SharedAnswerRow> shared_answer_rows(const AnswerTable& table,
                                                const AnswerRequest& request) {
  const AnswerVoice& voice = table.voice;
  const std::string who(request.who);
  const std::string endpoint_hint(request.endpoint_hint.empty() ? voice.endpoint_hint
                                                                : request.endpoint_hint);
  std::vector<SharedAnswerRow> rows;
  rows.push_back(shared_row(request, "shared.rate_limited", "429, any body", Status::rate_limited,
                            who + " is rate limiting: Retry-After is kept when sent",
                            (voice.rate_note.empty() ? "" : std::string(voice.rate_note) + " ") +
                                "Try again in 7 seconds.",
                            429, "", {{"Retry-After", "7"}}));
  rows.push_back(shared_row(request, "shared.server_error", "5xx, any body", Status::indeterminate,
                            "a server error proves nothing about " + std::string(voice.credential),
                            status_hint(voice), 503, "<html>Service Unavailable</html>"));
  rows.push_back(shared_row(request, "shared.redirect", "3xx", Status::indeterminate,
                            "a redirect is never followed", endpoint_hint, 302, "",
                            {{"Location", "https://portal.example/login"}}));
  rows.push_back(
      shared_row(request, "shared.not_shape", "2xx in none of the rows above",
                 Status::indeterminate, "not " + who + "'s answer: a proxy or a portal answered",
                 std::string(voice.not_shape_hint), 200, "<html>Sign in to the network</html>"));
  rows.push_back(shared_row(request, "shared.other", "any other answer", Status::indeterminate,
                            "the answer and any provider code are shown", endpoint_hint, 418,
                            "I'm a teapot"));
  rows.push_back(shared_row(request, "shared.unreachable",
                            "no answer (DNS, refused, reset, timeout, TLS)", Status::unreachable,
                            "nothing is known: the hint names the likely cause", "", 0));
  rows.push_back(shared_row(request, "shared.blocked", "a browser's CORS refusal", Status::blocked,
                            "the host answered but the browser withheld it: use a relay", "", 0));
  return rows;
}

AnswerRow SharedAnswerRow::row() const {
  AnswerRow view;
  view.id = id;
  view.request = request;
  view.condition = condition;
  view.status = status;
  view.summary = summary;
  view.hint = hint;
  return view;
}

std::optional<HttpResult> transport_example(const AnswerRow& shared_row) {
  HttpResult result;
  if (shared_row.id == "shared.unreachable") {
    result.error = TransportError::refused;
  } else if (shared_row.id == "shared.blocked") {
    result.error = TransportError::browser_blocked;
  } else {
    return std::nullopt;
  }
  return result;
}

std::vector<OutcomeLine> outcome_lines(const AnswerTable& table) {
  std::vector<OutcomeLine> lines;
  auto answer_words = [](const AnswerRow& row) {
    std::string text;
    for (size_t i = 0; i < row.statuses.size(); ++i) {
      text += (i == 0                         ? ""
               : i + 1 == row.statuses.size() ? " or "
                                              : ", ") +
              std::to_string(row.statuses[i]);
    }
    if (!row.code.empty()) {
      text += (text.empty() ? "" : " ") +
              (row.code == "*" ? std::string("any error code") : "`" + std::string(row.code) + "`");
    }
    if (!row.condition.empty()) text += (text.empty() ? "" : ", ") + std::string(row.condition);
    return text;
  };
  for (const auto& request : table.requests) {
    for (const auto& row : table.rows) {
      if (row.request == request.name) {
        lines.push_back(
            {std::string(request.name), answer_words(row), row.status, std::string(row.summary)});
      }
    }
    for (const auto& shared : shared_answer_rows(table, request)) {
      const AnswerRow row = shared.row();
      lines.push_back({std::string(request.name), answer_words(row), row.status, shared.summary});
    }
  }
  return lines;
}

}  // namespace credprobe
