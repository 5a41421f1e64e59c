// Google Cloud: service-account keys (RS256 assertions signed by the platform) and gcloud
// application-default logins, proven with a token grant and a project read.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

ProviderSpec gcp_provider();

}  // namespace credprobe
