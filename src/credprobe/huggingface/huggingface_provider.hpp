// Hugging Face: user access tokens, proven with GET /api/whoami-v2.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

ProviderSpec huggingface_provider();

}  // namespace credprobe
