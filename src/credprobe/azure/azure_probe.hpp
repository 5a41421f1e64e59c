// The Azure probe, least privilege first:
//   1. GET {login}/{tenant}/v2.0/.well-known/openid-configuration: the tenant exists in this
//      cloud (nothing secret is sent);
//   2. POST {login}/{tenant}/oauth2/v2.0/token, client-credentials grant for the cloud's
//      Resource Manager: Entra ID accepts or names what is wrong by its AADSTS code;
//   3. GET {management}/subscriptions?api-version=2022-12-01 with the token: the subscriptions
//      the principal can see, and whether the configured one is among them.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

std::unique_ptr<Probe> make_azure_probe(const Fields& fields, const CheckContext& context);

}  // namespace credprobe
