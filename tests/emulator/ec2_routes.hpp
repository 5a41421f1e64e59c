// EC2 and Service Quotas for the emulator, behind the same "/" as STS (aws_routes.cpp verifies
// the SigV4 signature, then hands over the authenticated caller): DescribeInstanceTypeOfferings,
// DescribeInstanceTypes, DescribeImages and RunInstances (dry runs only; nothing is ever
// launched) in EC2's query protocol and XML, and GetServiceQuota in Service Quotas' JSON 1.1.
#pragma once

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

// Fixtures, under "aws":
//   "ec2": {
//     "offerings": {"us-west-2": ["g5.xlarge", ...]},      types offered per region
//     "instance_types": {"g5.xlarge": {"vcpus": 4, "architectures": ["x86_64"]}},
//     "images": {"us-west-2": [{"image_id", "name", "architecture", "creation_date"}]},
//     "quotas": {"L-DB2E81BA": 64}                          every account's default values
//   }
// and per principal (aws.principals[i]):
//   "deny": ["ec2:RunInstances", "servicequotas:GetServiceQuota", ...]   actions its policy
//                                                                          does not allow
//   "quotas": {"L-DB2E81BA": 0}                                            this account's values
struct Ec2Config {
  nlohmann::json offerings = nlohmann::json::object();
  nlohmann::json instance_types = nlohmann::json::object();
  nlohmann::json images = nlohmann::json::object();
  nlohmann::json quotas = nlohmann::json::object();
};

std::shared_ptr<const Ec2Config> load_ec2_config(const nlohmann::json& fixtures);

// Who signed the request, as aws_routes.cpp proved it.
struct AwsCaller {
  const nlohmann::json* fixture = nullptr;  // the principal's fixture entry
  std::string arn;
  std::string account;
  std::string region;  // from the credential scope
};

using AwsParams = std::vector<std::pair<std::string, std::string>>;

bool is_ec2_action(const std::string& action);
bool caller_may(const AwsCaller& caller, const std::string& permission);

// Answers in EC2's shape: <Response><Errors><Error><Code/><Message/></Error></Errors>.
void ec2_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message);
void serve_ec2(const Ec2Config& config, const AwsCaller& caller, const AwsParams& params,
               httplib::Response& res);

// Service Quotas (JSON 1.1): {"__type": code, "Message": ...} and x-amzn-ErrorType.
void service_quotas_error(httplib::Response& res, int status, const std::string& code,
                          const std::string& message);
void serve_service_quotas(const Ec2Config& config, const AwsCaller& caller,
                          const httplib::Request& req, httplib::Response& res);

// The emulator's encoded authorization message (opaque to callers, as AWS's are) and its
// decoding, for sts:DecodeAuthorizationMessage.
std::string encode_authorization_message(const nlohmann::json& message);
std::optional<std::string> decode_authorization_message(const std::string& encoded);
