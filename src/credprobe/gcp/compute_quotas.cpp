#include "credprobe/gcp/compute_quotas.hpp"

#include "credprobe/crypto/encoding.hpp"

namespace credprobe {

// The series whose vCPUs Compute Engine counts apart from CPUS (the `*_CPUS` members of
// Quota.metric that are neither COMMITTED_ nor PREEMPTIBLE_ nor CPUS_ALL_REGIONS). E2_CPUS is
// left out: E2 VMs count in CPUS, the metric Google's quota pages name for them.
constexpr GcpCpuMetric kGcpCpuMetrics[] = {
    {"n2", "N2_CPUS"}, {"n2d", "N2D_CPUS"}, {"c2", "C2_CPUS"},   {"c2d", "C2D_CPUS"},
    {"c3", "C3_CPUS"}, {"a2", "A2_CPUS"},   {"m1", "M1_CPUS"},   {"m2", "M2_CPUS"},
    {"m3", "M3_CPUS"}, {"t2d", "T2D_CPUS"}, {"t2a", "T2A_CPUS"},
};

Table<GcpCpuMetric> gcp_cpu_metrics() {
  return kGcpCpuMetrics;
}

std::string gcp_machine_series(std::string_view machine_type) {
  std::string series;
  for (char c : machine_type.substr(0, machine_type.find('-'))) {
    series += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return series;
}

std::string gcp_cpu_metric_for(std::string_view machine_type) {
  const std::string series = gcp_machine_series(machine_type);
  for (const auto& m : gcp_cpu_metrics()) {
    if (m.series == series) return std::string(m.metric);
  }
  return "CPUS";
}

// Accelerator type names as machineTypes.get and acceleratorTypes.list give them; the metrics
// are the Quota.metric members of the same GPU.
constexpr GcpGpuMetric kGcpGpuMetrics[] = {
    {"nvidia-l4", "NVIDIA_L4_GPUS"},
    {"nvidia-tesla-t4", "NVIDIA_T4_GPUS"},
    {"nvidia-tesla-t4-vws", "NVIDIA_T4_VWS_GPUS"},
    {"nvidia-tesla-a100", "NVIDIA_A100_GPUS"},
    {"nvidia-a100-80gb", "NVIDIA_A100_80GB_GPUS"},
    {"nvidia-h100-80gb", "NVIDIA_H100_GPUS"},
    {"nvidia-tesla-v100", "NVIDIA_V100_GPUS"},
    {"nvidia-tesla-p100", "NVIDIA_P100_GPUS"},
    {"nvidia-tesla-p100-vws", "NVIDIA_P100_VWS_GPUS"},
    {"nvidia-tesla-p4", "NVIDIA_P4_GPUS"},
    {"nvidia-tesla-p4-vws", "NVIDIA_P4_VWS_GPUS"},
    {"nvidia-tesla-k80", "NVIDIA_K80_GPUS"},
};

Table<GcpGpuMetric> gcp_gpu_metrics() {
  return kGcpGpuMetrics;
}

std::optional<std::string> gcp_gpu_metric_for(std::string_view accelerator) {
  for (const auto& m : gcp_gpu_metrics()) {
    if (m.accelerator == accelerator) return std::string(m.metric);
  }
  return std::nullopt;
}

// What `instances.insert` checks for a VM as Clustrix and `gcloud compute instances create`
// make one: a boot disk created from a public image, a NIC on a subnetwork with an external
// address, metadata (SSH keys, startup script) and the default service account attached
// (Compute Engine's "Create a VM instance" page, "Required roles": the permissions of
// roles/compute.instanceAdmin.v1 and roles/iam.serviceAccountUser it lists).
constexpr GcpLaunchPermission kGcpLaunchPermissions[] = {
    {"compute.instances.create", CREDPROBE_DOC_TEXT("creating the VM"), true},
    {"compute.disks.create", CREDPROBE_DOC_TEXT("creating its boot disk with it"), true},
    {"compute.instances.setMetadata",
     CREDPROBE_DOC_TEXT("setting its metadata (SSH keys, startup script)"), true},
    {"compute.instances.setServiceAccount", CREDPROBE_DOC_TEXT("attaching a service account to it"),
     true},
    {"compute.subnetworks.use", CREDPROBE_DOC_TEXT("placing its network interface on a subnetwork"),
     false},
    {"compute.subnetworks.useExternalIp", CREDPROBE_DOC_TEXT("giving it an external IP address"),
     false},
    {"iam.serviceAccounts.actAs", CREDPROBE_DOC_TEXT("running it as the attached service account"),
     false},
};

Table<GcpLaunchPermission> gcp_launch_permissions() {
  return kGcpLaunchPermissions;
}

std::string gcp_quota_page(std::string_view project) {
  return "https://console.cloud.google.com/iam-admin/quotas?project=" + uri_encode(project);
}

}  // namespace credprobe
