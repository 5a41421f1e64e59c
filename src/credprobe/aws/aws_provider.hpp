// AWS: an access key (and session token), proven with STS GetCallerIdentity.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

ProviderSpec aws_provider();

}  // namespace credprobe
