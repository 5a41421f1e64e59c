// Hugging Face readiness against scripted answers: what whoami-v2 says about writing to the
// namespace, billing and the token's lifetime; the one extra request (the Hub's public hardware
// list, GET and nothing else); `ready` and the exit code; the flavour table.
#include <catch2/catch.hpp>

#include "credprobe/check.hpp"
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "credprobe/huggingface/space_answers.hpp"
#include "credprobe/huggingface/space_hardware.hpp"
#include "credprobe/huggingface/whoami_facts.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kToken = "hf_" + std::string(34, 'x');
constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z
const char* kHubDate = "Fri, 28 Nov 2025 13:20:00 GMT";

// A whoami-v2 body: ada, in `orgs`, with a token of `role`; `extra_token` and `extra_user` are
// spliced into the accessToken and the top-level object.
std::string whoami(const std::string& role, const std::string& orgs = "[]",
                   const std::string& extra_token = "", const std::string& extra_user = "") {
  return R"({"type":"user","name":"ada","fullname":"Ada","canPay":false,"isPro":false,)" +
         extra_user + R"("orgs":)" + orgs +
         R"(,"auth":{"type":"access_token","accessToken":{"displayName":"nb","role":")" + role +
         "\"" + extra_token + "}}}";
}

std::string org(const std::string& name, const std::string& role, bool can_pay) {
  return R"({"type":"org","name":")" + name + R"(","roleInOrg":")" + role + R"(","canPay":)" +
         (can_pay ? "true" : "false") + "}";
}

std::string fine_grained(const std::string& entity_type, const std::string& entity,
                         const std::string& permissions) {
  return R"(,"fineGrained":{"canReadGatedRepos":false,"global":["discussion.write"],)"
         R"("scoped":[{"entity":{"_id":"1","type":")" +
         entity_type + R"(","name":")" + entity + R"("},"permissions":)" + permissions + "}]}";
}

const std::string kHardware =
    R"([{"name":"cpu-basic","prettyName":"CPU Basic","cpu":"2 vCPU","ram":"16 GB"},)"
    R"({"name":"t4-small","prettyName":"Nvidia T4 - small","cpu":"4 vCPU","ram":"15 GB"},)"
    R"({"name":"zero-a10g","prettyName":"ZeroGPU","cpu":"?","ram":"?"}])";

HttpResult hub(int status, std::string body) {
  return http_answer(status, std::move(body),
                     {{"Content-Type", "application/json; charset=utf-8"}, {"Date", kHubDate}});
}

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
};

Outcome run(std::vector<HttpResult> script, const std::string& namespace_name,
            const std::string& hardware) {
  CheckRequest request;
  request.fields = {{"hf_token", kToken}};
  if (!namespace_name.empty()) request.fields["hf_username"] = namespace_name;
  if (!hardware.empty()) request.fields["hf_hardware"] = hardware;
  request.now = kNow;
  auto prepared = prepare_check(huggingface_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent()};
}

// whoami-v2, then the hardware list when a flavour is given.
Outcome run_with(const std::string& whoami_body, const std::string& namespace_name = "",
                 const std::string& hardware = "t4-small") {
  std::vector<HttpResult> script = {hub(200, whoami_body)};
  if (!hardware.empty()) script.push_back(hub(200, kHardware));
  return run(std::move(script), namespace_name, hardware);
}

const Requirement& requirement(const Verdict& v, const std::string& id) {
  REQUIRE(v.readiness);
  for (const auto& r : *v.readiness) {
    if (r.id == id) return r;
  }
  FAIL("no requirement " << id);
  return v.readiness->front();
}

std::vector<std::string> ids(const Verdict& v) {
  std::vector<std::string> out;
  if (v.readiness) {
    for (const auto& r : *v.readiness) out.push_back(r.id);
  }
  return out;
}

}  // namespace

TEST_CASE("hf readiness: a write token with a payment method is ready, in two requests") {
  auto out = run_with(whoami("write", "[]", "", R"("canPay":true,)"), "ada");
  CHECK(out.verdict.status == Status::valid);
  CHECK(ready(out.verdict) == Readiness::yes);
  CHECK(exit_code_for(out.verdict) == 0);
  CHECK(ids(out.verdict) == std::vector<std::string>{"namespace_write", "hardware_flavour",
                                                     "hardware_billing", "token_lifetime"});
  REQUIRE(out.sent.size() == 2);
  CHECK(out.sent[1].endpoint == "hub");
  CHECK(out.sent[1].request.url == "https://huggingface.co/api/spaces/hardware");
  const auto& write = requirement(out.verdict, "namespace_write");
  CHECK(write.label == "the token may create a Space in ada");
  CHECK(write.state == RequirementState::met);
  CHECK(write.detail == "the token's role is write; ada is the token owner's own namespace");
  CHECK(write.hint.empty());
  const auto& flavour = requirement(out.verdict, "hardware_flavour");
  CHECK(flavour.label == "t4-small is Space hardware the Hub offers");
  CHECK(flavour.detail == "the Hub's hardware list has t4-small (Nvidia T4 - small)");
  REQUIRE(flavour.evidence.size() == 1);
  CHECK(flavour.evidence[0].path == "/api/spaces/hardware");
  const auto& billing = requirement(out.verdict, "hardware_billing");
  CHECK(billing.label == "t4-small can be billed to ada");
  CHECK(billing.detail ==
        "t4-small is billed by the minute, and whoami-v2 reports a payment method on ada "
        "(canPay)");
  const auto& lifetime = requirement(out.verdict, "token_lifetime");
  CHECK(lifetime.detail == "whoami-v2 reports no expiration for the token");
  CHECK(lifetime.evidence.at(0).path == "/api/whoami-v2");
  // The session records every request, whoami-v2 first.
  REQUIRE(out.verdict.evidence.size() == 2);
  CHECK(out.verdict.evidence[1].path == "/api/spaces/hardware");
}

TEST_CASE("hf readiness: every request is a GET, and the hardware list carries no token") {
  auto out = run_with(whoami("write"), "ada");
  REQUIRE(out.sent.size() == 2);
  // The read-only allow-list: whoami-v2 (the credential's own request) and the public list.
  const std::vector<std::string> read_only = {"https://huggingface.co/api/whoami-v2",
                                              "https://huggingface.co/api/spaces/hardware"};
  for (const auto& step : out.sent) {
    INFO(step.request.url);
    CHECK(step.request.method == "GET");
    CHECK(step.request.body.empty());
    CHECK(std::find(read_only.begin(), read_only.end(), step.request.url) != read_only.end());
  }
  CHECK(!find_header(out.sent[1].request.headers, "Authorization"));
  // The docs' request list is the same set, every one a GET.
  for (const auto& r : space_readiness_requests()) {
    INFO(r.path);
    CHECK(r.method == "GET");
    CHECK(std::find(read_only.begin(), read_only.end(),
                    "https://huggingface.co" + std::string(r.path)) != read_only.end());
  }
}

TEST_CASE("hf readiness: a read token is unmet with the token page; exit 3") {
  auto out = run_with(whoami("read"), "ada", "cpu-basic");
  const auto& write = requirement(out.verdict, "namespace_write");
  CHECK(write.state == RequirementState::unmet);
  CHECK(write.detail == "the token's role is read: it may not create repos, so no Space");
  CHECK(write.hint ==
        "Create a token with the write role, or a fine-grained token with \"Write access to "
        "contents/settings of all repos\" (repo.write) under ada: "
        "https://huggingface.co/settings/tokens");
  CHECK(requirement(out.verdict, "hardware_billing").detail ==
        "cpu-basic is the free CPU tier: no payment method is needed");
  CHECK(ready(out.verdict) == Readiness::no);
  CHECK(exit_code_for(out.verdict) == 3);
}

TEST_CASE("hf readiness: a fine-grained token needs repo.write on the namespace itself") {
  const std::string orgs = "[" + org("acme", "write", true) + "]";
  SECTION("repo.write on the org is met") {
    auto out = run_with(
        whoami("fineGrained", orgs, fine_grained("org", "acme", R"(["repo.write"])")), "acme");
    const auto& write = requirement(out.verdict, "namespace_write");
    CHECK(write.state == RequirementState::met);
    CHECK(write.detail ==
          "the fine-grained token holds repo.write on acme; ada is write in acme, a role that may "
          "create repos");
    CHECK(ready(out.verdict) == Readiness::yes);
  }
  SECTION("read only on the org is unmet, naming the grants") {
    auto out = run_with(
        whoami("fineGrained", orgs, fine_grained("org", "acme", R"(["repo.content.read"])")),
        "acme");
    const auto& write = requirement(out.verdict, "namespace_write");
    CHECK(write.state == RequirementState::unmet);
    CHECK(write.detail ==
          "the fine-grained token holds no repo.write on acme (its grants: org acme: "
          "repo.content.read)");
    CHECK(write.hint.find("under acme, allow \"Write access to contents/settings of all "
                          "repos\" (repo.write)") != std::string::npos);
    CHECK(exit_code_for(out.verdict) == 3);
  }
  SECTION("repo.write on one repo of the namespace does not create a new one") {
    auto out = run_with(
        whoami("fineGrained", orgs, fine_grained("space", "acme/demo", R"(["repo.write"])")),
        "acme");
    CHECK(requirement(out.verdict, "namespace_write").state == RequirementState::unmet);
  }
}

TEST_CASE("hf readiness: the org role decides: read may not create repos, contributor may") {
  SECTION("read") {
    auto out = run_with(whoami("write", "[" + org("acme", "read", true) + "]"), "acme");
    const auto& write = requirement(out.verdict, "namespace_write");
    CHECK(write.state == RequirementState::unmet);
    CHECK(write.detail == "ada is a read member of acme: read members may not create repos");
    CHECK(write.hint ==
          "Ask an admin of acme for the contributor, write or admin role (organization "
          "settings, Members).");
  }
  for (const char* role : {"contributor", "write", "admin"}) {
    INFO(role);
    auto out = run_with(whoami("write", "[" + org("acme", role, true) + "]"), "acme");
    CHECK(requirement(out.verdict, "namespace_write").state == RequirementState::met);
  }
  SECTION("a role credprobe does not know is unknown") {
    auto out = run_with(whoami("write", "[" + org("acme", "owner", true) + "]"), "acme");
    CHECK(requirement(out.verdict, "namespace_write").state == RequirementState::unknown);
    CHECK(exit_code_for(out.verdict) == 4);
  }
  SECTION("a namespace that is neither the user nor an org of theirs is unmet") {
    auto out = run_with(whoami("write", "[" + org("acme", "admin", true) + "]"), "acme-labs");
    const auto& write = requirement(out.verdict, "namespace_write");
    CHECK(write.state == RequirementState::unmet);
    CHECK(write.detail == "acme-labs is neither ada nor one of ada's organizations (acme)");
    CHECK(requirement(out.verdict, "hardware_billing").state == RequirementState::unknown);
  }
}

TEST_CASE("hf readiness: paid hardware needs canPay on the namespace; cpu-basic does not") {
  SECTION("a user without a payment method") {
    auto out = run_with(whoami("write"), "ada", "t4-small");
    const auto& billing = requirement(out.verdict, "hardware_billing");
    CHECK(billing.state == RequirementState::unmet);
    CHECK(billing.detail ==
          "t4-small is billed by the minute, and whoami-v2 reports no payment method on ada "
          "(canPay false)");
    CHECK(billing.hint ==
          "Add a payment method to ada (https://huggingface.co/settings/billing), or use the "
          "free cpu-basic.");
    CHECK(exit_code_for(out.verdict) == 3);
  }
  SECTION("an org: its own canPay counts, not the user's") {
    auto paying = run_with(whoami("write", "[" + org("acme", "admin", true) + "]"), "acme");
    CHECK(requirement(paying.verdict, "hardware_billing").state == RequirementState::met);
    auto not_paying = run_with(
        whoami("write", "[" + org("acme", "admin", false) + "]", "", R"("canPay":true,)"), "acme");
    const auto& billing = requirement(not_paying.verdict, "hardware_billing");
    CHECK(billing.state == RequirementState::unmet);
    CHECK(billing.hint ==
          "Add a payment method to acme "
          "(https://huggingface.co/organizations/acme/settings/billing), or use the free "
          "cpu-basic.");
  }
  SECTION("no canPay in the answer is unknown") {
    auto out = run_with(whoami("write", R"([{"name":"acme","roleInOrg":"admin"}])"), "acme");
    CHECK(requirement(out.verdict, "hardware_billing").state == RequirementState::unknown);
  }
  SECTION("cpu-basic is free") {
    auto out = run_with(whoami("write"), "ada", "cpu-basic");
    CHECK(requirement(out.verdict, "hardware_billing").state == RequirementState::met);
    CHECK(ready(out.verdict) == Readiness::yes);
  }
  SECTION("ZeroGPU needs PRO for a user") {
    auto not_pro = run_with(whoami("write"), "ada", "zero-a10g");
    CHECK(requirement(not_pro.verdict, "hardware_billing").state == RequirementState::unmet);
    auto pro = run_with(whoami("write", "[]", "", R"("isPro":true,)"), "ada", "zero-a10g");
    CHECK(requirement(pro.verdict, "hardware_billing").state == RequirementState::met);
  }
}

TEST_CASE("hf readiness: a flavour the Hub does not list is unmet, with the Hub's flavours") {
  auto out = run_with(whoami("write", "[]", "", R"("canPay":true,)"), "ada", "t4-large");
  const auto& flavour = requirement(out.verdict, "hardware_flavour");
  CHECK(flavour.state == RequirementState::unmet);
  CHECK(flavour.detail == "the Hub's hardware list has no t4-large");
  CHECK(flavour.hint ==
        "Set hf_hardware to one of the Hub's flavours: cpu-basic, t4-small, "
        "zero-a10g.");
  const auto& billing = requirement(out.verdict, "hardware_billing");
  CHECK(billing.state == RequirementState::unknown);
  CHECK(billing.detail == "not checked: the Hub lists no t4-large");
  CHECK(exit_code_for(out.verdict) == 3);
}

TEST_CASE("hf readiness: a denied, throttled or failed hardware list is unknown, never unmet") {
  const std::string w = whoami("write", "[]", "", R"("canPay":true,)");
  struct Case {
    HttpResult answer;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {hub(403, R"({"error":"Forbidden"})"),
       "the Hub refused its hardware list (HTTP 403), so credprobe cannot tell"},
      {hub(401, R"({"error":"Invalid credentials in Authorization header"})"),
       "the Hub refused its hardware list (HTTP 401), so credprobe cannot tell"},
      {hub(429, R"({"error":"slow down"})"),
       "the Hub asked to slow down (HTTP 429), so credprobe cannot tell"},
      {hub(500, R"({"error":"Internal Error"})"),
       "the Hub answered HTTP 500 to its hardware list, which proves nothing either way"},
      {hub(200, "<html>portal</html>"),
       "the Hub answered HTTP 200 to its hardware list, which proves nothing either way"},
      {hub(200, "[]"),
       "the Hub answered HTTP 200 to its hardware list, which proves nothing either way"},
      {transport_failure(TransportError::timeout), "no answer from huggingface.co: timeout"},
  };
  for (const auto& c : cases) {
    INFO(c.detail);
    auto out = run({hub(200, w), c.answer}, "ada", "t4-small");
    CHECK(out.verdict.status == Status::valid);
    const auto& flavour = requirement(out.verdict, "hardware_flavour");
    CHECK(flavour.state == RequirementState::unknown);
    CHECK(flavour.detail == c.detail);
    CHECK(!flavour.hint.empty());
    // Billing is still decided from whoami-v2.
    CHECK(requirement(out.verdict, "hardware_billing").state == RequirementState::met);
    CHECK(ready(out.verdict) == Readiness::unknown);
    CHECK(exit_code_for(out.verdict) == 4);
  }
}

TEST_CASE("hf readiness: the token's expiration is in the detail; past the Hub's clock, expired") {
  SECTION("expiring in three days") {
    auto out = run_with(whoami("fineGrained", "[]",
                               fine_grained("user", "ada", R"(["repo.write"])") +
                                   R"(,"expiration":"2025-12-01T15:20:00.000Z")"),
                        "", "cpu-basic");
    const auto& lifetime = requirement(out.verdict, "token_lifetime");
    CHECK(lifetime.state == RequirementState::met);
    CHECK(lifetime.detail ==
          "the token expires at 2025-12-01T15:20:00Z, in 3 days 2 hours: a run that lasts "
          "longer loses access then");
    CHECK(ready(out.verdict) == Readiness::yes);
  }
  SECTION("past the Hub's own Date: the credential is expired, and no readiness runs") {
    auto out = run({hub(200, whoami("write", "[]", R"(,"expiration":"2025-11-28T13:00:00Z")"))},
                   "ada", "t4-small");
    CHECK(out.verdict.status == Status::expired);
    CHECK(out.verdict.summary ==
          "Hugging Face reports that the token expired at 2025-11-28T13:00:00Z, and its clock "
          "reads Fri, 28 Nov 2025 13:20:00 GMT");
    CHECK(!out.verdict.readiness);
    CHECK(out.sent.size() == 1);
    CHECK(exit_code_for(out.verdict) != 0);
  }
  SECTION("past this machine's clock only (no Date from the Hub): valid, lifetime unknown") {
    auto out =
        run({http_answer(200, whoami("write", "[]", R"(,"expiration":"2025-11-28T13:00:00Z")"))},
            "ada", "");
    CHECK(out.verdict.status == Status::valid);
    const auto& lifetime = requirement(out.verdict, "token_lifetime");
    CHECK(lifetime.state == RequirementState::unknown);
    CHECK(lifetime.detail ==
          "the Hub accepted the token, but the expiration it reports (2025-11-28T13:00:00Z) is "
          "before this machine's clock (2025-11-28T13:20:00Z)");
  }
}

TEST_CASE("hf readiness: the namespace alone asks no more than whoami-v2") {
  auto out = run({hub(200, whoami("write"))}, "ada", "");
  CHECK(out.sent.size() == 1);
  CHECK(ids(out.verdict) == std::vector<std::string>{"namespace_write", "token_lifetime"});
  CHECK(ready(out.verdict) == Readiness::yes);
  SECTION("an empty namespace is the token's own user") {
    auto own = run_with(whoami("write", "[]", "", R"("canPay":true,)"), "", "t4-small");
    CHECK(requirement(own.verdict, "namespace_write").label ==
          "the token may create a Space in ada");
  }
}

TEST_CASE("hf readiness: absent without compute fields, and never after an invalid token") {
  auto none = run({hub(200, whoami("write"))}, "", "");
  CHECK(!none.verdict.readiness);
  CHECK(none.sent.size() == 1);
  auto invalid = run({hub(401, R"({"error":"Invalid credentials in Authorization header"})")},
                     "ada", "t4-small");
  CHECK(invalid.verdict.status == Status::invalid);
  CHECK(!invalid.verdict.readiness);
  CHECK(invalid.sent.size() == 1);
}

TEST_CASE("hf readiness: answer table rows are reachable by their own tokens") {
  for (const auto& row : space_answer_rows()) {
    INFO(row.requirement << " " << row.match);
    const SpaceAnswerRow& found =
        space_answer_row(row.requirement, {std::string(row.match)}, row.status ? row.status : 200);
    CHECK(&found == &row);
  }
}

TEST_CASE("space hardware: cpu-basic is the only free flavour; unknown names bill as paid") {
  CHECK(space_billing_of("cpu-basic") == SpaceBilling::free);
  CHECK(space_billing_of("zero-a10g") == SpaceBilling::zero_gpu);
  CHECK(space_billing_of("t4-small") == SpaceBilling::paid);
  CHECK(space_billing_of("h200x8-new") == SpaceBilling::paid);
  int free = 0;
  for (const auto& f : space_hardware_flavours()) free += f.billing == SpaceBilling::free;
  CHECK(free == 1);
  CHECK(space_hardware_flavours().size() == 21);
}

TEST_CASE("iso8601: the Hub's expiration dates, and nothing else") {
  CHECK(parse_iso8601_utc("2025-11-28T13:20:00Z") == kNow);
  CHECK(parse_iso8601_utc("2025-11-28T13:20:00.123Z") == kNow);
  CHECK(parse_iso8601_utc("2025-11-28T13:20:00+00:00") == kNow);
  CHECK(!parse_iso8601_utc("2025-11-28T13:20:00+02:00"));
  CHECK(!parse_iso8601_utc("2025-11-28"));
  CHECK(!parse_iso8601_utc("2025-13-28T13:20:00Z"));
  CHECK(!parse_iso8601_utc("2025-11-28T13:20:00.Z"));
  CHECK(!parse_iso8601_utc(""));
}
