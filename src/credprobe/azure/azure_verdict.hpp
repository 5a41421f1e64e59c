// From what the Azure probe learned to a verdict, once Entra ID granted a token: the identity the
// token proves, and what Resource Manager's subscriptions list says the principal reaches. The
// granted token proves the secret; these answers decide permissions, never the credential.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/token_claims.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

struct AzureGrantFacts {
  std::string tenant;       // as given: a GUID or a verified domain
  std::string tenant_guid;  // from the OpenID configuration's issuer, "" when unknown
  std::string client_id;
  std::string subscription;  // azure_subscription_id, "" when none was given
  std::string cloud;         // the cloud's name: "public", "usgovernment", "china"
  TokenClaims claims;        // decoded from the issued token (never verified)
  std::int64_t now = 0;
};

// The verdict after every subscriptions page that was read.
Verdict verdict_from_subscriptions(const AzureGrantFacts& facts,
                                   const std::vector<ArmSubscription>& subscriptions,
                                   bool more_pages_skipped);

// The verdict when the subscriptions could not be read (`what` says why): valid, with the
// subscriptions unknown in the permissions.
Verdict verdict_after_arm_failure(const AzureGrantFacts& facts, const std::string& what,
                                  const std::string& hint);

}  // namespace credprobe
