// Shared by the test_gcp_*.cpp cases: the RFC 7515 A.2 RSA key (published, not a secret) read
// from the shared vectors, and service-account key files built around it.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace gcp_test {

inline const nlohmann::json& rfc7515_a2() {
  static const nlohmann::json vector = [] {
    std::ifstream file(CREDPROBE_VECTORS_DIR "/jose/rfc7515-a2-rs256.json");
    std::stringstream text;
    text << file.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
  }();
  return vector;
}

inline std::string vector_text(const char* key) {
  const auto& v = rfc7515_a2();
  return v.is_object() && v.contains(key) ? v[key].get<std::string>() : std::string();
}

inline std::string pkcs8_pem() {
  return vector_text("private_key_pkcs8_pem");
}

inline const char* const kEmail = "probe@credprobe-test.iam.gserviceaccount.com";
inline const char* const kKeyId = "7c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9";
inline const char* const kProject = "credprobe-test";

// A complete service-account key file, as the console downloads it; `changes` is merged in
// (a null member removes that member).
inline nlohmann::json key_object(const nlohmann::json& changes = nlohmann::json::object()) {
  nlohmann::json key = {
      {"type", "service_account"},
      {"project_id", kProject},
      {"private_key_id", kKeyId},
      {"private_key", pkcs8_pem()},
      {"client_email", kEmail},
      {"client_id", "104857600000000000001"},
      {"auth_uri", "https://accounts.google.com/o/oauth2/auth"},
      {"token_uri", "https://oauth2.googleapis.com/token"},
      {"auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"},
      {"client_x509_cert_url",
       "https://www.googleapis.com/robot/v1/metadata/x509/"
       "probe%40credprobe-test.iam.gserviceaccount.com"},
      {"universe_domain", "googleapis.com"}};
  key.merge_patch(changes);
  return key;
}

inline std::string key_file(const nlohmann::json& changes = nlohmann::json::object()) {
  return key_object(changes).dump(2) + "\n";
}

inline std::string authorized_user_file(const nlohmann::json& changes = nlohmann::json::object()) {
  nlohmann::json file = {{"type", "authorized_user"},
                         {"client_id", "764086051850-emulated.apps.googleusercontent.com"},
                         {"client_secret", "emulated-client-secret-for-unit-tests"},
                         {"refresh_token", "1//0emulated-refresh-token-for-unit-tests"},
                         {"quota_project_id", kProject}};
  file.merge_patch(changes);
  return file.dump(2) + "\n";
}

}  // namespace gcp_test
