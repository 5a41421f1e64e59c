// The GCP probe. A service-account key: build the JWT, ask the driver to sign it (RS256), POST
// the jwt-bearer grant to Google's token endpoint. An authorized_user file: POST its refresh
// token. Then, with the access token, GET the project from Cloud Resource Manager v3: an
// answer that needs a token Google just granted, and that shows what the credential reaches.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/gcp/gcp_grant.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

// With a `grant`, the readiness check runs after the probe: the JWT also asks for the
// compute.readonly scope Compute Engine's reads need, and the granted token is written there.
std::unique_ptr<Probe> make_gcp_probe(const Fields& fields, const CheckContext& context,
                                      GcpGrant* grant = nullptr);

}  // namespace credprobe
