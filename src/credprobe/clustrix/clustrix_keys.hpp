// What Clustrix itself accepts in a configuration (shared CLUSTRIX.md): the keys of its
// ClusterConfig, in one table. A file with any other key is refused by Clustrix, so the import
// reports it and a Clustrix export leaves such fields out (the registry's clustrix_key).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

// Every key of Clustrix's ClusterConfig, in its declaration order.
const std::vector<std::string>& clustrix_keys();
bool is_clustrix_key(std::string_view key);

// Another name Clustrix's notebook widget writes for a credprobe field ("aws_access_key" for
// "aws_access_key_id"), or "" when `key` is no such alias.
std::string_view clustrix_alias_of(std::string_view key);

// The cluster types Clustrix runs on that credprobe has no check for (schedulers, ssh hosts,
// kubernetes, the local machine): their profiles are listed as "not checked".
bool is_unchecked_cluster_type(std::string_view cluster_type);

// Clustrix's cluster_type when a configuration leaves it out.
inline constexpr const char* kClustrixDefaultClusterType = "slurm";

}  // namespace credprobe
