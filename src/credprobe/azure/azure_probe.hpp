// The Azure probe, least privilege first:
//   1. GET {login}/{tenant}/v2.0/.well-known/openid-configuration: the tenant exists in this
//      cloud (nothing secret is sent);
//   2. POST {login}/{tenant}/oauth2/v2.0/token, client-credentials grant for the cloud's
//      Resource Manager: Entra ID accepts or names what is wrong by its AADSTS code;
//   3. GET {management}/subscriptions?api-version=2022-12-01 with the token: the subscriptions
//      the principal can see, and whether the configured one is among them.
// With azure_instance_type, the readiness check (compute_readiness.hpp) follows a valid verdict,
// with the token step 2 was granted.
#pragma once

#include <memory>

#include "credprobe/azure/compute_readiness.hpp"
#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

// The credential check, then readiness when azure_instance_type is given.
std::unique_ptr<Probe> make_azure_probe(const Fields& fields, const CheckContext& context);

// The credential check alone; it writes the access token into `granted` (may be null) when Entra
// ID grants it.
std::unique_ptr<Probe> make_azure_credential_probe(const Fields& fields,
                                                   const CheckContext& context,
                                                   AzureGrantedToken* granted);

}  // namespace credprobe
