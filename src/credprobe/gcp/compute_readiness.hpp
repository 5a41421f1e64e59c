// Google Cloud readiness: will one VM of `gcp_instance_type` launch in `gcp_zone` with this
// credential? After a valid verdict (a token granted, the project read), read-only, with the
// token the probe obtained: the machine type in the zone (compute.machineTypes.get: 404 is not
// offered, SERVICE_DISABLED is the API never enabled), the region's vCPU and GPU quotas
// (compute.regions.get) and the project's GPUS_ALL_REGIONS (compute.projects.get, for types
// with GPUs), and the permissions a launch needs (projects.testIamPermissions). Every answer is
// classified through the table in compute_answers.hpp.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/gcp/gcp_grant.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

inline constexpr const char* kGcpInstanceTypeField = "gcp_instance_type";
inline constexpr const char* kGcpZoneField = "gcp_zone";
inline constexpr const char* kGcpRegionField = "gcp_region";
// Clustrix's default zone.
inline constexpr const char* kGcpDefaultZone = "us-central1-a";

// Null when `gcp_instance_type` is not given: the check is the credential check alone.
std::unique_ptr<ReadinessCheck> make_compute_readiness(const Fields& fields,
                                                       const CheckContext& context,
                                                       std::unique_ptr<const GcpGrant> grant);

// The region of a zone: "us-central1-a" -> "us-central1"; the text itself when it has no '-'.
std::string gcp_region_of_zone(std::string_view zone);

}  // namespace credprobe
