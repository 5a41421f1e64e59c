// Where a Google credential's token request may go. A key file's token_uri (and universe_domain)
// is data from the credential, not a trusted destination: a signed assertion or refresh token
// goes to Google's own token endpoint, or to an endpoint the user set explicitly.
#pragma once

#include <string>

#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

struct TokenDestination {
  std::string url;       // where the token request is POSTed
  std::string audience;  // the JWT's aud: the same URL
  std::string refusal;   // non-empty: nothing may be sent, and this says why
  std::string hint;
};

TokenDestination token_destination(const GcpCredential& credential, const Endpoints& endpoints);

}  // namespace credprobe
