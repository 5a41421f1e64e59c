// A Google credential file (a service-account key, or a gcloud ADC authorized_user file) read
// into plain values. Reading never fails loudly: what is missing is left empty, and the lint
// says what is wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

enum class GcpCredentialType {
  service_account,
  authorized_user,
  other,  // external_account, impersonated_service_account, unknown or missing type
};

struct GcpCredential {
  GcpCredentialType type = GcpCredentialType::other;
  std::string type_name;  // the file's "type", as written
  // service_account
  std::string client_email;
  std::string private_key;  // PEM, as decoded from the JSON string
  std::string private_key_id;
  std::string project_id;
  // authorized_user
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
  std::string quota_project_id;
  // URLs and domains found inside the file: never a destination unless they are Google's own.
  std::string token_uri;
  std::string universe_domain;
};

// nullopt when the text is not a JSON object.
std::optional<GcpCredential> read_gcp_credential(std::string_view text);

inline constexpr const char* kGoogleUniverse = "googleapis.com";
inline constexpr const char* kReadOnlyScope =
    "https://www.googleapis.com/auth/cloud-platform.read-only";

// Whether a token_uri found in a key file is Google's own token endpoint: the current one or the
// older addresses key files were written with.
bool is_google_token_uri(std::string_view uri);

}  // namespace credprobe
