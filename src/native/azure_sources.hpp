// Azure-specific credential discovery for the CLI, beyond each field's env_vars.
#pragma once

#include "native/credential_sources.hpp"

namespace credprobe::native {

// AZURE_AUTHORITY_HOST (azure-identity's variable) selects the cloud whose login host it names.
// Any other host is not trusted as a destination for the secret: a note says to pass
// --endpoint login=URL instead. Does nothing for other providers.
void discover_azure_sources(const ProviderSpec& provider, const Environment& env,
                            const SourceOptions& options, Discovery& discovery);

}  // namespace credprobe::native
