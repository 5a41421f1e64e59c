// Azure: service principals with client secrets, proven by Entra ID's client-credentials grant
// and the subscriptions Resource Manager lets the principal see.
#pragma once

#include "credprobe/registry.hpp"

namespace credprobe {

ProviderSpec azure_provider();

}  // namespace credprobe
