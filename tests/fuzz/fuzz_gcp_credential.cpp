// Service-account and authorized_user credential files on any bytes, and where their token
// request would go.
#include <string_view>

#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/token_destination.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto credential = credprobe::read_gcp_credential(text)) {
    credprobe::Endpoints endpoints;
    endpoints.urls["token"] = "https://oauth2.googleapis.com/token";
    (void)credprobe::token_destination(*credential, endpoints);
    (void)credprobe::is_google_token_uri(credential->token_uri);
  }
  return 0;
}
