#include "credprobe/lambda/lambda_provider.hpp"

#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/lambda/instances_probe.hpp"
#include "credprobe/lambda/lambda_lint.hpp"

namespace credprobe {

ProviderSpec lambda_provider() {
  ProviderSpec p;
  p.id = "lambda";
  p.display_name = "Lambda Cloud";
  p.clustrix_type = "lambda_cloud";
  p.summary =
      "Lambda has no identity endpoint, so the key is proven with the smallest authenticated "
      "read: GET /api/v1/instances, which the API refuses without a valid key. It shows that the "
      "key authenticates and how many instances it can see.";

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

  p.requests = {{"GET", "api", "/api/v1/instances",
                 "the key, as `Authorization: Bearer`; nothing else. Of the answer only the "
                 "number of instances and each one's name, type, region and status are kept "
                 "(never their Jupyter tokens or URLs)"}};
  p.answers = lambda_answer_table;
  p.lint = lint_lambda;
  p.make_probe = make_lambda_instances_probe;
  return p;
}

}  // namespace credprobe
