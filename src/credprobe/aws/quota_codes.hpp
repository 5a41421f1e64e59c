// Which Service Quotas quota limits the On-Demand vCPUs of an EC2 instance family. AWS groups
// families into a few vCPU quotas per region (EC2 User Guide, "On-Demand Instance quotas"); the
// table is data so the docs list it and a test replays every row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

namespace credprobe {

struct Ec2VcpuQuota {
  std::string_view
      families;           // the letter prefixes this quota covers, as the docs list them: "G, VT"
  std::string_view code;  // Service Quotas quota code, service code "ec2": "L-DB2E81BA"
  std::string_view name;  // "Running On-Demand G and VT instances"
};

// Every On-Demand vCPU quota credprobe knows, in the docs' order.
Table<Ec2VcpuQuota> ec2_vcpu_quotas();

// The family prefix of an instance type: the letters before the first digit of its first part
// ("g5.xlarge" -> "g", "inf2.xlarge" -> "inf", "im4gn.large" -> "im"); empty when there is none.
std::string ec2_family_prefix(std::string_view instance_type);

// The quota for an instance type, or nullopt for families outside the table (u-*, mac*: high
// memory and Mac instances are counted per instance or per host, not in vCPUs).
std::optional<Ec2VcpuQuota> ec2_vcpu_quota_for(std::string_view instance_type);

// The Service Quotas console page where a quota increase is requested.
std::string quota_increase_url(std::string_view region, std::string_view quota_code);

}  // namespace credprobe
