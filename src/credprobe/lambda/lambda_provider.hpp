// Lambda Cloud: API keys, proven with GET /api/v1/instances.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

ProviderSpec lambda_provider();

}  // namespace credprobe
