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

std::string sts_regional_url(std::string_view region) {
  return "https://sts." + std::string(region) + "." + aws_partition_for_region(region).dns_suffix;
}

}  // namespace credprobe
