// What the GCP credential probe hands to the readiness check after it: the access token Google
// granted. The check owns it and reads it; the probe writes it through a pointer, because
// readiness runs only after the probe's verdict, and the verdict never carries a token.
#pragma once

#include <string>

namespace credprobe {

struct GcpGrant {
  std::string access_token;  // empty until Google granted one
};

// The scope the JWT asks for with readiness: Compute Engine's methods accept neither
// cloud-platform.read-only nor any other read-only scope of Google's but compute.readonly
// (the Compute v1 discovery document lists cloud-platform, compute and compute.readonly for
// machineTypes.get, regions.get and projects.get), while Cloud Resource Manager's get and
// testIamPermissions accept cloud-platform.read-only.
inline constexpr const char* kComputeReadOnlyScope =
    "https://www.googleapis.com/auth/compute.readonly";

}  // namespace credprobe
