// Lambda Cloud readiness against scripted answers: the requests it sends (GETs on a read-only
// allow-list, paced by waits of at least a second between them), the route from each answer to
// a requirement, `ready` and the exit code, and the closest-name ranking.
#include <catch2/catch.hpp>

#include <algorithm>

#include "credprobe/check.hpp"
#include "credprobe/check_session.hpp"
#include "credprobe/closest_names.hpp"
#include "credprobe/lambda/lambda_provider.hpp"
#include "credprobe/lambda/readiness_answers.hpp"
#include "credprobe/scripted_driver.hpp"
#include "docs/provider_docs.hpp"

using namespace credprobe;

namespace {

const std::string kKey =
    "secret_notebook_0f1e2d3c4b5a69788796a5b4c3d2e1f0.FAKEfakeFAKEfakeFAKEfakeFAKEfake";
constexpr std::int64_t kNow = 1764336000;

const std::string kInstances = R"({"data": []})";

// Lambda's GET /api/v1/instance-types shape (Lambda Cloud API 1.10.0, InstanceTypes): a map from
// the type's name to its description and the regions with capacity now.
std::string type_entry(const std::string& name, const std::string& description,
                       const std::vector<std::string>& regions) {
  std::string list;
  for (const auto& r : regions) {
    list += std::string(list.empty() ? "" : ", ") + R"({"name": ")" + r +
            R"(", "description": "somewhere"})";
  }
  return "\"" + name + R"(": {"instance_type": {"name": ")" + name + R"(", "description": ")" +
         description +
         R"(", "gpu_description": "GPU", "price_cents_per_hour": 129, "specs": {"vcpus": 30, )"
         R"("memory_gib": 200, "storage_gib": 512, "gpus": 1}}, "regions_with_capacity_available": [)" +
         list + "]}";
}

std::string types(const std::vector<std::string>& a100_regions) {
  return "{\"data\": {" + type_entry("gpu_1x_a100_sxm4", "1x A100 (40 GB SXM4)", a100_regions) +
         ", " + type_entry("gpu_1x_a10", "1x A10 (24 GB PCIe)", {"us-east-1"}) + ", " +
         type_entry("gpu_8x_h100_sxm5", "8x H100 (80 GB SXM5)", {}) + ", " +
         type_entry("gpu_1x_h100_pcie", "1x H100 (80 GB PCIe)", {"us-west-1"}) + "}}";
}

const std::string kTwoKeys =
    R"({"data": [{"id": "ddf9a910ceb744a0bb95242cbba6cb50", "name": "laptop", "public_key": )"
    R"("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEfake laptop"}, {"id": "0b1c2d3e", "name": "ci", )"
    R"("public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEother ci"}]})";
const std::string kNoKeys = R"({"data": []})";

// Every action the session handed out, in order: "GET /path" or "wait N".
struct Outcome {
  Verdict verdict;
  std::vector<std::string> timeline;
  std::vector<SendStep> sent;
};

// A driver like the scripted one that also records the order of requests and waits.
Outcome run(std::vector<HttpResult> script, const std::string& type = "gpu_1x_a100_sxm4",
            const std::string& region = "us-east-1") {
  CheckRequest request;
  request.fields = {{"lambda_api_key", kKey}};
  if (!type.empty()) request.fields["lambda_instance_type"] = type;
  if (!region.empty()) request.fields["lambda_region"] = region;
  request.now = kNow;
  auto prepared = prepare_check(lambda_provider(), request);
  REQUIRE(prepared.probe);
  CheckSession session(std::move(prepared));
  Outcome out;
  size_t next = 0;
  while (!session.done()) {
    auto actions = session.take_actions();
    if (session.done()) break;
    REQUIRE(actions.size() == 1);  // one thing at a time: the requests are paced
    if (auto* send = std::get_if<SendAction>(&actions[0])) {
      out.sent.push_back(send->send);
      const std::string url = send->send.request.url;
      out.timeline.push_back("GET " + url.substr(url.find("/api/")));
      REQUIRE(next < script.size());
      session.feed_response(send->id, script[next++]);
    } else if (auto* wait = std::get_if<WaitAction>(&actions[0])) {
      out.timeline.push_back("wait " + std::to_string(wait->seconds));
      session.feed_waited(wait->id);
    } else {
      FAIL("the Lambda check never signs");
    }
  }
  CHECK(next == script.size());
  out.verdict = session.verdict();
  return out;
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

Headers json_headers() {
  return {{"Content-Type", "application/json"}};
}

}  // namespace

TEST_CASE("lambda readiness: type listed with capacity in the region and two SSH keys is ready",
          "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1", "us-west-1"})),
                  http_answer(200, kTwoKeys)});
  CHECK(out.verdict.status == Status::valid);
  CHECK(ready(out.verdict) == Readiness::yes);
  CHECK(exit_code_for(out.verdict) == 0);
  CHECK(states(out.verdict) ==
        std::vector<std::string>{"instance_type_exists=met", "capacity=met", "ssh_key=met"});
  const auto& exists = requirement(out.verdict, "instance_type_exists");
  CHECK(exists.label == "gpu_1x_a100_sxm4 is a Lambda Cloud instance type");
  CHECK(exists.detail == "Lambda lists gpu_1x_a100_sxm4 (1x A100 (40 GB SXM4))");
  const auto& capacity = requirement(out.verdict, "capacity");
  CHECK(capacity.label == "gpu_1x_a100_sxm4 has capacity in us-east-1 now");
  CHECK(capacity.detail ==
        "gpu_1x_a100_sxm4 has capacity in us-east-1 (regions with capacity: us-east-1, "
        "us-west-1). Capacity changes minute to minute: this is what Lambda listed at the time "
        "of the check");
  CHECK(capacity.hint.empty());
  const auto& keys = requirement(out.verdict, "ssh_key");
  CHECK(keys.detail == "2 SSH keys registered: laptop, ci");
  // Never the public keys themselves.
  CHECK(to_json(out.verdict).dump().find("AAAAC3Nza") == std::string::npos);
  CHECK(exists.evidence.size() == 1);
  CHECK(capacity.evidence.size() == 1);
  CHECK(keys.evidence.size() == 1);
  REQUIRE(out.verdict.evidence.size() == 3);
  CHECK(out.verdict.evidence[1].path == "/api/v1/instance-types");
  CHECK(out.verdict.evidence[2].path == "/api/v1/ssh-keys");
}

TEST_CASE("lambda readiness: the requests are paced, a wait of at least a second between each",
          "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})),
                  http_answer(200, kTwoKeys)});
  CHECK(kLambdaPaceSeconds >= 1);
  CHECK(out.timeline == std::vector<std::string>{"GET /api/v1/instances", "wait 1",
                                                 "GET /api/v1/instance-types", "wait 1",
                                                 "GET /api/v1/ssh-keys"});
  // Without a type there is no readiness and nothing to wait for.
  auto plain = run({http_answer(200, kInstances)}, "", "");
  CHECK(plain.timeline == std::vector<std::string>{"GET /api/v1/instances"});
  CHECK_FALSE(plain.verdict.readiness);
}

TEST_CASE("lambda readiness: every request is a GET on the read-only allow-list, with the key",
          "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})),
                  http_answer(200, kTwoKeys)});
  const std::vector<std::string> read_only = {"/api/v1/instances", "/api/v1/instance-types",
                                              "/api/v1/ssh-keys"};
  REQUIRE(out.sent.size() == 3);
  for (const auto& step : out.sent) {
    const std::string& url = step.request.url;
    INFO(url);
    CHECK(step.request.method == "GET");
    CHECK(step.request.body.empty());
    CHECK(step.endpoint == "api");
    CHECK(std::find(read_only.begin(), read_only.end(),
                    url.substr(std::string("https://cloud.lambda.ai").size())) != read_only.end());
    CHECK(find_header(step.request.headers, "authorization") == "Bearer " + kKey);
  }
  // The docs' request list is the same set.
  for (const auto& r : documented(lambda_provider()).readiness_requests) {
    INFO(r.action);
    CHECK(r.method == "GET");
    CHECK(std::find(read_only.begin(), read_only.end(), r.action) != read_only.end());
  }
}

TEST_CASE("lambda readiness: an unknown type is unmet with the closest names, exit 3",
          "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})),
                  http_answer(200, kTwoKeys)},
                 "gpu_1x_a100");
  CHECK(ready(out.verdict) == Readiness::no);
  CHECK(exit_code_for(out.verdict) == 3);
  const auto& exists = requirement(out.verdict, "instance_type_exists");
  CHECK(exists.state == RequirementState::unmet);
  CHECK(exists.detail ==
        "Lambda lists no instance type named gpu_1x_a100; the closest names: gpu_1x_a10, "
        "gpu_1x_a100_sxm4, gpu_1x_h100_pcie");
  CHECK(exists.hint ==
        "Set lambda_instance_type to one of Lambda's instance type names (the dashboard's launch "
        "page lists them), e.g. gpu_1x_a10.");
  const auto& capacity = requirement(out.verdict, "capacity");
  CHECK(capacity.state == RequirementState::unknown);
  CHECK(capacity.detail == "not checked: gpu_1x_a100 is not an instance type");
  CHECK(requirement(out.verdict, "ssh_key").state == RequirementState::met);
}

TEST_CASE("lambda readiness: capacity only in other regions is unmet, naming them",
          "[lambda][readiness]") {
  auto out =
      run({http_answer(200, kInstances), http_answer(200, types({"us-west-1", "us-south-1"})),
           http_answer(200, kTwoKeys)});
  CHECK(ready(out.verdict) == Readiness::no);
  const auto& capacity = requirement(out.verdict, "capacity");
  CHECK(capacity.state == RequirementState::unmet);
  CHECK(capacity.detail ==
        "gpu_1x_a100_sxm4 has no capacity in us-east-1 now; it has in us-west-1, us-south-1. "
        "Capacity changes minute to minute: this is what Lambda listed at the time of the "
        "check");
  CHECK(capacity.hint ==
        "Set lambda_region to one of us-west-1, us-south-1, or check again later.");
}

TEST_CASE("lambda readiness: no capacity anywhere is unmet, with or without a region",
          "[lambda][readiness]") {
  for (const std::string region : {"us-east-1", ""}) {
    INFO(region);
    auto out =
        run({http_answer(200, kInstances), http_answer(200, types({})), http_answer(200, kTwoKeys)},
            "gpu_1x_a100_sxm4", region);
    const auto& capacity = requirement(out.verdict, "capacity");
    CHECK(capacity.state == RequirementState::unmet);
    CHECK(capacity.detail ==
          "gpu_1x_a100_sxm4 has no capacity in any region now. Capacity changes minute to "
          "minute: this is what Lambda listed at the time of the check");
    CHECK(capacity.hint ==
          "Check again later (capacity is freed as other launches end), or choose another "
          "instance type.");
  }
}

TEST_CASE("lambda readiness: without a region, capacity anywhere is met, naming the regions",
          "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-west-1", "us-east-1"})),
                  http_answer(200, kTwoKeys)},
                 "gpu_1x_a100_sxm4", "");
  const auto& capacity = requirement(out.verdict, "capacity");
  CHECK(capacity.label == "gpu_1x_a100_sxm4 has capacity in some region now");
  CHECK(capacity.state == RequirementState::met);
  CHECK(capacity.detail.rfind("gpu_1x_a100_sxm4 has capacity in us-west-1, us-east-1. ", 0) == 0);
}

TEST_CASE("lambda readiness: no SSH key is unmet with where to add one", "[lambda][readiness]") {
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})),
                  http_answer(200, kNoKeys)});
  CHECK(ready(out.verdict) == Readiness::no);
  const auto& keys = requirement(out.verdict, "ssh_key");
  CHECK(keys.state == RequirementState::unmet);
  CHECK(keys.detail == "no SSH key is registered, and Lambda refuses a launch that names none");
  CHECK(keys.hint ==
        "Add your public key at https://cloud.lambda.ai/ssh-keys (SSH keys, Add SSH key).");
}

TEST_CASE("lambda readiness: a throttled, refused, failed or odd read is unknown with the reason",
          "[lambda][readiness]") {
  const std::string error_500 =
      R"({"error": {"code": "global/internal-error", "message": "An internal error occurred."}})";
  struct Case {
    HttpResult answer;
    std::string detail;
    std::string hint;
  };
  const std::vector<Case> cases = {
      {http_answer(429, "{}", {{"Retry-After", "7"}}),
       "Lambda asked to slow down (429, Retry-After 7 s) on /api/v1/ssh-keys, so credprobe cannot "
       "tell",
       "Lambda allows about one request per second; check again in 7 seconds."},
      {http_answer(429, "{}"),
       "Lambda asked to slow down (429) on /api/v1/ssh-keys, so credprobe cannot tell",
       "Lambda allows about one request per second; check again in a few seconds."},
      {http_answer(403, R"({"error": {"code": "global/account-inactive", "message": "inactive"}})",
                   json_headers()),
       "Lambda refused /api/v1/ssh-keys (403 global/account-inactive), so credprobe cannot tell",
       ""},
      {http_answer(500, error_500, json_headers()),
       "Lambda answered 500 global/internal-error to /api/v1/ssh-keys, which proves nothing "
       "either way",
       "Lambda may be having trouble; try again shortly."},
      {transport_failure(TransportError::timeout),
       "no answer from cloud.lambda.ai to /api/v1/ssh-keys: timeout", ""},
      {http_answer(200, "<html>captive portal</html>"),
       "/api/v1/ssh-keys answered 200, but not with Lambda's {\"data\": ...} shape, which "
       "proves nothing either way",
       ""},
      {http_answer(302, ""), "/api/v1/ssh-keys answered 302, which proves nothing either way",
       "Try again; the evidence shows the answer."},
  };
  for (const auto& c : cases) {
    INFO(c.detail);
    auto out =
        run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})), c.answer});
    CHECK(out.verdict.status == Status::valid);  // readiness never changes the credential
    CHECK(ready(out.verdict) == Readiness::unknown);
    CHECK(exit_code_for(out.verdict) == 4);
    const auto& keys = requirement(out.verdict, "ssh_key");
    CHECK(keys.state == RequirementState::unknown);
    CHECK(keys.detail == c.detail);
    if (!c.hint.empty()) CHECK(keys.hint == c.hint);
  }
  // A failed instance-types read leaves both of its requirements unknown; the SSH keys are
  // still asked.
  auto out =
      run({http_answer(200, kInstances), http_answer(503, "{}"), http_answer(200, kTwoKeys)});
  CHECK(states(out.verdict) == std::vector<std::string>{"instance_type_exists=unknown",
                                                        "capacity=unknown", "ssh_key=met"});
}

TEST_CASE("lambda readiness: a 429 on the instance list stays rate_limited with its Retry-After",
          "[lambda][readiness]") {
  auto out = run({http_answer(429, "{}", {{"Retry-After", "5"}})});
  CHECK(out.verdict.status == Status::rate_limited);
  REQUIRE(out.verdict.retry_after_seconds);
  CHECK(*out.verdict.retry_after_seconds == 5);
  CHECK_FALSE(out.verdict.readiness);
  CHECK(out.timeline == std::vector<std::string>{"GET /api/v1/instances"});
}

TEST_CASE("lambda readiness: the key never reaches a requirement, even when echoed",
          "[lambda][readiness]") {
  const std::string echo =
      R"({"data": [{"id": "x", "name": ")" + kKey + R"(", "public_key": "k"}]})";
  auto out = run({http_answer(200, kInstances), http_answer(200, types({"us-east-1"})),
                  http_answer(200, echo)});
  const std::string json = to_json(out.verdict).dump();
  CHECK(json.find(kKey) == std::string::npos);
  CHECK(json.find(kKey.substr(0, 40)) == std::string::npos);
}

TEST_CASE("lambda readiness: every answer row is reachable by its own token",
          "[lambda][readiness]") {
  for (const auto& row : lambda_readiness_rows()) {
    INFO(row.request << " " << row.requirement << " " << row.match);
    const std::string request = row.request == "*" ? "ssh-keys" : std::string(row.request);
    const std::string requirement =
        row.requirement == "*" ? "ssh_key" : std::string(row.requirement);
    CHECK(&lambda_readiness_row(request, requirement, row.match) == &row);
  }
}

TEST_CASE("closest names: nearest by edit distance, ties in list order, bounded",
          "[lambda][readiness]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("gpu_1x_a10", "gpu_1x_a10") == 0);
  const std::vector<std::string> known = {"gpu_8x_h100_sxm5", "gpu_1x_a10", "gpu_1x_a100_sxm4",
                                          "gpu_1x_a6000"};
  CHECK(closest_names("gpu_1x_a100", known, 2) ==
        std::vector<std::string>{"gpu_1x_a10", "gpu_1x_a6000"});
  CHECK(closest_names("x", {}, 3).empty());
  // Names are cut to kMaxNameLength and only kMaxNamesRanked are ranked.
  const std::string huge(1 << 20, 'a');
  CHECK(edit_distance(huge, huge + "b") == 0);
  std::vector<std::string> many(kMaxNamesRanked + 10, "zzzz");
  many.back() = "gpu";
  CHECK(closest_names("gpu", many, 1) == std::vector<std::string>{"zzzz"});
}
