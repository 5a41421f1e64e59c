// AWS readiness: will one instance of `aws_instance_type` launch in `aws_region` with this key?
// After a valid STS verdict, read-only: the type is offered in the region
// (DescribeInstanceTypeOfferings), the family's On-Demand vCPU quota covers the type's vCPUs
// (DescribeInstanceTypes, Service Quotas GetServiceQuota), and the key may launch it (an
// Amazon-owned image from DescribeImages, then RunInstances with DryRun=true, and when refused,
// DecodeAuthorizationMessage if the key may call it). Every answer is classified through the
// table in ec2_answers.hpp.
//
// The image comes from ec2:DescribeImages (owner amazon) rather than the public SSM parameter
// /aws/service/ami-amazon-linux-latest/...: both are reads, but ssm:GetParameters is a permission
// compute policies rarely grant and SSM documents no CORS support, while DescribeImages is an EC2
// read in every EC2 read-only policy and EC2 answers browsers (EC2 API reference, "Cross-origin
// resource sharing support").
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

// Null when `aws_instance_type` is not given: the check is the credential check alone.
std::unique_ptr<ReadinessCheck> make_ec2_readiness(const Fields& fields,
                                                   const CheckContext& context);

// https://ec2.REGION.amazonaws.com and https://servicequotas.REGION.amazonaws.com (.com.cn in
// China).
std::string ec2_regional_url(std::string_view region);
std::string servicequotas_regional_url(std::string_view region);

}  // namespace credprobe
