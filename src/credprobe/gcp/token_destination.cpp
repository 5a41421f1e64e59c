#include "credprobe/gcp/token_destination.hpp"

#include "credprobe/url.hpp"

namespace credprobe {

TokenDestination token_destination(const GcpCredential& credential, const Endpoints& endpoints) {
  TokenDestination out;
  out.url = join_url(endpoints.url("token"), "/token");
  out.audience = out.url;
  if (endpoints.is_overridden("token")) return out;  // the user chose; the file does not

  if (!credential.universe_domain.empty() && credential.universe_domain != kGoogleUniverse) {
    out.refusal = "the credential is for the universe \"" +
                  credential.universe_domain.substr(0, 80) +
                  "\", not googleapis.com; it is not sent to Google's public token endpoint";
    out.hint =
        "Set the endpoints of that universe explicitly: --endpoint token=URL --endpoint "
        "resourcemanager=URL.";
    return out;
  }
  if (!credential.token_uri.empty() && !is_google_token_uri(credential.token_uri)) {
    auto url = parse_url(credential.token_uri);
    out.refusal =
        "the key's token_uri " +
        (url ? "points at " + url->host_and_port() : std::string("is not an http(s) URL")) +
        ", which is not Google's token endpoint; a signed assertion is sent only to "
        "Google unless you set the token endpoint yourself";
    out.hint =
        "A key file downloaded from Google names https://oauth2.googleapis.com/token. If this "
        "key is for a test or private deployment, run with --endpoint token=URL; otherwise "
        "download a fresh key.";
  }
  return out;
}

}  // namespace credprobe
