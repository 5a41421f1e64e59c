#include "credprobe/aws/ec2_answers.hpp"

namespace credprobe {

constexpr ReadinessRequirementSpec kEc2Requirements[] = {
    {"instance_type_offered", "{type} is offered in {region}"},
    {"vcpu_quota", "the On-Demand vCPU quota covers one {type}"},
    {"launch_permission", "the key may launch {type} (dry run)"},
};

Table<ReadinessRequirementSpec> ec2_requirements() {
  return kEc2Requirements;
}

constexpr Ec2ReadinessRequest kEc2ReadinessRequests[] = {
    {"DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypeOfferings", "EC2", "ec2",
     "instance_type_offered", "POST",
     CREDPROBE_DOC_TEXT(
         "form body Action=DescribeInstanceTypeOfferings, LocationType=region, Filter "
         "instance-type=TYPE; signed with SigV4 in the Authorization header (the access key id and "
         "session token travel, the secret never does)")},
    {"DescribeInstanceTypes", "ec2:DescribeInstanceTypes", "EC2", "ec2", "vcpu_quota", "POST",
     CREDPROBE_DOC_TEXT(
         "form body Action=DescribeInstanceTypes, InstanceType.1=TYPE (for its default vCPUs and "
         "architecture); SigV4 as above")},
    {"GetServiceQuota", "servicequotas:GetServiceQuota", "Service Quotas", "servicequotas",
     "vcpu_quota", "POST",
     CREDPROBE_DOC_TEXT(
         "JSON 1.1 body {ServiceCode: ec2, QuotaCode: the family's On-Demand vCPU quota} with "
         "X-Amz-Target ServiceQuotasV20190624.GetServiceQuota; SigV4 as above")},
    {"DescribeImages", "ec2:DescribeImages", "EC2", "ec2", "launch_permission", "POST",
     CREDPROBE_DOC_TEXT(
         "form body Action=DescribeImages, Owner.1=amazon, Filter "
         "name=al2023-ami-2023.*-kernel-6.1-"
         "ARCH, state=available (an Amazon-owned image for the dry run); SigV4 as above")},
    {"RunInstances", "ec2:RunInstances", "EC2", "ec2", "launch_permission", "POST",
     CREDPROBE_DOC_TEXT(
         "form body Action=RunInstances, DryRun=true, ImageId, InstanceType=TYPE, MinCount=1, "
         "MaxCount=1: a dry run, which checks permissions and launches nothing; SigV4 as above")},
    {"DecodeAuthorizationMessage", "sts:DecodeAuthorizationMessage", "STS", "sts",
     "launch_permission", "POST",
     CREDPROBE_DOC_TEXT("only after RunInstances answered UnauthorizedOperation with an encoded "
                        "message: form body "
                        "Action=DecodeAuthorizationMessage, EncodedMessage; SigV4 as above")},
};

Table<Ec2ReadinessRequest> ec2_readiness_requests() {
  return kEc2ReadinessRequests;
}

const Ec2ReadinessRequest* ec2_readiness_request(std::string_view action) {
  for (const auto& r : ec2_readiness_requests()) {
    if (r.action == action) return &r;
  }
  return nullptr;
}

constexpr ReadinessAnswerRow kEc2AnswerRows[] = {
    // The instance type is offered in the region.
    {"DescribeInstanceTypeOfferings", "listed", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 whose offerings list the type"), "{region} offers {type}", ""},
    {"DescribeInstanceTypeOfferings", "not_listed", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose offerings do not list the type"),
     "{type} is not offered in {region}: the region's offerings do not list it",
     "Choose a region that offers {type}, or another instance type; the EC2 console's "
     "Instance types page shows where each type is offered."},
    // vCPUs of the type, then the family's quota.
    {"DescribeInstanceTypes", "described", 200, AnswerEffect::next,
     CREDPROBE_DOC_TEXT("200 describing the type (default vCPUs, architectures)"), "", ""},
    {"DescribeInstanceTypes", "InvalidInstanceType", 400, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("400 InvalidInstanceType"),
     "EC2 does not describe {type} in {region} ({code})", "Check the instance type's spelling."},
    {"GetServiceQuota", "no_quota_row", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the family has no On-Demand vCPU quota in credprobe's table"),
     "credprobe knows no On-Demand vCPU quota for the {family} family",
     "Check the quotas that apply to {type} in the Service Quotas console."},
    {"GetServiceQuota", "covers", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 whose Value is at least the vCPUs"),
     "quota {quota} vCPUs; {type} needs {vcpus} ({quota_name}, {quota_code} in {region}). "
     "Current usage is not in Service Quotas: instances already running count against it",
     ""},
    {"GetServiceQuota", "below", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose Value is below the vCPUs"),
     "quota {quota} vCPUs; {type} needs {vcpus} ({quota_name}, {quota_code} in {region})",
     "Request an increase of \"{quota_name}\" to at least {vcpus} vCPUs: {quota_url}"},
    {"GetServiceQuota", "NoSuchResourceException", 400, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("400 NoSuchResourceException"),
     "Service Quotas has no {quota_code} in {region} ({code})",
     "Check the quota in the Service Quotas console: {quota_url}"},
    // An Amazon-owned image, then the dry run.
    {"DescribeImages", "found", 200, AnswerEffect::next,
     CREDPROBE_DOC_TEXT("200 listing at least one image (the newest is used)"), "", ""},
    {"DescribeImages", "none", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 listing no image"),
     "no Amazon Linux 2023 image for {arch} was found in {region}, so no dry run was sent",
     "Try again; if it persists, check the region."},
    {"RunInstances", "DryRunOperation", 412, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("412 DryRunOperation"),
     "the dry run of one {type} answered DryRunOperation: the launch would be allowed", ""},
    {"RunInstances", "UnauthorizedOperation", 403, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("403 UnauthorizedOperation"),
     "the dry run of one {type} answered UnauthorizedOperation: ec2:RunInstances is not "
     "allowed",
     "Allow ec2:RunInstances for this key (on the instance, image, network interface, security "
     "group, subnet and volume resources)."},
    {"DecodeAuthorizationMessage", "decoded", 200, AnswerEffect::annotate,
     CREDPROBE_DOC_TEXT("200 with the decoded message"), "AWS's decoded reason: {reason}", ""},
    {"DecodeAuthorizationMessage", "*", 0, AnswerEffect::annotate,
     CREDPROBE_DOC_TEXT("any other answer (sts:DecodeAuthorizationMessage not allowed, ...)"),
     "the refusal carries an encoded authorization message, which this key may not decode "
     "({code})",
     "Someone allowed sts:DecodeAuthorizationMessage can read why: aws ec2 run-instances "
     "--dry-run --region {region} --instance-type {type} --image-id {image} prints the "
     "message, aws sts decode-authorization-message --encoded-message MESSAGE decodes it."},
    // Shared by every request.
    {"*", "not_offered", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not sent) the type is not offered in the region"),
     "not checked: {type} is not offered "
     "in {region}",
     ""},
    {"*", "denied", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("UnauthorizedOperation, AccessDenied or AccessDeniedException"),
     "the key may not call {permission} ({code}), so credprobe cannot tell",
     "Allow {permission} for this key so credprobe can tell."},
    {"*", "throttled", 0, AnswerEffect::unknown, CREDPROBE_DOC_TEXT("429, {throttling_codes}"),
     "{service} asked to slow down ({code}), so credprobe cannot tell",
     "Wait a minute and check again."},
    {"*", "no_answer", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("no answer (DNS, refused, timeout, CORS)"),
     "no answer from {host}: {error}",
     "Check the network; in a browser, the relay carries the endpoints that refuse pages."},
    {"*", "*", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("any other answer (5xx, unexpected bodies, ...)"),
     "{service} answered HTTP {status} ({code}) to {action}, which proves nothing either way",
     "Try again; the evidence shows the answer."},
};

Table<ReadinessAnswerRow> ec2_answer_rows() {
  return kEc2AnswerRows;
}

}  // namespace credprobe
