// Which Compute Engine quota metrics limit one VM of a machine type, and which IAM permissions
// launching one needs: data, so the docs list it and a test replays every row.
//
// Metric names are those of the Compute Engine v1 `Quota.metric` enum (the discovery document's
// schema, revision 20261106): regions.get lists each regional metric with its limit and usage,
// projects.get the project-wide ones (GPUS_ALL_REGIONS).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

namespace credprobe {

// A machine series that Compute Engine counts in a vCPU metric of its own.
struct GcpCpuMetric {
  std::string_view series;  // the machine type's prefix before its first '-': "n2", "c2d", "a2"
  std::string_view metric;  // "N2_CPUS"
};

// Every series with its own vCPU metric, in the docs' order. A series not listed here (e2, n1,
// f1, g1, g2, ...) counts in the regional CPUS metric.
Table<GcpCpuMetric> gcp_cpu_metrics();

// The series of a machine type: "g2-standard-8" -> "g2", "n2d-highmem-4" -> "n2d"; lower case.
std::string gcp_machine_series(std::string_view machine_type);

// The regional vCPU metric one VM of `machine_type` counts in: its series' own, else "CPUS".
std::string gcp_cpu_metric_for(std::string_view machine_type);

// An accelerator type (machineTypes.get's guestAcceleratorType) and its regional GPU metric.
struct GcpGpuMetric {
  std::string_view accelerator;  // "nvidia-l4"
  std::string_view metric;       // "NVIDIA_L4_GPUS"
};
Table<GcpGpuMetric> gcp_gpu_metrics();
std::optional<std::string> gcp_gpu_metric_for(std::string_view accelerator);

// The project-wide GPU metric every GPU counts in, whatever its model and region (0 in new
// projects).
inline constexpr const char* kGcpGpusAllRegions = "GPUS_ALL_REGIONS";

// One permission a VM launch needs, as testIamPermissions on the project is asked for it.
struct GcpLaunchPermission {
  std::string_view permission;  // "compute.instances.create"
  std::string_view
      why;  // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs: which part of the launch needs it
  // Whether the permission can only be granted on the project (or above). Those that may also be
  // granted on a narrower resource (a subnetwork, a Shared VPC host project, the service account
  // itself) are invisible to a project-level test: their absence there proves nothing.
  bool project_level = true;
};

// In the order they are asked for.
Table<GcpLaunchPermission> gcp_launch_permissions();

// The console page where quota increases are requested.
std::string gcp_quota_page(std::string_view project);

}  // namespace credprobe
