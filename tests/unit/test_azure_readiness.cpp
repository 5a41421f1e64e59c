// Azure readiness against scripted answers: the requests it sends (every one a GET to Resource
// Manager with the granted token, on a read-only allow-list), the route from each answer to a
// requirement, `ready` and the exit code, the SKU skim and the RBAC wildcard matcher.
#include <catch2/catch.hpp>

#include <algorithm>

#include "credprobe/azure/arm_permissions.hpp"
#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/azure/compute_answers.hpp"
#include "credprobe/azure/resource_skus.hpp"
#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const std::string kClient = "4d856d1f-8648-456c-9bb2-f36273bbe4e3";
const std::string kSecret = "Abc8Q~xYz0123456789abcdefghijklmnopqrstu";
const std::string kSub = "8d65815f-a5b6-402f-9298-045155da7d74";
const std::string kSize = "Standard_NC4as_T4_v3";
const std::string kFamily = "standardNCASv3_T4Family";
constexpr std::int64_t kNow = 1764336000;

std::string access_token() {
  return base64url_encode(R"({"typ":"JWT","alg":"RS256"})") + "." +
         base64url_encode(R"({"aud":"https://management.azure.com/","appid":")" + kClient +
                          R"(","tid":")" + kTenant + R"(","idtyp":"app"})") +
         "." + base64url_encode("signature");
}

std::vector<HttpResult> credential() {
  return {
      http_answer(200, R"({"token_endpoint":"https://login.microsoftonline.com/)" + kTenant +
                           R"(/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/)" +
                           kTenant + R"(/v2.0"})"),
      http_answer(200, R"({"token_type":"Bearer","expires_in":3599,"access_token":")" +
                           access_token() + R"("})"),
      http_answer(200, R"({"value":[{"subscriptionId":")" + kSub +
                           R"(","displayName":"Production","state":"Enabled"}]})")};
}

std::string provider(const std::string& state) {
  return R"({"id":"/subscriptions/)" + kSub +
         R"(/providers/Microsoft.Compute","namespace":"Microsoft.Compute","registrationState":")" +
         state + R"(","registrationPolicy":"RegistrationRequired"})";
}

const std::string kGroup =
    R"({"id":"/subscriptions/x/resourceGroups/ml","name":"ml","type":"Microsoft.Resources/resourceGroups","location":"eastus","properties":{"provisioningState":"Succeeded"}})";

std::string sku_entry(const std::string& name, const std::string& restrictions = "[]",
                      const std::string& type = "virtualMachines") {
  return R"({"resourceType":")" + type + R"(","name":")" + name +
         R"(","tier":"Standard","size":"NC4as_T4_v3","family":")" + kFamily +
         R"(","locations":["eastus"],"locationInfo":[{"location":"eastus","zones":["1","2","3"]}],"capabilities":[{"name":"MaxResourceVolumeMB","value":"180224"},{"name":"vCPUs","value":"4"},{"name":"GPUs","value":"1"}],"restrictions":)" +
         restrictions + "}";
}

std::string skus(const std::vector<std::string>& entries, const std::string& next = "") {
  std::string body = R"({"value":[)";
  for (size_t i = 0; i < entries.size(); ++i) body += (i ? "," : "") + entries[i];
  body += "]";
  if (!next.empty()) body += R"(,"nextLink":")" + next + R"(")";
  return body + "}";
}

const std::string kNotAvailable =
    R"([{"type":"Location","values":["eastus"],"restrictionInfo":{"locations":["eastus"]},"reasonCode":"NotAvailableForSubscription"}])";

std::string usages(int family_current, int family_limit, int cores_current = 0,
                   int cores_limit = 100) {
  return R"({"value":[{"unit":"Count","currentValue":)" + std::to_string(cores_current) +
         R"(,"limit":)" + std::to_string(cores_limit) +
         R"(,"name":{"value":"cores","localizedValue":"Total Regional vCPUs"}},{"unit":"Count","currentValue":)" +
         std::to_string(family_current) + R"(,"limit":)" + std::to_string(family_limit) +
         R"(,"name":{"value":")" + kFamily +
         R"(","localizedValue":"Standard NCASv3_T4 Family vCPUs"}}]})";
}

std::string permissions(const std::string& actions, const std::string& not_actions = "[]") {
  return R"({"value":[{"actions":)" + actions + R"(,"notActions":)" + not_actions +
         R"(,"dataActions":[],"notDataActions":[]}]})";
}

const std::string kContributor = permissions(
    R"(["*"])",
    R"(["Microsoft.Authorization/*/Delete","Microsoft.Authorization/*/Write","Microsoft.Authorization/elevateAccess/Action"])");

std::string arm_error(const std::string& code, const std::string& message = "refused") {
  return R"({"error":{"code":")" + code + R"(","message":")" + message + R"("}})";
}

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
  int round_trips = 0;  // dependent rounds of requests (ScriptedDriver::round_trips)
};

Outcome run(std::vector<HttpResult> readiness, Fields extra = {},
            ScriptedDriver::Feed feed = ScriptedDriver::Feed::as_sent) {
  CheckRequest request;
  request.fields = {{"azure_tenant_id", kTenant},     {"azure_client_id", kClient},
                    {"azure_client_secret", kSecret}, {"azure_subscription_id", kSub},
                    {"azure_instance_type", kSize},   {"azure_region", "eastus"},
                    {"azure_resource_group", "ml"}};
  for (const auto& [k, v] : extra) request.fields[k] = v;
  request.now = kNow;
  auto prepared = prepare_check(azure_provider(), request);
  REQUIRE(prepared.probe);
  std::vector<HttpResult> script = credential();
  script.insert(script.end(), readiness.begin(), readiness.end());
  ScriptedDriver driver(std::move(script));
  driver.feed_order(feed);
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent(), driver.round_trips()};
}

std::vector<HttpResult> ready_script() {
  return {http_answer(200, provider("Registered")), http_answer(200, kGroup),
          http_answer(200, skus({sku_entry("Standard_D2s_v5"), sku_entry(kSize)})),
          http_answer(200, usages(0, 8)), http_answer(200, kContributor)};
}

const Requirement& requirement(const Verdict& v, const std::string& id) {
  REQUIRE(v.readiness);
  for (const auto& r : *v.readiness) {
    if (r.id == id) return r;
  }
  FAIL("no requirement " << id);
  return v.readiness->front();
}

std::vector<std::string> states(const Verdict& v) {
  std::vector<std::string> out;
  for (const auto& r : *v.readiness) out.push_back(r.id + "=" + to_string(r.state));
  return out;
}

const std::string kArm = "https://management.azure.com/subscriptions/" + kSub;

}  // namespace

TEST_CASE("azure readiness: registered, group, size, quota and roles: ready, in five GETs") {
  auto out = run(ready_script());
  CHECK(out.verdict.status == Status::valid);
  CHECK(ready(out.verdict) == Readiness::yes);
  CHECK(exit_code_for(out.verdict) == 0);
  REQUIRE(out.sent.size() == 8);
  CHECK(out.sent[3].request.url == kArm + "/providers/Microsoft.Compute?api-version=2021-04-01");
  CHECK(out.sent[4].request.url == kArm + "/resourcegroups/ml?api-version=2021-04-01");
  CHECK(out.sent[5].request.url == kArm +
                                       "/providers/Microsoft.Compute/skus?api-version=2021-07-01&"
                                       "$filter=location%20eq%20%27eastus%27");
  CHECK(out.sent[6].request.url ==
        kArm + "/providers/Microsoft.Compute/locations/eastus/usages?api-version=2024-07-01");
  CHECK(out.sent[7].request.url == kArm +
                                       "/resourcegroups/ml/providers/Microsoft.Authorization/"
                                       "permissions?api-version=2022-04-01");
  for (size_t i = 3; i < 8; ++i) {
    CHECK(out.sent[i].endpoint == "management");
    CHECK(find_header(out.sent[i].request.headers, "Authorization") == "Bearer " + access_token());
  }
  CHECK(states(out.verdict) == std::vector<std::string>{"compute_registered=met",
                                                        "resource_group=met", "size_offered=met",
                                                        "vcpu_quota=met", "launch_permission=met"});
  CHECK(requirement(out.verdict, "size_offered").label ==
        "Standard_NC4as_T4_v3 is offered to the subscription in eastus");
  CHECK(requirement(out.verdict, "size_offered").detail ==
        "eastus offers Standard_NC4as_T4_v3 to the subscription (4 vCPUs, family "
        "standardNCASv3_T4Family)");
  CHECK(requirement(out.verdict, "vcpu_quota").detail ==
        "Standard NCASv3_T4 Family vCPUs: 8 of 8 vCPUs free; Total Regional vCPUs: 100 of 100 "
        "free; Standard_NC4as_T4_v3 needs 4");
  CHECK(requirement(out.verdict, "resource_group").detail ==
        "resource group ml exists (in eastus)");
  // The session records every request, the credential's first; the token is never evidence.
  REQUIRE(out.verdict.evidence.size() == 8);
  CHECK(to_json(out.verdict).dump().find(access_token()) == std::string::npos);
}

TEST_CASE("azure readiness: the five reads go out at once; 4 round trips") {
  auto in_order = run(ready_script());
  // The tenant's configuration, the token, the subscriptions, then every read together.
  CHECK(in_order.round_trips == 4);
  CHECK(in_order.round_trips == azure_provider().readiness_critical_path);
  auto reversed = run(ready_script(), {}, ScriptedDriver::Feed::reversed);
  CHECK(to_json(reversed.verdict).dump() == to_json(in_order.verdict).dump());
  CHECK(ready(reversed.verdict) == Readiness::yes);
  auto full = ready_script();
  full[3] = http_answer(200, usages(8, 8));  // the family's quota is used up
  CHECK(requirement(run(full, {}, ScriptedDriver::Feed::reversed).verdict, "vcpu_quota").state ==
        RequirementState::unmet);
}

TEST_CASE("azure readiness: every request is a GET on the read-only allow-list") {
  // The longest path: every request, the SKU list and the permissions in two pages each. The
  // five reads go out at once (answered here in that order); each next page after its first.
  const std::string next_skus = kArm +
                                "/providers/Microsoft.Compute/skus?api-version=2021-07-01&"
                                "$skiptoken=abc";
  const std::string next_perms =
      kArm +
      "/resourcegroups/ml/providers/Microsoft.Authorization/permissions?api-version=2022-04-01"
      "&$skiptoken=def";
  auto out = run({http_answer(200, provider("Registered")), http_answer(200, kGroup),
                  http_answer(200, skus({sku_entry("Standard_D2s_v5")}, next_skus)),
                  http_answer(200, usages(0, 8)),
                  http_answer(200, R"({"value":[{"actions":["*/read"],"notActions":[]}],)"
                                   R"("nextLink":")" +
                                       next_perms + R"("})"),
                  http_answer(200, skus({sku_entry(kSize)})), http_answer(200, kContributor)});
  REQUIRE(out.sent.size() == 10);
  CHECK(out.sent[8].request.url == next_skus);
  CHECK(out.sent[9].request.url == next_perms);
  CHECK(ready(out.verdict) == Readiness::yes);
  // Resource Manager reads only: the path of each is one of these shapes (after the
  // subscription), with an api-version, and never a body.
  const std::vector<std::string> read_only = {
      "/providers/Microsoft.Compute?", "/resourcegroups/ml?", "/providers/Microsoft.Compute/skus?",
      "/providers/Microsoft.Compute/locations/eastus/usages?",
      "/resourcegroups/ml/providers/Microsoft.Authorization/permissions?"};
  for (size_t i = 3; i < out.sent.size(); ++i) {
    const HttpRequest& r = out.sent[i].request;
    INFO(r.url);
    CHECK(r.method == "GET");
    CHECK(r.body.empty());
    REQUIRE(r.url.rfind(kArm, 0) == 0);
    const std::string rest = r.url.substr(kArm.size());
    CHECK(std::any_of(read_only.begin(), read_only.end(),
                      [&](const std::string& p) { return rest.rfind(p, 0) == 0; }));
    CHECK(r.url.find("api-version=") != std::string::npos);
  }
  // The docs' request list is the same set, and every permission it names is a read.
  for (const auto& r : azure_compute_requests()) {
    INFO(r.name);
    CHECK(r.method == "GET");
    CHECK((r.permission.size() > 5 &&
           r.permission.compare(r.permission.size() - 5, 5, "/read") == 0));
  }
}

TEST_CASE("azure readiness: Microsoft.Compute not registered is unmet with the register hint") {
  for (const char* name : {"NotRegistered", "Unregistered"}) {
    const std::string state = name;
    INFO(state);
    // The SKUs and usages go out with the other reads; their answers (here a list that offers
    // the size, and room in its quota) are not read: Resource Manager lists none before
    // registration.
    auto out = run({http_answer(200, provider(state)), http_answer(200, kGroup),
                    http_answer(200, skus({sku_entry(kSize)})), http_answer(200, usages(0, 8)),
                    http_answer(200, kContributor)});
    const auto& r = requirement(out.verdict, "compute_registered");
    CHECK(r.state == RequirementState::unmet);
    CHECK(r.detail == "Microsoft.Compute is " + state + " in subscription " + kSub +
                          ": Azure refuses every VM there (MissingSubscriptionRegistration)");
    CHECK(r.hint ==
          "Register it (once per subscription): az provider register --namespace "
          "Microsoft.Compute --subscription " +
              kSub + ", or Subscriptions > Resource providers in the portal.");
    REQUIRE(out.sent.size() == 8);
    CHECK(requirement(out.verdict, "size_offered").detail ==
          "not checked: Microsoft.Compute is not registered in subscription " + kSub);
    CHECK(requirement(out.verdict, "launch_permission").state == RequirementState::met);
    CHECK(ready(out.verdict) == Readiness::no);
    CHECK(exit_code_for(out.verdict) == 3);
  }
}

TEST_CASE("azure readiness: Registering is unknown, and the other reads go on") {
  auto script = ready_script();
  script[0] = http_answer(200, provider("Registering"));
  auto out = run(script);
  CHECK(requirement(out.verdict, "compute_registered").state == RequirementState::unknown);
  CHECK(requirement(out.verdict, "compute_registered").hint ==
        "Registration takes a few minutes; check again when it says Registered.");
  CHECK(out.sent.size() == 8);
  CHECK(ready(out.verdict) == Readiness::unknown);
  CHECK(exit_code_for(out.verdict) == 4);
}

TEST_CASE("azure readiness: a missing resource group is unmet; its permissions are not read") {
  // The permissions went out with the other reads; their answer (all allowed) is not read.
  auto out = run({http_answer(200, provider("Registered")),
                  http_answer(404, arm_error("ResourceGroupNotFound",
                                             "Resource group 'ml' could not be found.")),
                  http_answer(200, skus({sku_entry(kSize)})), http_answer(200, usages(0, 8)),
                  http_answer(200, kContributor)});
  const auto& r = requirement(out.verdict, "resource_group");
  CHECK(r.state == RequirementState::unmet);
  CHECK(r.detail ==
        "resource group ml does not exist in subscription " + kSub + " (ResourceGroupNotFound)");
  CHECK(r.hint == "Create it (az group create --name ml --location eastus --subscription " + kSub +
                      ") or set azure_resource_group to an existing one.");
  CHECK(out.sent.size() == 8);
  CHECK(requirement(out.verdict, "launch_permission").detail ==
        "not checked: resource group ml does not exist");
  CHECK(exit_code_for(out.verdict) == 3);
  // The same code in a 500 proves nothing.
  auto odd = run({http_answer(200, provider("Registered")),
                  http_answer(500, arm_error("ResourceGroupNotFound")),
                  http_answer(200, skus({sku_entry(kSize)})), http_answer(200, usages(0, 8)),
                  http_answer(200, kContributor)});
  CHECK(requirement(odd.verdict, "resource_group").state == RequirementState::unknown);
}

TEST_CASE("azure readiness: a read denied is unknown, naming the permission; exit 4") {
  auto script = ready_script();
  script[1] = http_answer(403, arm_error("AuthorizationFailed",
                                         "The client does not have authorization to perform "
                                         "action 'Microsoft.Resources/subscriptions/"
                                         "resourceGroups/read'."));
  auto out = run(script);
  const auto& r = requirement(out.verdict, "resource_group");
  CHECK(r.state == RequirementState::unknown);
  CHECK(r.detail ==
        "the principal may not call Microsoft.Resources/subscriptions/resourceGroups/read "
        "(AuthorizationFailed), so credprobe cannot tell");
  CHECK(r.hint ==
        "Allow Microsoft.Resources/subscriptions/resourceGroups/read for the principal (the "
        "Reader role has it) so credprobe can tell.");
  CHECK(ready(out.verdict) == Readiness::unknown);
  CHECK(exit_code_for(out.verdict) == 4);
  CHECK(out.verdict.status == Status::valid);
}

TEST_CASE("azure readiness: throttled, 5xx and no answer are unknown; Retry-After is kept") {
  auto script = ready_script();
  script[3] = http_answer(429, arm_error("TooManyRequests"), {{"Retry-After", "17"}});
  script[4] = transport_failure(TransportError::timeout);
  auto out = run(script);
  CHECK(requirement(out.verdict, "vcpu_quota").detail ==
        "Resource Manager asked to slow down (TooManyRequests, Retry-After 17 s), so credprobe "
        "cannot tell");
  CHECK(requirement(out.verdict, "vcpu_quota").hint == "Wait 17 seconds and check again.");
  CHECK(requirement(out.verdict, "launch_permission")
            .detail.rfind("no answer from management.azure.com: timeout", 0) == 0);
  CHECK(ready(out.verdict) == Readiness::unknown);
  CHECK(exit_code_for(out.verdict) == 4);

  // A SKU list that failed: its family is unknown, so the quota's answer is not read.
  auto failed = run({http_answer(200, provider("Registered")), http_answer(200, kGroup),
                     http_answer(503, arm_error("ServiceUnavailable")),
                     http_answer(200, usages(0, 8)), http_answer(200, kContributor)});
  CHECK(requirement(failed.verdict, "size_offered").detail ==
        "Resource Manager answered HTTP 503 (ServiceUnavailable) to Resource Skus - List, which "
        "proves nothing either way");
  CHECK(requirement(failed.verdict, "vcpu_quota").state == RequirementState::unknown);
  CHECK(failed.sent.size() == 8);
  CHECK(ready(failed.verdict) == Readiness::unknown);
}

TEST_CASE("azure readiness: a size restricted for the subscription is unmet (SkuNotAvailable)") {
  auto script = ready_script();
  script[2] = http_answer(200, skus({sku_entry(kSize, kNotAvailable)}));
  auto out = run(script);
  const auto& r = requirement(out.verdict, "size_offered");
  CHECK(r.state == RequirementState::unmet);
  CHECK(r.detail ==
        "Standard_NC4as_T4_v3 is restricted for the subscription in eastus "
        "(NotAvailableForSubscription): a launch fails with SkuNotAvailable");
  // The family is known: the quota is still read.
  CHECK(requirement(out.verdict, "vcpu_quota").state == RequirementState::met);
  CHECK(exit_code_for(out.verdict) == 3);
}

TEST_CASE("azure readiness: zone restrictions add a detail; the size stays offered") {
  auto script = ready_script();
  script[2] = http_answer(
      200, skus({sku_entry(kSize, R"([{"type":"Zone","values":["eastus"],"restrictionInfo":)"
                                  R"({"locations":["eastus"],"zones":["2","3"]},)"
                                  R"("reasonCode":"NotAvailableForSubscription"}])")}));
  auto out = run(script);
  const auto& r = requirement(out.verdict, "size_offered");
  CHECK(r.state == RequirementState::met);
  CHECK(r.detail ==
        "eastus offers Standard_NC4as_T4_v3 to the subscription (4 vCPUs, family "
        "standardNCASv3_T4Family); availability zones 2, 3 of eastus are restricted for the "
        "subscription");
  CHECK(r.hint == "Do not pin the VM to zones 2, 3.");
  CHECK(ready(out.verdict) == Readiness::yes);
}

TEST_CASE("azure readiness: a size the region does not list is unmet; its quota is not read") {
  auto out =
      run({http_answer(200, provider("Registered")), http_answer(200, kGroup),
           http_answer(200, skus({sku_entry("Standard_D2s_v5"), sku_entry(kSize, "[]", "disks")})),
           http_answer(200, usages(0, 8)), http_answer(200, kContributor)});
  const auto& r = requirement(out.verdict, "size_offered");
  CHECK(r.state == RequirementState::unmet);
  CHECK(r.detail ==
        "Standard_NC4as_T4_v3 is not offered in eastus: the region's SKU list does not name it");
  CHECK(requirement(out.verdict, "vcpu_quota").detail ==
        "not checked: Standard_NC4as_T4_v3 is not offered in eastus");
  CHECK(out.sent.size() == 8);
  CHECK(exit_code_for(out.verdict) == 3);
}

TEST_CASE("azure readiness: a SKU list that is not JSON is unknown, never 'not offered'") {
  for (const std::string& body :
       {std::string(R"({"value":[)") + sku_entry("Standard_D2s_v5") + R"(,{"name": })",
        std::string(R"({"value" [)") + sku_entry(kSize) + "]}", std::string("<html>portal</html>"),
        std::string(R"({"value":[)") + sku_entry("Standard_D2s_v5") + "]} trailing",
        std::string(R"({"count":3})")}) {
    INFO(body);
    auto script = ready_script();
    script[2] = http_answer(200, body);
    // The usages (room in the quota) are not read: the family is unknown.
    auto out = run(script);
    CHECK(requirement(out.verdict, "size_offered").state == RequirementState::unknown);
    CHECK(requirement(out.verdict, "vcpu_quota").detail ==
          "not checked: the SKU list was not read, so Standard_NC4as_T4_v3's family and vCPUs "
          "are unknown");
  }
}

TEST_CASE("azure readiness: quota 0 for the family, or the region full, is unmet") {
  auto script = ready_script();
  script[3] = http_answer(200, usages(0, 0));
  auto zero = run(script);
  const auto& q = requirement(zero.verdict, "vcpu_quota");
  CHECK(q.state == RequirementState::unmet);
  CHECK(q.detail ==
        "Standard NCASv3_T4 Family vCPUs: 0 of 0 vCPUs free; Total Regional vCPUs: 100 of 100 "
        "free; Standard_NC4as_T4_v3 needs 4");
  CHECK(q.hint ==
        "Request an increase of \"Standard NCASv3_T4 Family vCPUs\" to at least 4 vCPUs in "
        "eastus: https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/"
        "myQuotas (Quotas > Compute), or stop VMs that use it.");
  CHECK(exit_code_for(zero.verdict) == 3);

  script[3] = http_answer(200, usages(4, 16, 98, 100));
  auto full = run(script);
  CHECK(requirement(full.verdict, "vcpu_quota")
            .hint.rfind("Request an increase of \"Total Regional vCPUs\" to at least 102 vCPUs",
                        0) == 0);
  // Exactly enough is enough.
  script[3] = http_answer(200, usages(4, 8, 96, 100));
  CHECK(requirement(run(script).verdict, "vcpu_quota").state == RequirementState::met);
  // A family the usages do not name: unknown.
  script[3] =
      http_answer(200, R"({"value":[{"currentValue":0,"limit":10,"name":{"value":"cores"}}]})");
  auto none = run(script);
  CHECK(requirement(none.verdict, "vcpu_quota").detail ==
        "the usages of eastus name no standardNCASv3_T4Family usage, so credprobe cannot tell");
}

TEST_CASE("azure readiness: permissions without the writes are unmet, naming them") {
  auto script = ready_script();
  script[4] = http_answer(200, permissions(R"(["Microsoft.Compute/*","Microsoft.Network/*/read"])",
                                           R"(["Microsoft.Compute/disks/*"])"));
  auto out = run(script);
  const auto& r = requirement(out.verdict, "launch_permission");
  CHECK(r.state == RequirementState::unmet);
  CHECK(r.detail ==
        "the principal's roles at ml do not allow Microsoft.Compute/disks/write, "
        "Microsoft.Network/networkInterfaces/write, "
        "Microsoft.Network/networkInterfaces/join/action, "
        "Microsoft.Network/virtualNetworks/subnets/join/action, "
        "Microsoft.Network/publicIPAddresses/write, "
        "Microsoft.Network/publicIPAddresses/join/action");
  CHECK(exit_code_for(out.verdict) == 3);
  // A second role granting them (notActions subtract only within their own entry) is enough.
  script[4] = http_answer(
      200,
      R"({"value":[{"actions":["Microsoft.Compute/*"],"notActions":["Microsoft.Compute/disks/*"]},)"
      R"({"actions":["microsoft.network/*","Microsoft.Compute/disks/write"],"notActions":[]}]})");
  CHECK(requirement(run(script).verdict, "launch_permission").state == RequirementState::met);
}

TEST_CASE("azure readiness: without the compute fields there is none; with some, it says so") {
  CheckRequest request;
  request.fields = {{"azure_tenant_id", kTenant},
                    {"azure_client_id", kClient},
                    {"azure_client_secret", kSecret},
                    {"azure_subscription_id", kSub}};
  request.now = kNow;
  ScriptedDriver driver(credential());
  Verdict v = driver.run(prepare_check(azure_provider(), request));
  CHECK(v.status == Status::valid);
  CHECK_FALSE(v.readiness);

  auto out = run({}, {{"azure_resource_group", ""}, {"azure_region", ""}});
  CHECK(out.sent.size() == 3);
  CHECK(requirement(out.verdict, "size_offered").detail ==
        "not checked: azure_region, azure_resource_group are not given");
  CHECK(exit_code_for(out.verdict) == 4);
}

TEST_CASE("arm wildcard matcher: *, prefixes, */read, middle stars, case") {
  CHECK(arm_action_matches("*", "Microsoft.Compute/virtualMachines/write"));
  CHECK(arm_action_matches("Microsoft.Compute/*", "Microsoft.Compute/virtualMachines/write"));
  CHECK(arm_action_matches("microsoft.compute/VIRTUALMACHINES/write",
                           "Microsoft.Compute/virtualMachines/write"));
  CHECK(arm_action_matches("*/read", "Microsoft.Compute/skus/read"));
  CHECK_FALSE(arm_action_matches("*/read", "Microsoft.Compute/virtualMachines/write"));
  CHECK(arm_action_matches("Microsoft.Network/*/join/action",
                           "Microsoft.Network/virtualNetworks/subnets/join/action"));
  CHECK_FALSE(arm_action_matches("Microsoft.Network/*/join/action",
                                 "Microsoft.Network/networkInterfaces/write"));
  CHECK_FALSE(
      arm_action_matches("Microsoft.Compute/virtualMachines/*", "Microsoft.Compute/disks/write"));
  CHECK_FALSE(arm_action_matches("Microsoft.Compute", "Microsoft.Compute/disks/write"));
  CHECK(arm_action_matches("Microsoft.Compute/**/write", "Microsoft.Compute/disks/write"));
  CHECK_FALSE(arm_action_matches("", "Microsoft.Compute/disks/write"));
  CHECK_FALSE(arm_action_matches(std::string(kMaxArmPatternLength + 1, '*'), "a"));
  // A hostile pattern stays fast (the matcher backtracks only to the last star).
  CHECK_FALSE(arm_action_matches(std::string(200, 'a') + "*" + std::string(200, 'a') + "b",
                                 std::string(100000, 'a')));
}

TEST_CASE("arm permissions: notActions subtract within their entry only") {
  std::vector<ArmPermission> contributor = {
      {{"*"}, {"Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"}}};
  CHECK(arm_permissions_allow(contributor, "Microsoft.Compute/virtualMachines/write"));
  CHECK_FALSE(arm_permissions_allow(contributor, "Microsoft.Authorization/roleAssignments/write"));
  contributor.push_back({{"Microsoft.Authorization/roleAssignments/write"}, {}});
  CHECK(arm_permissions_allow(contributor, "Microsoft.Authorization/roleAssignments/write"));
  CHECK_FALSE(arm_permissions_allow({}, "Microsoft.Compute/virtualMachines/write"));
}

TEST_CASE("the SKU skim reads pages with other members, escapes and nesting") {
  const std::string body =
      R"( {"@odata":{"a":[1,{"b":"]}"}]}, "value" : [ )" + sku_entry("Standard_D2s_v5") + " , " +
      sku_entry(kSize, kNotAvailable) + "," + sku_entry("standard_nc4as_t4_v3") +
      R"(, {"name":"x\"y\\","resourceType":"disks","locations":[]} ], "nextLink":"https://management.azure.com/n" } )";
  auto page = find_vm_sku(body, kSize, "EastUS");
  REQUIRE(page);
  CHECK(page->elements == 4);
  REQUIRE(page->sku);
  // The unrestricted duplicate (names compare case-insensitively) wins.
  CHECK(page->sku->location_restrictions.empty());
  CHECK(page->sku->vcpus == 4);
  CHECK(page->sku->family == kFamily);
  CHECK(page->next_link == "https://management.azure.com/n");
  CHECK(find_vm_sku(R"({"value":[]})", kSize, "eastus")->elements == 0);
  CHECK_FALSE(find_vm_sku(R"({"value":[1]})", kSize, "eastus"));
  CHECK_FALSE(find_vm_sku(R"({"value":[{]})", kSize, "eastus"));
  CHECK_FALSE(find_vm_sku(R"({"value":[{"a":1}})", kSize, "eastus"));
  CHECK_FALSE(find_vm_sku(R"({"value":[{"a":1}]})"
                          "{}",
                          kSize, "eastus"));
  CHECK_FALSE(find_vm_sku(std::string(200, '[') + std::string(200, ']'), kSize, "eastus"));
  CHECK_FALSE(find_vm_sku(R"({"value":[)" + std::string(200, '[') + std::string(200, ']') + "]}",
                          kSize, "eastus"));
}

TEST_CASE("linear: the SKU skim of a 4 MB list") {
  // About what Resource Manager lists for one region: a thousand and more SKUs of every type.
  std::string body = R"({"value":[)";
  int n = 0;
  while (body.size() < 4u * 1024 * 1024) {
    body += (n ? "," : "") + sku_entry("Standard_X" + std::to_string(n) + "_v5");
    ++n;
  }
  body += "," + sku_entry(kSize) + "]}";
  auto page = find_vm_sku(body, kSize, "eastus");
  REQUIRE(page);
  CHECK(page->elements == static_cast<size_t>(n) + 1);
  CHECK(page->sku);
  // Hostile: one element of 4 MB of nesting-free text.
  std::string hostile = R"({"value":[{"name":")" + std::string(4u * 1024 * 1024, 'a') + R"("}]})";
  CHECK(find_vm_sku(hostile, kSize, "eastus")->elements == 1);
}

TEST_CASE("every Azure readiness answer row is reachable by its own tokens") {
  for (const auto& row : azure_compute_answer_rows()) {
    INFO(row.request << " " << row.match);
    const ReadinessAnswerRow& found = readiness_answer_row(azure_compute_answer_rows(), row.request,
                                                           {std::string(row.match)}, row.status);
    CHECK(&found == &row);
  }
}

// The readiness check runs behind the credential probe (with_readiness): what that probe notes
// about its own answers must still reach the session.
TEST_CASE("with the compute fields, a rejected secret's answer keeps its AADSTS code") {
  CheckRequest request;
  request.fields = {{"azure_tenant_id", kTenant},     {"azure_client_id", kClient},
                    {"azure_client_secret", kSecret}, {"azure_subscription_id", kSub},
                    {"azure_instance_type", kSize},   {"azure_region", "eastus"}};
  request.now = kNow;
  ScriptedDriver driver(
      {credential()[0], http_answer(401, R"({"error":"invalid_client","error_description":)"
                                         R"("AADSTS7000215: Invalid client secret provided.",)"
                                         R"("error_codes":[7000215]})")});
  Verdict v = driver.run(prepare_check(azure_provider(), request));
  CHECK(v.status == Status::invalid);
  REQUIRE(v.evidence.size() == 2);
  CHECK(v.evidence[1].provider_code == "AADSTS7000215");
  CHECK_FALSE(v.readiness);
}

TEST_CASE(
    "with the compute fields, the token Entra ID granted is redacted from what readiness reads") {
  std::string group = kGroup;
  group.replace(group.find("\"eastus\""), 8, "\"" + access_token() + "\"");
  auto script = ready_script();
  script[1] = http_answer(200, group);
  auto out = run(script);
  REQUIRE(out.verdict.readiness);
  const std::string json = to_json(out.verdict).dump();
  CHECK(json.find(access_token()) == std::string::npos);
  CHECK(json.find("[redacted") != std::string::npos);
}
