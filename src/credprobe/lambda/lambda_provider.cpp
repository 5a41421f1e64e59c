#include "credprobe/lambda/lambda_provider.hpp"

#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/lambda/instances_probe.hpp"
#include "credprobe/lambda/lambda_lint.hpp"
#include "credprobe/lambda/lambda_readiness.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

namespace {

// The instance list for the key, then (with lambda_instance_type) the readiness check.
std::unique_ptr<Probe> make_lambda_probe(const Fields& fields, const CheckContext& context) {
  return with_readiness(make_lambda_instances_probe(fields, context),
                        make_lambda_readiness(fields, context));
}

void add_readiness(ProviderSpec& p) {
  FieldSpec type;
  type.name = "lambda_instance_type";
  type.label = "Instance type";
  type.kind = FieldKind::text;
  type.group = "Compute";
  type.help =
      "The Lambda Cloud instance type the configuration launches (Clustrix's "
      "lambda_instance_type), e.g. gpu_1x_a100_sxm4. When given, the check goes on to ask, "
      "read-only, whether it is an instance type, whether it has capacity now (in lambda_region "
      "when given) and whether an SSH key is registered.";
  FieldSpec region;
  region.name = "lambda_region";
  region.label = "Region";
  region.kind = FieldKind::text;
  region.group = "Compute";
  region.help =
      "Optional: the Lambda Cloud region to launch in, e.g. us-east-1. Capacity is then checked "
      "there; without it, in any region. Not a Clustrix key: an export leaves it out and says "
      "so.";
  p.fields.push_back(type);
  p.fields.push_back(region);

  p.readiness_critical_path = 3;
}

}  // namespace

ProviderSpec lambda_provider() {
  ProviderSpec p;
  p.id = "lambda";
  p.display_name = "Lambda Cloud";
  p.clustrix_type = "lambda_cloud";
  p.summary =
      "Lambda has no identity endpoint, so the key is proven with the smallest authenticated "
      "read: GET /api/v1/instances, which the API refuses without a valid key. It shows that the "
      "key authenticates and which instances are running.";

  FieldSpec key;
  key.name = "lambda_api_key";
  key.label = "API key";
  key.kind = FieldKind::secret;
  key.required = true;
  key.env_vars = {"LAMBDA_API_KEY"};
  key.help =
      "A Cloud API key from https://cloud.lambda.ai/api-keys, shown once when it is created; "
      "it usually looks like `secret_<name>_<hex>.<random>`. Lambda API keys are not scoped: a "
      "key that works has full access to the account.";
  p.fields = {key};

  EndpointSpec api;
  api.name = "api";
  api.label = "Lambda Cloud API";
  api.default_url = kLambdaApiUrl;
  // Not shown to answer cross-origin requests: assume browsers are refused until shown
  // otherwise, so the page routes the probe through a relay.
  api.browser_callable = false;
  api.hosts = {"cloud.lambda.ai", "cloud.lambdalabs.com"};  // the second is the older name
  p.endpoints = {api};

  p.answers = lambda_answer_table;
  p.lint = lint_lambda;
  p.make_probe = make_lambda_probe;
  add_readiness(p);
  return p;
}

}  // namespace credprobe
