#include "credprobe/aws/quota_codes.hpp"

#include "credprobe/aws/aws_partition.hpp"

namespace credprobe {

namespace {

// Letter prefix -> index into ec2_vcpu_quotas(). The standard quota also covers the I family's
// storage variants (im4gn, is4gen) and G covers gr6, whose prefixes are longer than one letter.
struct FamilyRow {
  const char* prefix;
  int quota;
};
constexpr FamilyRow kFamilies[] = {
    {"a", 0},  {"c", 0},   {"d", 0}, {"h", 0}, {"i", 0},  {"im", 0},  {"is", 0},
    {"m", 0},  {"r", 0},   {"t", 0}, {"z", 0}, {"f", 1},  {"g", 2},   {"gr", 2},
    {"vt", 2}, {"inf", 3}, {"p", 4}, {"x", 5}, {"dl", 6}, {"trn", 7}, {"hpc", 8},
};

}  // namespace

// A function-local constant, built once: the table is data, not state.
constexpr Ec2VcpuQuota kEc2VcpuQuotas[] = {
    {"A, C, D, H, I, M, R, T, Z", "L-1216C47A",
     "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"},
    {"F", "L-74FC7D96", "Running On-Demand F instances"},
    {"G, VT", "L-DB2E81BA", "Running On-Demand G and VT instances"},
    {"Inf", "L-1945791B", "Running On-Demand Inf instances"},
    {"P", "L-417A185B", "Running On-Demand P instances"},
    {"X", "L-7295265B", "Running On-Demand X instances"},
    {"DL", "L-6E869C2A", "Running On-Demand DL instances"},
    {"Trn", "L-2C3B7624", "Running On-Demand Trn instances"},
    {"HPC", "L-F7808C92", "Running On-Demand HPC instances"},
};

Table<Ec2VcpuQuota> ec2_vcpu_quotas() {
  return kEc2VcpuQuotas;
}

std::string ec2_family_prefix(std::string_view instance_type) {
  std::string prefix;
  for (char c : instance_type) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') break;
    prefix += c;
  }
  const size_t dot = instance_type.find('.');
  const bool has_digit =
      prefix.size() < instance_type.size() && instance_type[prefix.size()] >= '0' &&
      instance_type[prefix.size()] <= '9' && (dot == std::string_view::npos || prefix.size() < dot);
  return has_digit ? prefix : std::string();
}

std::optional<Ec2VcpuQuota> ec2_vcpu_quota_for(std::string_view instance_type) {
  const std::string prefix = ec2_family_prefix(instance_type);
  for (const auto& row : kFamilies) {
    if (prefix == row.prefix) return ec2_vcpu_quotas()[static_cast<size_t>(row.quota)];
  }
  return std::nullopt;
}

std::string quota_increase_url(std::string_view region, std::string_view quota_code) {
  const std::string console = aws_partition_for_region(region).name == "aws-cn"
                                  ? "https://console.amazonaws.cn"
                              : aws_partition_for_region(region).name == "aws-us-gov"
                                  ? "https://console.amazonaws-us-gov.com"
                                  : "https://console.aws.amazon.com";
  return console + "/servicequotas/home/services/ec2/quotas/" + std::string(quota_code) +
         "?region=" + std::string(region);
}

}  // namespace credprobe
