// Google Cloud readiness against scripted answers: the requests it sends (each read-only, with
// the token Google granted), the route from each answer to a requirement, `ready` and the exit
// code, the scope the JWT asks for, and the machine-series and accelerator -> quota metric
// tables.
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/compute_answers.hpp"
#include "credprobe/gcp/compute_quotas.hpp"
#include "credprobe/gcp/compute_readiness.hpp"
#include "credprobe/gcp/gcp_provider.hpp"
#include "credprobe/scripted_driver.hpp"
#include "native/signer.hpp"
#include "test_gcp_support.hpp"

using namespace credprobe;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1764336000;
const std::string kToken = "ya29.c.unit-test-readiness-token";
const std::string kCompute = "https://compute.googleapis.com/compute/v1/projects/credprobe-test";

HttpResult token_granted() {
  return http_answer(
      200, R"({"access_token": ")" + kToken + R"(", "expires_in": 3599, "token_type": "Bearer"})");
}

HttpResult project_read() {
  return http_answer(200, R"({"name": "projects/415104041262", "projectId": "credprobe-test",
                              "state": "ACTIVE", "displayName": "Credprobe Test"})");
}

std::string machine_type(int cpus, const std::string& accelerator = "", int count = 0) {
  json body = {{"kind", "compute#machineType"}, {"name", "g2-standard-8"}, {"guestCpus", cpus}};
  if (!accelerator.empty()) {
    body["accelerators"] =
        json::array({{{"guestAcceleratorType", accelerator}, {"guestAcceleratorCount", count}}});
  }
  return body.dump();
}

std::string quotas(const json& metrics) {
  json list = json::array();
  for (const auto& [metric, pair] : metrics.items()) {
    list.push_back({{"metric", metric}, {"limit", pair[0]}, {"usage", pair[1]}});
  }
  return json{{"kind", "compute#region"}, {"name", "us-central1"}, {"quotas", list}}.dump();
}

std::string held(const std::vector<std::string>& permissions) {
  return json{{"permissions", permissions}}.dump();
}

std::vector<std::string> all_permissions() {
  std::vector<std::string> out;
  for (const auto& p : gcp_launch_permissions()) out.emplace_back(p.permission);
  return out;
}

std::vector<std::string> all_but(const std::string& missing) {
  std::vector<std::string> out;
  for (const auto& p : all_permissions()) {
    if (p != missing) out.push_back(p);
  }
  return out;
}

std::string google_error(int code, const std::string& status, const std::string& reason,
                         const json& metadata = json::object()) {
  json error = {{"code", code}, {"message", "refused"}, {"status", status}};
  if (!reason.empty()) {
    error["details"] = json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                     {"reason", reason},
                                     {"domain", "googleapis.com"},
                                     {"metadata", metadata}}});
  }
  return json{{"error", error}}.dump();
}

// Compute Engine's own errors: code, message, errors[] (no status).
std::string compute_error(int code, const std::string& reason) {
  return json{{"error",
               {{"code", code},
                {"message", "The resource was not found"},
                {"errors", json::array({{{"domain", "global"}, {"reason", reason}}})}}}}
      .dump();
}

const std::string kActivation =
    "https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project="
    "415104041262";

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
  std::vector<SignStep> signed_data;
  int round_trips = 0;  // dependent rounds of requests (ScriptedDriver::round_trips)
};

Outcome run(std::vector<HttpResult> answers, const std::string& type = "g2-standard-8",
            std::map<std::string, std::string> extra = {},
            ScriptedDriver::Feed feed = ScriptedDriver::Feed::as_sent) {
  CheckRequest request;
  request.fields = {{"gcp_service_account_key", gcp_test::key_file()},
                    {"gcp_zone", "us-central1-a"}};
  if (!type.empty()) request.fields["gcp_instance_type"] = type;
  for (auto& [k, v] : extra) request.fields[k] = v;
  request.now = kNow;
  auto prepared = prepare_check(gcp_provider(), request);
  if (prepared.verdict) return {*prepared.verdict, {}, {}};
  REQUIRE(prepared.probe);
  std::vector<HttpResult> script = {token_granted(), project_read()};
  script.insert(script.end(), answers.begin(), answers.end());
  ScriptedDriver driver(std::move(script), native::openssl_sign);
  driver.feed_order(feed);
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent(), driver.signed_data(), driver.round_trips()};
}

const Requirement& requirement(const Verdict& v, const std::string& id) {
  REQUIRE(v.readiness);
  for (const auto& r : *v.readiness) {
    if (r.id == id) return r;
  }
  FAIL("no requirement " << id);
  return v.readiness->front();
}

std::map<std::string, RequirementState> states(const Verdict& v) {
  std::map<std::string, RequirementState> out;
  for (const auto& r : *v.readiness) out[r.id] = r.state;
  return out;
}

const auto met = RequirementState::met;
const auto unmet = RequirementState::unmet;
const auto unknown = RequirementState::unknown;

// The answers of a ready g2-standard-8 (8 vCPUs, 1 L4) in us-central1-a.
// The reads go out together (machineTypes.get, regions.get, projects.get, testIamPermissions),
// so a script answers each; this stands for an answer that must not be read, and would show in
// the requirements if it were.
HttpResult not_read() {
  return http_answer(503, google_error(503, "UNAVAILABLE", "backendError"));
}

std::vector<HttpResult> ready_answers() {
  return {http_answer(200, machine_type(8, "nvidia-l4", 1)),
          http_answer(200, quotas({{"CPUS", {24, 0}}, {"NVIDIA_L4_GPUS", {1, 0}}})),
          http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
          http_answer(200, held(all_permissions()))};
}

}  // namespace

TEST_CASE("gcp readiness: a ready g2-standard-8 meets every requirement, in six requests") {
  auto out = run(ready_answers());
  CHECK(out.verdict.status == Status::valid);
  CHECK(ready(out.verdict) == Readiness::yes);
  CHECK(exit_code_for(out.verdict) == 0);
  REQUIRE(out.sent.size() == 6);
  CHECK(out.sent[2].endpoint == "compute");
  CHECK(out.sent[2].request.method == "GET");
  CHECK(out.sent[2].request.url == kCompute + "/zones/us-central1-a/machineTypes/g2-standard-8");
  CHECK(out.sent[3].request.url == kCompute + "/regions/us-central1");
  CHECK(out.sent[4].request.url == kCompute);
  CHECK(out.sent[5].endpoint == "resourcemanager");
  CHECK(out.sent[5].request.method == "POST");
  CHECK(out.sent[5].request.url ==
        "https://cloudresourcemanager.googleapis.com/v1/projects/"
        "credprobe-test:testIamPermissions");
  CHECK(json::parse(out.sent[5].request.body) == json{{"permissions", all_permissions()}});
  for (size_t i = 2; i < out.sent.size(); ++i) {
    CHECK(find_header(out.sent[i].request.headers, "authorization") == "Bearer " + kToken);
  }
  CHECK(requirement(out.verdict, "compute_api").detail ==
        "Compute Engine answered machineTypes.get for project credprobe-test");
  CHECK(requirement(out.verdict, "machine_type_offered").label ==
        "g2-standard-8 is offered in us-central1-a");
  CHECK(requirement(out.verdict, "machine_type_offered").detail ==
        "us-central1-a offers g2-standard-8: 8 vCPUs and 1 nvidia-l4 GPU");
  CHECK(requirement(out.verdict, "cpu_quota").detail ==
        "CPUS in us-central1: limit 24, 0 in use, 24 free; g2-standard-8 needs 8");
  CHECK(requirement(out.verdict, "gpu_quota").detail ==
        "NVIDIA_L4_GPUS in us-central1: limit 1, 0 in use, 1 free; g2-standard-8 needs 1; "
        "GPUS_ALL_REGIONS (project-wide): limit 1, 0 in use, 1 free; g2-standard-8 needs 1");
  CHECK(requirement(out.verdict, "gpu_quota").evidence.size() == 2);
  for (const auto& r : *out.verdict.readiness) CHECK(r.hint == "");
  // The token never reaches the verdict.
  CHECK(to_json(out.verdict).dump().find(kToken) == std::string::npos);
}

TEST_CASE("gcp readiness: the JWT asks for compute.readonly only when readiness runs") {
  auto with = run(ready_answers());
  REQUIRE(with.signed_data.size() == 1);
  const std::string& data = with.signed_data[0].data;
  const std::string claims = *base64url_decode(data.substr(data.find('.') + 1));
  CHECK(json::parse(claims)["scope"] ==
        "https://www.googleapis.com/auth/cloud-platform.read-only "
        "https://www.googleapis.com/auth/compute.readonly");
  auto without = run({}, "");
  const std::string& plain = without.signed_data[0].data;
  CHECK(json::parse(*base64url_decode(plain.substr(plain.find('.') + 1)))["scope"] ==
        "https://www.googleapis.com/auth/cloud-platform.read-only");
  CHECK(!without.verdict.readiness);
  CHECK(without.sent.size() == 2);
}

TEST_CASE("gcp readiness: every request is a read on the read-only allow-list") {
  // The GPU path with permissions missing sends every request the check can send.
  auto out =
      run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
           http_answer(200, quotas({{"CPUS", {24, 0}}})),
           http_answer(200, quotas({{"GPUS_ALL_REGIONS", {0, 0}}})), http_answer(200, "{}")});
  REQUIRE(out.sent.size() == 6);
  // What each request is, as Google names the method, and that it reads: every GET of Compute
  // Engine, and the one POST, testIamPermissions, which only asks.
  const std::vector<std::pair<std::string, std::string>> read_only = {
      {"POST", "https://oauth2.googleapis.com/token"},
      {"GET", "https://cloudresourcemanager.googleapis.com/v3/projects/"},
      {"GET", kCompute + "/zones/"},    // compute.machineTypes.get
      {"GET", kCompute + "/regions/"},  // compute.regions.get
      {"GET", kCompute},                // compute.projects.get
      {"POST",
       "https://cloudresourcemanager.googleapis.com/v1/projects/credprobe-test:"
       "testIamPermissions"},
  };
  for (size_t i = 0; i < out.sent.size(); ++i) {
    const HttpRequest& r = out.sent[i].request;
    INFO(r.method << " " << r.url);
    CHECK(r.method == read_only[i].first);
    CHECK(r.url.rfind(read_only[i].second, 0) == 0);
    CHECK(r.url.find("insert") == std::string::npos);
    CHECK(r.url.find("setIamPolicy") == std::string::npos);
  }
  // The docs' request list: Compute Engine reads (GET) and testIamPermissions, nothing else.
  const std::vector<std::string> allowed = {"machineTypes.get", "regions.get", "projects.get",
                                            "testIamPermissions"};
  for (const auto& r : gcp_readiness_requests()) {
    INFO(r.action);
    CHECK(std::find(allowed.begin(), allowed.end(), r.action) != allowed.end());
    CHECK((r.method == "GET" || r.action == "testIamPermissions"));
  }
  // The permissions asked about are only asked about: none is a setIamPolicy.
  for (const auto& p : gcp_launch_permissions())
    CHECK(p.permission.find("IamPolicy") == std::string::npos);
}

TEST_CASE("gcp readiness: the four reads go out at once; 3 round trips") {
  auto in_order = run(ready_answers());
  // The token (signed locally first), the project, then every Compute Engine read together.
  CHECK(in_order.round_trips == 3);
  CHECK(in_order.round_trips == gcp_provider().readiness_critical_path);
  auto reversed = run(ready_answers(), "g2-standard-8", {}, ScriptedDriver::Feed::reversed);
  CHECK(to_json(reversed.verdict).dump() == to_json(in_order.verdict).dump());
  CHECK(ready(reversed.verdict) == Readiness::yes);
}

TEST_CASE("gcp readiness: SERVICE_DISABLED is unmet with Google's activation link; exit 3") {
  const std::string disabled =
      google_error(403, "PERMISSION_DENIED", "SERVICE_DISABLED",
                   {{"activationUrl", kActivation}, {"service", "compute.googleapis.com"}});
  // The other Compute Engine reads went out with the first; their answers are not read: the
  // API is off.
  auto out = run({http_answer(403, disabled), not_read(), not_read(),
                  http_answer(200, held(all_permissions()))});
  REQUIRE(out.sent.size() == 6);
  const auto& api = requirement(out.verdict, "compute_api");
  CHECK(api.state == unmet);
  CHECK(api.detail ==
        "the Compute Engine API is disabled in project credprobe-test (SERVICE_DISABLED)");
  CHECK(api.hint == "Enable the Compute Engine API in project credprobe-test: " + kActivation +
                        " (it takes a few minutes to apply).");
  for (const char* id : {"machine_type_offered", "cpu_quota", "gpu_quota"}) {
    INFO(id);
    CHECK(requirement(out.verdict, id).state == unknown);
    CHECK(requirement(out.verdict, id).detail ==
          "not checked: the Compute Engine API is disabled in project credprobe-test");
  }
  CHECK(requirement(out.verdict, "launch_permission").state == met);
  CHECK(ready(out.verdict) == Readiness::no);
  CHECK(exit_code_for(out.verdict) == 3);

  // The same reason in a 500, or outside Google's shape (code != status), proves nothing.
  auto odd = run({http_answer(500, disabled), not_read(), not_read(),
                  http_answer(200, held(all_permissions()))});
  CHECK(requirement(odd.verdict, "compute_api").state == unknown);
}

TEST_CASE("gcp readiness: a machine type the zone lacks (404) is unmet; nothing more is read") {
  auto out = run({http_answer(404, compute_error(404, "notFound"))});
  CHECK(out.sent.size() == 6);  // the four reads went out together; the check ends at the first
  const auto& offered = requirement(out.verdict, "machine_type_offered");
  CHECK(offered.state == unmet);
  CHECK(offered.detail ==
        "g2-standard-8 is not offered in us-central1-a: Compute Engine has no such machine type "
        "there");
  CHECK(offered.hint.rfind("Choose a zone that offers g2-standard-8", 0) == 0);
  CHECK(requirement(out.verdict, "compute_api").state == met);  // Compute Engine answered
  CHECK(requirement(out.verdict, "cpu_quota").detail ==
        "not checked: g2-standard-8 is not offered in us-central1-a");
  CHECK(exit_code_for(out.verdict) == 3);
  // A 404 that is not Google's (a proxy's page) proves nothing.
  auto proxy = run(
      {http_answer(404, "<html>Not Found</html>"), not_read(), not_read(), http_answer(200, "{}")});
  CHECK(requirement(proxy.verdict, "machine_type_offered").state == unknown);
}

TEST_CASE("gcp readiness: vCPU quota below the type's vCPUs is unmet, with the metric and page") {
  auto out = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                  http_answer(200, quotas({{"CPUS", {24, 20}}, {"NVIDIA_L4_GPUS", {1, 0}}})),
                  http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
                  http_answer(200, held(all_permissions()))});
  const auto& cpu = requirement(out.verdict, "cpu_quota");
  CHECK(cpu.state == unmet);
  CHECK(cpu.detail == "CPUS in us-central1: limit 24, 20 in use, 4 free; g2-standard-8 needs 8");
  CHECK(cpu.hint ==
        "Request an increase of CPUS in us-central1 to at least 28 on the quotas page "
        "(https://console.cloud.google.com/iam-admin/quotas?project=credprobe-test), or stop VMs "
        "that use it.");
  CHECK(states(out.verdict) ==
        std::map<std::string, RequirementState>{{"compute_api", met},
                                                {"machine_type_offered", met},
                                                {"cpu_quota", unmet},
                                                {"gpu_quota", met},
                                                {"launch_permission", met}});
  CHECK(exit_code_for(out.verdict) == 3);
}

TEST_CASE("gcp readiness: GPUS_ALL_REGIONS 0 (a new project's) is unmet even with regional GPUs") {
  auto out = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                  http_answer(200, quotas({{"CPUS", {24, 0}}, {"NVIDIA_L4_GPUS", {1, 0}}})),
                  http_answer(200, quotas({{"GPUS_ALL_REGIONS", {0, 0}}})),
                  http_answer(200, held(all_permissions()))});
  const auto& gpu = requirement(out.verdict, "gpu_quota");
  CHECK(gpu.state == unmet);
  CHECK(gpu.detail ==
        "NVIDIA_L4_GPUS in us-central1: limit 1, 0 in use, 1 free; g2-standard-8 needs 1; "
        "GPUS_ALL_REGIONS (project-wide): limit 0, 0 in use, 0 free; g2-standard-8 needs 1");
  CHECK(gpu.hint ==
        "Request an increase of GPUS_ALL_REGIONS (\"GPUs (all regions)\", 0 in new projects) to "
        "at least 1 on the quotas page "
        "(https://console.cloud.google.com/iam-admin/quotas?project=credprobe-test).");
  CHECK(ready(out.verdict) == Readiness::no);
}

TEST_CASE("gcp readiness: the family's own vCPU metric, a missing metric is unknown, no GPUs") {
  auto n2 = run({http_answer(200, machine_type(4)),
                 http_answer(200, quotas({{"CPUS", {0, 0}}, {"N2_CPUS", {8, 0}}})), not_read(),
                 http_answer(200, held(all_permissions()))},
                "n2-standard-4");
  REQUIRE(n2.sent.size() == 6);  // projects.get's answer is not read: the type has no GPUs
  CHECK(requirement(n2.verdict, "cpu_quota").detail ==
        "N2_CPUS in us-central1: limit 8, 0 in use, 8 free; n2-standard-4 needs 4");
  CHECK(requirement(n2.verdict, "gpu_quota").state == met);
  CHECK(requirement(n2.verdict, "gpu_quota").detail ==
        "n2-standard-4 has no GPUs: no GPU quota applies");
  CHECK(ready(n2.verdict) == Readiness::yes);

  auto missing =
      run({http_answer(200, machine_type(4)), http_answer(200, quotas({{"CPUS", {8, 0}}})),
           not_read(), http_answer(200, held(all_permissions()))},
          "n2-standard-4");
  CHECK(requirement(missing.verdict, "cpu_quota").state == unknown);
  CHECK(requirement(missing.verdict, "cpu_quota").detail ==
        "us-central1 lists no N2_CPUS quota, so credprobe cannot tell");
  CHECK(exit_code_for(missing.verdict) == 4);
}

TEST_CASE("gcp readiness: a permission only the project grants, missing, is unmet naming it") {
  auto out = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                  http_answer(200, quotas({{"CPUS", {24, 0}}, {"NVIDIA_L4_GPUS", {1, 0}}})),
                  http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
                  http_answer(200, held(all_but("compute.instances.create")))});
  const auto& launch = requirement(out.verdict, "launch_permission");
  CHECK(launch.state == unmet);
  CHECK(launch.detail ==
        "the credential lacks compute.instances.create on project credprobe-test "
        "(testIamPermissions)");
  CHECK(launch.hint ==
        "Grant a role with compute.instances.create on project credprobe-test "
        "(roles/compute.instanceAdmin.v1 holds the compute ones).");
  CHECK(exit_code_for(out.verdict) == 3);

  // iam.serviceAccounts.actAs may be granted on the service account: not on the project proves
  // nothing.
  auto act_as = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                     http_answer(200, quotas({{"CPUS", {24, 0}}, {"NVIDIA_L4_GPUS", {1, 0}}})),
                     http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
                     http_answer(200, held(all_but("iam.serviceAccounts.actAs")))});
  CHECK(requirement(act_as.verdict, "launch_permission").state == unknown);
  CHECK(requirement(act_as.verdict, "launch_permission")
            .detail.rfind("project credprobe-test does not grant iam.serviceAccounts.actAs;", 0) ==
        0);
}

TEST_CASE("gcp readiness: testIamPermissions is not taken alone when Compute Engine refused") {
  auto out = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                  http_answer(403, compute_error(403, "forbidden")),
                  http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
                  http_answer(200, held(all_permissions()))});
  const auto& launch = requirement(out.verdict, "launch_permission");
  CHECK(launch.state == unknown);
  CHECK(launch.detail ==
        "testIamPermissions lists every permission a launch needs, but Compute Engine refused "
        "compute.regions.get to the same credential; Google documents that testIamPermissions "
        "may fail open, so credprobe does not take it alone");
}

TEST_CASE("gcp readiness: a denied, throttled or failed read is unknown, naming the permission") {
  auto denied = run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
                     http_answer(403, compute_error(403, "forbidden")),
                     http_answer(200, quotas({{"GPUS_ALL_REGIONS", {1, 0}}})),
                     http_answer(200, held(all_permissions()))});
  const auto& cpu = requirement(denied.verdict, "cpu_quota");
  CHECK(cpu.state == unknown);
  CHECK(cpu.detail ==
        "the credential may not call compute.regions.get (forbidden), so credprobe cannot tell");
  CHECK(cpu.hint ==
        "Grant compute.regions.get on project credprobe-test (roles/compute.viewer holds it) so "
        "credprobe can tell.");
  CHECK(requirement(denied.verdict, "gpu_quota").state == unknown);
  CHECK(ready(denied.verdict) == Readiness::unknown);
  CHECK(exit_code_for(denied.verdict) == 4);

  auto machine_denied =
      run({http_answer(403, google_error(403, "PERMISSION_DENIED", "IAM_PERMISSION_DENIED")),
           not_read(), not_read(), http_answer(200, held(all_permissions()))});
  CHECK(requirement(machine_denied.verdict, "machine_type_offered").detail ==
        "the credential may not call compute.machineTypes.get (IAM_PERMISSION_DENIED), so "
        "credprobe cannot tell");
  CHECK(requirement(machine_denied.verdict, "compute_api").state == unknown);
  CHECK(requirement(machine_denied.verdict, "cpu_quota").detail ==
        "not checked: the machine type could not be read, so its vCPUs and GPUs are unknown");

  auto throttled = run({http_answer(429, google_error(429, "RESOURCE_EXHAUSTED", "")), not_read(),
                        not_read(), http_answer(200, held(all_permissions()))});
  CHECK(requirement(throttled.verdict, "machine_type_offered").detail ==
        "Compute Engine asked to slow down (RESOURCE_EXHAUSTED), so credprobe cannot tell");
  auto legacy_throttle = run({http_answer(403, compute_error(403, "rateLimitExceeded")), not_read(),
                              not_read(), http_answer(200, held(all_permissions()))});
  CHECK(requirement(legacy_throttle.verdict, "machine_type_offered").detail ==
        "Compute Engine asked to slow down (rateLimitExceeded), so credprobe cannot tell");

  auto server =
      run({http_answer(200, machine_type(8, "nvidia-l4", 1)),
           http_answer(503, google_error(503, "UNAVAILABLE", "")),
           transport_failure(TransportError::timeout), http_answer(200, held(all_permissions()))});
  CHECK(requirement(server.verdict, "cpu_quota").detail ==
        "Compute Engine answered HTTP 503 (UNAVAILABLE) to regions.get, which proves nothing "
        "either way");
  CHECK(requirement(server.verdict, "gpu_quota").detail ==
        "Compute Engine answered HTTP 503 (UNAVAILABLE) to regions.get, which proves nothing "
        "either way; no answer from compute.googleapis.com: timeout");
  // A later Compute Engine answer told the API is on (machineTypes.get did).
  CHECK(requirement(server.verdict, "compute_api").state == met);
}

TEST_CASE("gcp readiness: absent without gcp_instance_type, and never after an invalid key") {
  auto none = run({}, "");
  CHECK(!none.verdict.readiness);
  CHECK(none.sent.size() == 2);

  CheckRequest request;
  request.fields = {{"gcp_service_account_key", gcp_test::key_file()},
                    {"gcp_instance_type", "g2-standard-8"}};
  request.now = kNow;
  auto prepared = prepare_check(gcp_provider(), request);
  ScriptedDriver driver({http_answer(400, R"({"error": "invalid_grant",
                                              "error_description": "Invalid JWT Signature."})")},
                        native::openssl_sign);
  Verdict v = driver.run(std::move(prepared));
  CHECK(v.status == Status::invalid);
  CHECK(!v.readiness);
  CHECK(driver.sent().size() == 1);
}

TEST_CASE("gcp readiness: the zone defaults to us-central1-a; a region needs its zone") {
  auto out = run(ready_answers(), "g2-standard-8", {{"gcp_zone", ""}});
  REQUIRE(out.sent.size() == 6);
  CHECK(out.sent[2].request.url == kCompute + "/zones/us-central1-a/machineTypes/g2-standard-8");

  auto region_only = run({}, "g2-standard-8", {{"gcp_zone", ""}, {"gcp_region", "europe-west1"}});
  CHECK(region_only.verdict.status == Status::malformed);
  CHECK(region_only.verdict.summary ==
        "gcp_zone is required with gcp_instance_type and gcp_region: machine types are offered "
        "per zone (for example europe-west1-b)");
  auto elsewhere =
      run({}, "g2-standard-8", {{"gcp_zone", "us-east1-b"}, {"gcp_region", "europe-west4"}});
  CHECK(elsewhere.verdict.summary ==
        "gcp_zone is not in gcp_region europe-west4 (zone us-east1-b is in us-east1)");
  CHECK(gcp_region_of_zone("europe-west4-c") == "europe-west4");
}

TEST_CASE("gcp quota tables: machine series -> vCPU metric, accelerator -> GPU metric") {
  const std::vector<std::pair<std::string, std::string>> cpus = {
      {"n2-standard-4", "N2_CPUS"},
      {"n2d-highmem-8", "N2D_CPUS"},
      {"c2-standard-8", "C2_CPUS"},
      {"c2d-standard-2", "C2D_CPUS"},
      {"c3-standard-4", "C3_CPUS"},
      {"a2-highgpu-1g", "A2_CPUS"},
      {"m1-ultramem-40", "M1_CPUS"},
      {"m2-megamem-416", "M2_CPUS"},
      {"m3-ultramem-32", "M3_CPUS"},
      {"t2d-standard-1", "T2D_CPUS"},
      {"t2a-standard-1", "T2A_CPUS"},
      {"e2-medium", "CPUS"},
      {"n1-standard-1", "CPUS"},
      {"g2-standard-8", "CPUS"},
      {"N2-STANDARD-4", "N2_CPUS"},
      {"f1-micro", "CPUS"},
      {"", "CPUS"},
  };
  for (const auto& [type, metric] : cpus) {
    INFO(type);
    CHECK(gcp_cpu_metric_for(type) == metric);
  }
  CHECK(gcp_cpu_metrics().size() == 11);
  const std::vector<std::pair<std::string, std::string>> gpus = {
      {"nvidia-l4", "NVIDIA_L4_GPUS"},           {"nvidia-tesla-t4", "NVIDIA_T4_GPUS"},
      {"nvidia-tesla-a100", "NVIDIA_A100_GPUS"}, {"nvidia-a100-80gb", "NVIDIA_A100_80GB_GPUS"},
      {"nvidia-h100-80gb", "NVIDIA_H100_GPUS"},  {"nvidia-tesla-v100", "NVIDIA_V100_GPUS"},
      {"nvidia-tesla-p100", "NVIDIA_P100_GPUS"}, {"nvidia-tesla-p4", "NVIDIA_P4_GPUS"},
      {"nvidia-tesla-k80", "NVIDIA_K80_GPUS"},   {"nvidia-tesla-t4-vws", "NVIDIA_T4_VWS_GPUS"},
  };
  for (const auto& [accelerator, metric] : gpus) {
    INFO(accelerator);
    CHECK(gcp_gpu_metric_for(accelerator) == metric);
  }
  CHECK(!gcp_gpu_metric_for("nvidia-b200"));
  CHECK(gcp_gpu_metrics().size() == 12);
  CHECK(gcp_launch_permissions().size() == 7);
}

TEST_CASE("gcp readiness: an accelerator outside the table is unknown") {
  auto out = run({http_answer(200, machine_type(224, "nvidia-b200", 8)),
                  http_answer(200, quotas({{"CPUS", {500, 0}}})),
                  http_answer(200, quotas({{"GPUS_ALL_REGIONS", {8, 0}}})),
                  http_answer(200, held(all_permissions()))},
                 "a4-highgpu-8g");
  const auto& gpu = requirement(out.verdict, "gpu_quota");
  CHECK(gpu.state == unknown);
  CHECK(gpu.detail.rfind("credprobe knows no quota metric for the nvidia-b200 accelerator", 0) ==
        0);
}

TEST_CASE("gcp answer table: every row is reachable by its own tokens") {
  for (const auto& row : gcp_answer_rows()) {
    INFO(row.request << " " << row.match);
    const std::string request = row.request == "*" ? "regions.get" : std::string(row.request);
    const ReadinessAnswerRow& found = readiness_answer_row(
        gcp_answer_rows(), request, {std::string(row.match)}, row.status ? row.status : 400);
    CHECK(&found == &row);
  }
}
