#include "credprobe/aws/aws_partition.hpp"

#include "credprobe/text.hpp"

namespace credprobe {

AwsPartition aws_partition_for_region(std::string_view region) {
  if (starts_with(region, "cn-")) return {"aws-cn", "amazonaws.com.cn"};
  if (starts_with(region, "us-gov-")) return {"aws-us-gov", "amazonaws.com"};
  return {"aws", "amazonaws.com"};
}

bool is_aws_region_name(std::string_view region) {
  // Split on '-': the first part is two letters, the last a number, the ones between words.
  std::size_t parts = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t dash = region.find('-', pos);
    std::string_view part =
        region.substr(pos, dash == std::string_view::npos ? std::string_view::npos : dash - pos);
    if (part.empty()) return false;
    const bool last = dash == std::string_view::npos;
    for (char c : part) {
      const bool letter = c >= 'a' && c <= 'z';
      const bool digit = c >= '0' && c <= '9';
      if (last ? !digit : !letter) return false;
    }
    if (parts == 0 && part.size() != 2) return false;
    ++parts;
    if (last) break;
    pos = dash + 1;
  }
  return parts >= 3;
}

bool is_isolated_region(std::string_view region) {
  std::size_t dash = region.find('-');
  if (dash == std::string_view::npos) return false;
  return starts_with(region.substr(dash + 1), "iso");
}

const std::vector<std::string_view>& aws_region_names() {
  static const std::vector<std::string_view> kRegions = {
      // aws
      "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1",
      "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
      "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
      "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
      // aws-cn
      "cn-north-1", "cn-northwest-1",
      // aws-us-gov
      "us-gov-east-1", "us-gov-west-1"};
  return kRegions;
}

std::vector<std::string> aws_regional_hosts(std::string_view service) {
  std::vector<std::string> hosts;
  for (std::string_view region : aws_region_names()) {
    hosts.push_back(std::string(service) + "." + std::string(region) + "." +
                    aws_partition_for_region(region).dns_suffix);
  }
  return hosts;
}

std::vector<std::string> aws_sts_hosts() {
  std::vector<std::string> hosts = {"sts.amazonaws.com"};
  for (std::string& host : aws_regional_hosts("sts")) hosts.push_back(std::move(host));
  return hosts;
}

std::string sts_regional_url(std::string_view region) {
  return "https://sts." + std::string(region) + "." + aws_partition_for_region(region).dns_suffix;
}

}  // namespace credprobe
