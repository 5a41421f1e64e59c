// AWS's documentation (docs/providers/aws.md, `credprobe providers`): the requests in
// prose, readiness's summary, rounds and notes. Native builds only: the wasm page never links it.
#include "docs/provider_docs.hpp"

#include "credprobe/aws/aws_error_codes.hpp"
#include "credprobe/aws/ec2_answers.hpp"
#include "credprobe/aws/quota_codes.hpp"
#include "credprobe/readiness_text.hpp"

namespace credprobe {

void document_aws(ProviderSpec& p) {
  p.requests = {
      {"GET", "sts", "/?Action=GetCallerIdentity&Version=2011-06-15",
       "the access key id, the session token if any, and a SigV4 signature (X-Amz-* query "
       "parameters, valid 15 minutes); the secret access key never leaves the machine. The "
       "default; CORS-simple, so browsers send no preflight"},
      {"POST", "sts", "/",
       "with `--option aws_sts_method=POST` instead of the GET: the same, as an Authorization "
       "header (and X-Amz-Security-Token), with the form body "
       "Action=GetCallerIdentity&Version=2011-06-15"},
  };

  p.answer_facts = {{"throttling_codes", aws_throttling_codes_listed("`")}};

  p.readiness_summary =
      "With `aws_instance_type`, a valid key is asked, read-only, whether one instance of that "
      "type can launch in `aws_region`: the type is offered there, the family's On-Demand vCPU "
      "quota covers its vCPUs, and a RunInstances dry run is allowed. Nothing is created, "
      "changed or reserved: every request is a read but the dry run, which AWS checks and "
      "discards. The image for the dry run is the newest Amazon Linux 2023 image from "
      "DescribeImages (owner amazon): an EC2 read that browsers may call, where the public SSM "
      "parameter would need ssm:GetParameters and SSM documents no CORS support.";
  for (const auto& r : ec2_readiness_requests()) {
    p.readiness_requests.push_back({std::string(r.method), std::string(r.endpoint),
                                    std::string(r.action), std::string(r.permission),
                                    std::string(r.sends)});
  }
  const std::string throttling_codes = aws_throttling_codes_listed("");
  for (const auto& row : ec2_answer_rows()) {
    std::string requirement;
    if (const auto* request = ec2_readiness_request(row.request))
      requirement = std::string(request->requirement);
    // The throttled row names the codes aws_error_codes lists, rather than a copy of them.
    std::string answer = fill_template(row.answer, {{"throttling_codes", throttling_codes}});
    p.readiness_answers.push_back({std::string(row.request), answer, requirement,
                                   to_string(row.effect), std::string(row.detail),
                                   std::string(row.hint)});
  }
  std::string notes =
      "\n### On-Demand vCPU quotas by family\n\nThe family is the letters before the first "
      "digit of the type (`g5.xlarge` -> `g`). Service code `ec2`; the quota's value is in "
      "vCPUs. Current usage is not in Service Quotas, so a met quota means one instance fits "
      "when nothing else of the family runs.\n\n| families | quota code | quota name |\n"
      "| --- | --- | --- |\n";
  for (const auto& q : ec2_vcpu_quotas()) {
    notes += "| " + std::string(q.families) + " | `" + std::string(q.code) + "` | " +
             std::string(q.name) + " |\n";
  }
  p.readiness_rounds =
      "1. `sts` GetCallerIdentity: the credential.\n2. DescribeInstanceTypeOfferings, "
      "DescribeInstanceTypes and GetServiceQuota, at once: each needs only the type and the "
      "region.\n3. DescribeImages: needs the architecture DescribeInstanceTypes names (sent while "
      "the quota's answer is read).\n4. RunInstances (dry run): needs the image.\n5. "
      "DecodeAuthorizationMessage, only when the dry run is denied with an encoded message (a "
      "fifth round then).\n";
  p.readiness_notes = notes;
}

}  // namespace credprobe
