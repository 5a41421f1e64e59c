#include "credprobe/verdict.hpp"

#include "credprobe/text.hpp"

namespace credprobe {

namespace {
constexpr const char* kStatusNames[] = {"valid",        "invalid",      "expired",
                                        "insufficient", "malformed",    "unreachable",
                                        "blocked",      "rate_limited", "indeterminate"};

}  // namespace

const char* to_string(Status status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<Status> status_from_string(const std::string& text) {
  for (int i = 0; i < 9; ++i) {
    if (text == kStatusNames[i]) return static_cast<Status>(i);
  }
  return std::nullopt;
}

const char* to_string(RequirementState state) {
  switch (state) {
    case RequirementState::met:
      return "met";
    case RequirementState::unmet:
      return "unmet";
    case RequirementState::unknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(Readiness readiness) {
  switch (readiness) {
    case Readiness::yes:
      return "yes";
    case Readiness::no:
      return "no";
    case Readiness::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<Readiness> ready(const Verdict& verdict) {
  if (!verdict.readiness) return std::nullopt;
  bool all_met = true;
  for (const auto& r : *verdict.readiness) {
    if (r.state == RequirementState::unmet) return Readiness::no;
    all_met &= r.state == RequirementState::met;
  }
  return all_met ? Readiness::yes : Readiness::unknown;
}

const std::string* Verdict::fact(const std::string& key) const {
  for (const auto& f : identity) {
    if (f.key == key) return &f.value;
  }
  return nullptr;
}

Json to_json(const Evidence& e) {
  Json item = Json::object()
                  .set("method", e.method)
                  .set("host", e.host)
                  .set("path", e.path)
                  .set("http_status", e.http_status)
                  .set("latency_ms", static_cast<std::int64_t>(e.latency_ms + 0.5))
                  .set("via_relay", e.via_relay);
  if (!e.provider_code.empty()) item.set("provider_code", e.provider_code);
  if (!e.transport_error.empty()) item.set("transport_error", e.transport_error);
  return item;
}

Json to_json(const Verdict& verdict) {
  Json identity = Json::object();
  for (const auto& fact : verdict.identity) identity.set(fact.key, fact.value);
  Json permissions = Json::array();
  for (const auto& p : verdict.permissions) {
    permissions.push_back(Json::object().set("scope", p.scope).set("access", p.access));
  }
  Json evidence = Json::array();
  for (const auto& e : verdict.evidence) evidence.push_back(to_json(e));
  Json out = Json::object()
                 .set("provider", verdict.provider)
                 .set("status", to_string(verdict.status))
                 .set("summary", verdict.summary)
                 .set("identity", std::move(identity))
                 .set("permissions", std::move(permissions))
                 .set("evidence", std::move(evidence))
                 .set("hint", verdict.hint)
                 .set("checked_at", verdict.checked_at);
  if (verdict.retry_after_seconds) out.set("retry_after_seconds", *verdict.retry_after_seconds);
  if (auto readiness = ready(verdict)) {
    Json requirements = Json::array();
    for (const auto& r : *verdict.readiness) {
      Json rows = Json::array();
      for (const auto& e : r.evidence) rows.push_back(to_json(e));
      requirements.push_back(Json::object()
                                 .set("id", r.id)
                                 .set("label", r.label)
                                 .set("state", to_string(r.state))
                                 .set("detail", r.detail)
                                 .set("hint", r.hint)
                                 .set("evidence", std::move(rows)));
    }
    out.set("ready", to_string(*readiness)).set("readiness", std::move(requirements));
  }
  return out;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string iso8601_utc(std::int64_t t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // civil_from_days
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  const auto hours = static_cast<unsigned long long>(secs / 3600);
  const auto minutes = static_cast<unsigned long long>(secs / 60 % 60);
  const auto seconds = static_cast<unsigned long long>(secs % 60);
  return (y < 0 ? "-" : "") + zero_padded(static_cast<unsigned long long>(y < 0 ? -y : y), 4) +
         "-" + zero_padded(m, 2) + "-" + zero_padded(d, 2) + "T" + zero_padded(hours, 2) + ":" +
         zero_padded(minutes, 2) + ":" + zero_padded(seconds, 2) + "Z";
}

std::optional<std::int64_t> parse_http_date(const std::string& text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.compare(26, 3, "GMT") != 0) return std::nullopt;
  auto digits = [&](size_t pos, size_t n, int& out) {
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int day, year, hh, mm, ss;
  if (!digits(5, 2, day) || !digits(12, 4, year) || !digits(17, 2, hh) || !digits(20, 2, mm) ||
      !digits(23, 2, ss)) {
    return std::nullopt;
  }
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (text.compare(8, 3, months[i]) == 0) month = i + 1;
  }
  if (month == 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return days_from_civil(year, month, static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 +
         ss;
}

}  // namespace credprobe
