// Lambda Cloud: API keys, proven with GET /api/v1/instances.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

// The Cloud API's base URL, also where keys are made (/api-keys).
inline constexpr const char* kLambdaApiUrl = "https://cloud.lambda.ai";

ProviderSpec lambda_provider();

}  // namespace credprobe
