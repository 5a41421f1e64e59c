// What a whoami-v2 answer says about writing, billing and the token's lifetime, read once into
// values for the answer table (an expired token) and the readiness check. Field names as the Hub
// sends them (huggingface.js packages/hub/src/lib/who-am-i.ts; huggingface_hub _oauth.py for
// roleInOrg and canPay on orgs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/http.hpp"

namespace credprobe {

struct WhoamiOrg {
  std::string name;
  std::string role;             // roleInOrg: "admin", "write", "contributor", "read"
  std::optional<bool> can_pay;  // canPay: a payment method is on file for the org
};

// One scoped grant of a fine-grained token: permissions on a user, an org or one repo.
struct WhoamiScope {
  std::string entity_type;  // "user", "org", "model", "dataset", "space"
  std::string entity_name;  // "ada", "acme", "ada/engine"
  std::vector<std::string> permissions;
};

struct WhoamiFacts {
  std::string name;  // the account the token belongs to
  std::string type;  // "user", "org", "app"
  std::optional<bool> can_pay;
  std::optional<bool> is_pro;
  std::vector<WhoamiOrg> orgs;
  std::string auth_type;            // auth.type: "access_token", ...
  std::string token_role;           // auth.accessToken.role: "read", "write", "fineGrained", ...
  std::vector<std::string> global;  // fine-grained global permissions
  std::vector<WhoamiScope> scoped;
  // The token's expiration (auth.accessToken.expiration as huggingface.js reads it, or
  // auth.accessToken.expiresAt as the Hub's OpenAPI document names it, or auth.expiresAt for
  // OAuth tokens), as text and as Unix seconds.
  std::string expires_text;
  std::optional<std::int64_t> expires_at;

  const WhoamiOrg* org(std::string_view name) const;
};

// Nullopt when the body is not whoami-v2's JSON naming an account.
std::optional<WhoamiFacts> read_whoami_facts(const std::string& body);

// "2026-01-02T03:04:05.000Z" (or without fractions, or with +00:00) as Unix seconds.
std::optional<std::int64_t> parse_iso8601_utc(std::string_view text);

// Whether the answer proves, by the Hub's own clock (its Date header), that the token's
// expiration has passed. Without a readable Date nothing is proven: this machine's clock is not
// the Hub's.
bool expired_by_hub_clock(const HttpResponse& response);

}  // namespace credprobe
