#include "credprobe/clustrix/clustrix_keys.hpp"

#include <algorithm>

namespace credprobe {

namespace {

// The fields of clustrix.config.ClusterConfig (Clustrix's load_config refuses any other key
// with "contains unknown setting(s)"). One string keeps the table small in the wasm.
constexpr const char* kKeys =
    "api_key username password key_file cluster_type cluster_host cluster_port k8s_namespace "
    "k8s_image k8s_service_account k8s_pull_policy k8s_job_ttl_seconds k8s_backoff_limit "
    "k8s_remote cloud_provider cloud_region cloud_auto_configure auto_provision_k8s "
    "k8s_provider k8s_from_scratch k8s_auto_cleanup k8s_cluster_name k8s_node_count "
    "k8s_node_type k8s_version k8s_region aws_profile aws_access_key_id aws_secret_access_key "
    "aws_access_key aws_secret_key aws_session_token aws_instance_type aws_cluster_type "
    "eks_cluster_name aws_region azure_subscription_id azure_resource_group azure_tenant_id "
    "azure_client_id azure_client_secret azure_instance_type aks_cluster_name azure_region "
    "gcp_project_id gcp_zone gcp_service_account_key gcp_instance_type gke_cluster_name "
    "gcp_region lambda_instance_type lambda_api_key hf_hardware hf_token hf_username hf_sdk "
    "hf_namespace hf_flavor hf_image hf_job_timeout hf_allow_gpu_flavors default_cores "
    "default_memory default_time default_partition default_queue remote_work_dir "
    "local_work_dir local_cache_dir conda_env_name python_executable package_manager "
    "auto_parallel auto_gpu_parallel max_parallel_jobs max_gpu_parallel_jobs job_poll_interval "
    "cleanup_on_success prefer_local_parallel local_parallel_threshold async_submit "
    "use_two_venv ssh_connect_timeout venv_setup_timeout cost_monitoring use_env_password "
    "password_env_var cache_credentials credential_cache_ttl ssh_port environment_variables "
    "module_loads pre_execution_commands replicate_local_environment excluded_packages "
    "cluster_packages venv_post_install_commands gpu_detection_enabled auto_gpu_packages "
    "cuda_version_preference gpu_memory_fraction prefer_gpu_execution gpu_requirements "
    "rapids_ecosystem venv_info";

// The widget's names, which Clustrix maps to boto3's (clustrix.field_mappings).
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"aws_access_key", "aws_access_key_id"},
    {"aws_secret_key", "aws_secret_access_key"},
};

constexpr std::string_view kUncheckedTypes[] = {"ssh", "slurm",      "pbs",
                                                "sge", "kubernetes", "local"};

std::vector<std::string> split_keys() {
  std::vector<std::string> keys;
  std::string_view rest = kKeys;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    keys.emplace_back(rest.substr(0, space));
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
  }
  return keys;
}

}  // namespace

const std::vector<std::string>& clustrix_keys() {
  // Immutable after its first use: a constant table, not state.
  static const std::vector<std::string> keys = split_keys();
  return keys;
}

bool is_clustrix_key(std::string_view key) {
  const auto& keys = clustrix_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string_view clustrix_alias_of(std::string_view key) {
  for (const auto& [alias, name] : kAliases) {
    if (alias == key) return name;
  }
  return {};
}

bool is_unchecked_cluster_type(std::string_view cluster_type) {
  return std::find(std::begin(kUncheckedTypes), std::end(kUncheckedTypes), cluster_type) !=
         std::end(kUncheckedTypes);
}

}  // namespace credprobe
