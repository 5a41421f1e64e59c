#include "credprobe/huggingface/whoami_facts.hpp"

#include "credprobe/json.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

namespace {

std::vector<std::string> strings_of(const Json* array) {
  std::vector<std::string> out;
  if (!array || !array->is_array()) return out;
  for (const auto& item : *array) {
    if (item.is_string()) out.push_back(item.string());
  }
  return out;
}

// Digits at text[at, at+count) as a number; -1 when any is not a digit.
int digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

const WhoamiOrg* WhoamiFacts::org(std::string_view wanted) const {
  for (const auto& o : orgs) {
    if (o.name == wanted) return &o;
  }
  return nullptr;
}

std::optional<std::int64_t> parse_iso8601_utc(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS, then optional .fraction, then Z or +00:00.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start) return std::nullopt;
  }
  const std::string_view zone = text.substr(at);
  if (zone != "Z" && zone != "+00:00") return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

std::optional<WhoamiFacts> read_whoami_facts(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  WhoamiFacts facts;
  facts.name = json_string(*json, "name").value_or("");
  if (facts.name.empty()) return std::nullopt;
  facts.type = json_string(*json, "type").value_or("user");
  facts.can_pay = json_bool(*json, "canPay");
  facts.is_pro = json_bool(*json, "isPro");
  if (const Json* orgs = json_array(*json, "orgs"); orgs && orgs->is_array()) {
    for (const auto& entry : *orgs) {
      if (!entry.is_object()) continue;
      auto name = json_string(entry, "name");
      if (!name || name->empty()) continue;
      facts.orgs.push_back(
          {*name, json_string(entry, "roleInOrg").value_or(""), json_bool(entry, "canPay")});
    }
  }
  const Json* auth = json_object(*json, "auth");
  if (!auth) return facts;
  facts.auth_type = json_string(*auth, "type").value_or("");
  std::optional<std::string> expires = json_string(*auth, "expiresAt");
  if (const Json* token = json_object(*auth, "accessToken")) {
    facts.token_role = json_string(*token, "role").value_or("");
    if (auto e = json_string(*token, "expiration")) {
      expires = e;
    } else if (auto e2 = json_string(*token, "expiresAt")) {
      expires = e2;
    }
    if (const Json* fine = json_object(*token, "fineGrained")) {
      facts.global = strings_of(json_array(*fine, "global"));
      if (const Json* scoped = json_array(*fine, "scoped"); scoped && scoped->is_array()) {
        for (const auto& entry : *scoped) {
          if (!entry.is_object()) continue;
          const Json* entity = json_object(entry, "entity");
          if (!entity) continue;
          facts.scoped.push_back({json_string(*entity, "type").value_or(""),
                                  json_string(*entity, "name").value_or(""),
                                  strings_of(json_array(entry, "permissions"))});
        }
      }
    }
  }
  if (expires && !expires->empty()) {
    facts.expires_text = *expires;
    facts.expires_at = parse_iso8601_utc(*expires);
  }
  return facts;
}

bool expired_by_hub_clock(const HttpResponse& response) {
  auto facts = read_whoami_facts(response.body);
  if (!facts || !facts->expires_at) return false;
  auto date = find_header(response.headers, "Date");
  auto hub_now = date ? parse_http_date(*date) : std::nullopt;
  return hub_now && *facts->expires_at <= *hub_now;
}

}  // namespace credprobe
