#include "credprobe/azure/token_claims.hpp"

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

std::optional<TokenClaims> decode_token_claims(const std::string& token) {
  auto first = token.find('.');
  if (first == std::string::npos) return std::nullopt;
  auto second = token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    return std::nullopt;
  }
  auto payload = base64url_decode(std::string_view(token).substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  auto json = parse_json(*payload);
  if (!json || !json->is_object()) return std::nullopt;
  TokenClaims claims;
  claims.app_display_name = json_string(*json, "app_displayname").value_or("");
  claims.app_id = json_string(*json, "appid").value_or(json_string(*json, "azp").value_or(""));
  claims.tenant_id = json_string(*json, "tid").value_or("");
  claims.object_id = json_string(*json, "oid").value_or("");
  if (const Json* roles = json_array(*json, "roles")) {
    for (const auto& role : *roles) {
      if (role.is_string()) claims.roles.push_back(role.string());
    }
  }
  return claims;
}

void add_claims_to_identity(const TokenClaims& claims, Verdict& verdict) {
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) verdict.identity.push_back({key, value});
  };
  add("app", claims.app_display_name);
  add("app_id", claims.app_id);
  add("tenant", claims.tenant_id);
  add("object_id", claims.object_id);
  if (!claims.roles.empty()) verdict.permissions.push_back({"token roles", claims.roles});
}

}  // namespace credprobe
