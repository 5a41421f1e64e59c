#include "credprobe/gcp/gcp_credential.hpp"

#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

std::optional<GcpCredential> read_gcp_credential(std::string_view text) {
  auto json = parse_json(text);
  if (!json || !json->is_object()) return std::nullopt;
  auto text_of = [&](const char* key) { return json_string(*json, key).value_or(""); };
  GcpCredential c;
  c.type_name = text_of("type");
  if (c.type_name == "service_account") {
    c.type = GcpCredentialType::service_account;
  } else if (c.type_name == "authorized_user") {
    c.type = GcpCredentialType::authorized_user;
  }
  c.client_email = text_of("client_email");
  c.private_key = text_of("private_key");
  c.private_key_id = text_of("private_key_id");
  c.project_id = text_of("project_id");
  c.client_id = text_of("client_id");
  c.client_secret = text_of("client_secret");
  c.refresh_token = text_of("refresh_token");
  c.quota_project_id = text_of("quota_project_id");
  c.token_uri = text_of("token_uri");
  c.universe_domain = text_of("universe_domain");
  return c;
}

bool is_google_token_uri(std::string_view uri) {
  auto url = parse_url(uri);
  if (!url || url->scheme != "https" || (url->port != 0 && url->port != 443) ||
      !url->query.empty()) {
    return false;
  }
  return (url->host == "oauth2.googleapis.com" && url->path == "/token") ||
         (url->host == "accounts.google.com" && url->path == "/o/oauth2/token") ||
         (url->host == "www.googleapis.com" && url->path == "/oauth2/v4/token");
}

}  // namespace credprobe
