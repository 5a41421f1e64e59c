#include "credprobe/aws/aws_provider.hpp"

#include "credprobe/aws/aws_lint.hpp"
#include "credprobe/aws/aws_partition.hpp"
#include "credprobe/aws/ec2_readiness.hpp"
#include "credprobe/aws/sts_answers.hpp"
#include "credprobe/aws/sts_probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

namespace {

// STS for the credential, then (with aws_instance_type) the EC2 readiness check.
std::unique_ptr<Probe> make_aws_probe(const Fields& fields, const CheckContext& context) {
  return with_readiness(make_sts_probe(fields, context), make_ec2_readiness(fields, context));
}

void add_readiness(ProviderSpec& p) {
  FieldSpec type;
  type.name = "aws_instance_type";
  type.label = "Instance type";
  type.kind = FieldKind::text;
  type.group = "Compute";
  type.help =
      "The EC2 instance type the configuration launches (Clustrix's aws_instance_type), e.g. "
      "g5.xlarge. When given, the check goes on to ask, read-only, whether one instance of it "
      "can launch in aws_region: offered there, within the On-Demand vCPU quota, allowed by a "
      "dry run.";
  p.fields.push_back(type);

  EndpointSpec ec2;
  ec2.name = "ec2";
  ec2.label = "Amazon EC2 (follows the region: https://ec2.REGION.amazonaws.com)";
  ec2.default_url = ec2_regional_url(kAwsDefaultRegion);
  // "The Amazon EC2 API supports cross-origin resource sharing (CORS)... allows the request from
  // any origin" (EC2 API reference, Cross-origin resource sharing support).
  ec2.browser_callable = true;
  ec2.hosts = aws_regional_hosts("ec2");
  ec2.readiness_only = true;
  EndpointSpec quotas;
  quotas.name = "servicequotas";
  quotas.label = "Service Quotas (follows the region: https://servicequotas.REGION.amazonaws.com)";
  quotas.default_url = servicequotas_regional_url(kAwsDefaultRegion);
  // Service Quotas documents no CORS support, and its JSON 1.1 requests (X-Amz-Target) always
  // need a preflight: browsers go through the relay.
  quotas.browser_callable = false;
  quotas.hosts = aws_regional_hosts("servicequotas");
  quotas.readiness_only = true;
  p.endpoints.push_back(ec2);
  p.endpoints.push_back(quotas);

  p.readiness_critical_path = 4;
}

}  // namespace

ProviderSpec aws_provider() {
  ProviderSpec p;
  p.id = "aws";
  p.display_name = "AWS";
  p.clustrix_type = "aws";
  p.summary =
      "Signs one STS GetCallerIdentity call with the key (SigV4, computed locally): it answers "
      "only to a valid key, needs no IAM permission, and names the account and principal.";

  FieldSpec key_id;
  key_id.name = "aws_access_key_id";
  key_id.label = "Access key ID";
  key_id.kind = FieldKind::text;
  key_id.required = true;
  key_id.env_vars = {"AWS_ACCESS_KEY_ID"};
  key_id.help =
      "20 characters: AKIA... for an IAM user's long-term key, ASIA... for temporary "
      "credentials. Also read from the profile (--profile, AWS_PROFILE, else default) in "
      "~/.aws/credentials and ~/.aws/config, as the AWS CLI does.";

  FieldSpec secret;
  secret.name = "aws_secret_access_key";
  secret.label = "Secret access key";
  secret.kind = FieldKind::secret;
  secret.required = true;
  secret.env_vars = {"AWS_SECRET_ACCESS_KEY"};
  secret.help =
      "40 characters, shown once when the key was created. Used only to sign the request "
      "locally; it is never sent.";

  FieldSpec token;
  token.name = "aws_session_token";
  token.label = "Session token";
  token.kind = FieldKind::secret;
  token.required = false;
  token.env_vars = {"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"};
  token.help = "Required with temporary (ASIA...) keys; leave empty for AKIA... keys.";

  FieldSpec region;
  region.name = "aws_region";
  region.label = "Region";
  region.kind = FieldKind::text;
  region.required = false;
  region.env_vars = {"AWS_REGION", "AWS_DEFAULT_REGION"};
  region.default_value = kAwsDefaultRegion;
  region.help =
      "The region whose STS endpoint is asked (default us-east-1). cn-* regions use the China "
      "partition (amazonaws.com.cn), us-gov-* ones GovCloud: keys work only in their own "
      "partition. Also read from the profile's `region` in ~/.aws/config.";
  p.fields = {key_id, secret, token, region};

  EndpointSpec sts;
  sts.name = "sts";
  sts.label = "AWS STS (follows the region: https://sts.REGION.amazonaws.com)";
  sts.default_url = sts_regional_url(kAwsDefaultRegion);
  // STS answers cross-origin requests with Access-Control-Allow-Origin: *, and the presigned GET
  // with Accept is a CORS-simple request: no preflight.
  sts.browser_callable = true;
  sts.hosts = aws_sts_hosts();  // one per known region: never a wildcard label
  p.endpoints = {sts};
  p.options = {
      {kAwsStsMethodOption,
       "Which GetCallerIdentity request to send: GET, presigned in the query string (the "
       "default; CORS-simple, so browsers send no preflight), or POST, signed in headers as the "
       "AWS SDKs send it (for networks that refuse presigned URLs).",
       {"GET", "POST"},
       "GET"},
  };

  p.answers = aws_answer_table;
  add_readiness(p);
  p.lint = lint_aws;
  p.make_probe = make_aws_probe;
  return p;
}

}  // namespace credprobe
