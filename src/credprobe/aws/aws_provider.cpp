#include "credprobe/aws/aws_provider.hpp"

#include "credprobe/aws/aws_lint.hpp"
#include "credprobe/aws/aws_partition.hpp"
#include "credprobe/aws/sts_answers.hpp"
#include "credprobe/aws/sts_probe.hpp"

namespace credprobe {

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
  sts.hosts = {"sts.amazonaws.com", "sts.*.amazonaws.com", "sts.*.amazonaws.com.cn"};
  p.endpoints = {sts};
  p.options = {
      {kAwsStsMethodOption,
       "Which GetCallerIdentity request to send: GET, presigned in the query string (the "
       "default; CORS-simple, so browsers send no preflight), or POST, signed in headers as the "
       "AWS SDKs send it (for networks that refuse presigned URLs).",
       {"GET", "POST"},
       "GET"},
  };

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
  p.answers = aws_answer_table;
  p.lint = lint_aws;
  p.make_probe = make_sts_probe;
  return p;
}

}  // namespace credprobe
