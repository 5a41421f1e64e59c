// Where Google's own libraries find credentials, in their order: the file
// GOOGLE_APPLICATION_CREDENTIALS names, then gcloud's application-default credentials file.
#pragma once

#include "native/credential_sources.hpp"

namespace credprobe::native {

// Fills gcp_service_account_key for the gcp provider (a no-op for every other provider).
// GOOGLE_APPLICATION_CREDENTIALS naming a file that cannot be read is reported in a note and
// does not fall back to the gcloud file: Google's libraries stop there too.
void discover_gcp_credentials(const ProviderSpec& provider, const Environment& env,
                              const SourceOptions& options, Discovery& discovery);

}  // namespace credprobe::native
