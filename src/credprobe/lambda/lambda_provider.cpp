#include "credprobe/lambda/lambda_provider.hpp"

#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/lambda/instances_probe.hpp"
#include "credprobe/lambda/lambda_lint.hpp"
#include "credprobe/lambda/lambda_readiness.hpp"
#include "credprobe/lambda/readiness_answers.hpp"
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

  p.readiness_summary =
      "With `lambda_instance_type`, a valid key is asked, read-only, whether one instance of "
      "that type can launch now: it is one of Lambda's instance types, it has capacity now (in "
      "`lambda_region` when given, otherwise in any region), and an SSH key is registered (a "
      "launch names one). Nothing is created, changed or reserved: both requests are GETs. "
      "Lambda documents a limit of about one request per second for its API, so the check "
      "waits one second before each readiness request (a wait the driver performs, not a busy "
      "loop): the three requests are at least a second apart.";
  for (const auto& r : lambda_readiness_requests()) {
    std::string decides;
    for (const auto& id : r.requirements) decides += (decides.empty() ? "" : ", ") + id;
    p.readiness_requests.push_back({"GET", "api", r.path, "none (keys are not scoped)",
                                    "Decides " + decides + ". Sends " + r.sends});
  }
  for (const auto& row : lambda_readiness_rows()) {
    p.readiness_answers.push_back({row.request, row.answer,
                                   row.requirement == "*" ? "" : row.requirement,
                                   to_string(row.state), row.detail, row.hint});
  }
  p.readiness_critical_path = 3;
  p.readiness_rounds =
      "1. The instances list: the credential.\n2. The instance types, one second later, and 3. the "
      "SSH keys, one second after that: Lambda documents one request per second, so these are "
      "paced, not sent together.\n";
  p.readiness_notes =
      "\nCapacity is Lambda's `regions_with_capacity_available` for the type at the moment of "
      "the check; it changes minute to minute, so a met capacity is no reservation and an unmet "
      "one may clear soon. An unknown type name is answered with the closest names Lambda "
      "lists (edit distance, at most three). A 429 on the instance list stays `rate_limited` "
      "with its Retry-After; on a readiness request it makes that request's requirements "
      "`unknown`, with the Retry-After in the detail.\n";
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

  p.requests = {{"GET", "api", "/api/v1/instances",
                 "the key, as `Authorization: Bearer`; nothing else. Of the answer only the "
                 "number of instances and their names are kept (never their Jupyter tokens or "
                 "URLs)"}};
  p.answers = lambda_answer_table;
  p.lint = lint_lambda;
  p.make_probe = make_lambda_probe;
  add_readiness(p);
  return p;
}

}  // namespace credprobe
