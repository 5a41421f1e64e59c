// Where the AWS CLI finds credentials and the region, in its order (botocore's credential chain,
// the part that holds static keys):
//   1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, unless --profile was given
//      (an explicit profile takes the environment's keys out of the chain);
//   2. the profile (--profile, else AWS_PROFILE, else "default") in the shared credentials file
//      (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials), section [NAME];
//   3. the same profile in the config file (AWS_CONFIG_FILE, else ~/.aws/config), section
//      [profile NAME] ([default] for the default profile).
// The key id, secret and token come together from the first of these that has a key id. The
// region: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region`.
// Profiles that get keys another way (role_arn, sso_*, credential_process) are not resolved: a
// note says so.
#pragma once

#include "native/credential_sources.hpp"

namespace credprobe::native {

// Does nothing for providers other than aws. Replaces what the generic field rule found for the
// aws fields, since AWS's precedence is per credential set, not per field.
// The profile to read (the CLI's --profile), as a SourceOptions setting.
inline constexpr const char* kAwsProfileSetting = "aws_profile";

void discover_aws_sources(const ProviderSpec& provider, const Environment& env,
                          const SourceOptions& options, Discovery& discovery);

}  // namespace credprobe::native
