// AWS partitions and the STS endpoint of a region. A partition is a separate AWS (its own
// accounts, keys and DNS suffix): a key from one is unknown in the others.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

inline constexpr const char* kAwsDefaultRegion = "us-east-1";

struct AwsPartition {
  std::string name;        // "aws", "aws-cn", "aws-us-gov"
  std::string dns_suffix;  // "amazonaws.com", "amazonaws.com.cn"
};

// cn-* regions are aws-cn, us-gov-* are aws-us-gov, everything else is aws.
AwsPartition aws_partition_for_region(std::string_view region);

// "us-east-1", "cn-northwest-1", "us-gov-west-1", "ap-southeast-3": two letters, one or more
// lower-case words, a number, joined by '-'.
bool is_aws_region_name(std::string_view region);

// The isolated partitions (us-iso-*, us-isob-*, eu-isoe-*, ...) are reachable only from inside
// them; they have other DNS suffixes and credprobe does not know them.
bool is_isolated_region(std::string_view region);

// Every region credprobe knows in the aws, aws-cn and aws-us-gov partitions: the relays reach
// STS only at these (a wildcard label would admit sts.s3.amazonaws.com and any other name).
// A new region is one line here.
const std::vector<std::string_view>& aws_region_names();

// `service`.{region}.{partition suffix} for every known region ("ec2", "servicequotas"): the
// hosts a relay may reach for a regional service, never a wildcard label.
std::vector<std::string> aws_regional_hosts(std::string_view service);

// The STS host of every known region, plus the global sts.amazonaws.com.
std::vector<std::string> aws_sts_hosts();

// https://sts.{region}.{partition suffix}, STS's regional endpoint.
std::string sts_regional_url(std::string_view region);

}  // namespace credprobe
