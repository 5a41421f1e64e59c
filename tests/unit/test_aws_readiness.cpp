// AWS readiness against scripted answers: the requests it sends (each read-only but the dry run,
// which carries DryRun=true), the route from each answer to a requirement, `ready` and the exit
// code, and the family -> quota table.
#include <catch2/catch.hpp>

#include "credprobe/aws/aws_provider.hpp"
#include "credprobe/aws/ec2_answers.hpp"
#include "credprobe/aws/quota_codes.hpp"
#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/scripted_driver.hpp"

using namespace credprobe;

namespace {

const std::string kKeyId = "AKIAIOSFODNN7EXAMPLE";
const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::int64_t kNow = 1764336000;

const std::string kSts =
    R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
    R"("Arn":"arn:aws:iam::123456789012:user/ada","UserId":"AIDAEXAMPLE"}}})";
const std::string kOffered =
    "<DescribeInstanceTypeOfferingsResponse><instanceTypeOfferingSet><item><instanceType>"
    "g5.xlarge</instanceType><locationType>region</locationType><location>us-west-2</location>"
    "</item></instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>";
const std::string kNotOffered =
    "<DescribeInstanceTypeOfferingsResponse><instanceTypeOfferingSet><item><instanceType>"
    "g5.xlarge2</instanceType></item></instanceTypeOfferingSet>"
    "</DescribeInstanceTypeOfferingsResponse>";
const std::string kTypes =
    "<DescribeInstanceTypesResponse><instanceTypeSet><item><instanceType>g5.xlarge</instanceType>"
    "<processorInfo><supportedArchitectures><item>x86_64</item></supportedArchitectures>"
    "</processorInfo><vCpuInfo><defaultVCpus>4</defaultVCpus></vCpuInfo></item>"
    "</instanceTypeSet></DescribeInstanceTypesResponse>";
const std::string kImages =
    "<DescribeImagesResponse><imagesSet><item><imageId>ami-old</imageId><creationDate>"
    "2024-01-01T00:00:00.000Z</creationDate></item><item><imageId>ami-new</imageId>"
    "<creationDate>2025-01-01T00:00:00.000Z</creationDate></item><item><imageId>ami-mid"
    "</imageId><creationDate>2024-06-01T00:00:00.000Z</creationDate></item></imagesSet>"
    "</DescribeImagesResponse>";

std::string quota(double value) {
  return R"({"Quota":{"QuotaCode":"L-DB2E81BA","Value":)" + std::to_string(value) + "}}";
}

std::string ec2_error(const std::string& code, const std::string& message = "refused") {
  return "<?xml version=\"1.0\"?><Response><Errors><Error><Code>" + code + "</Code><Message>" +
         message + "</Message></Error></Errors><RequestID>r</RequestID></Response>";
}

const std::string kDryRunOk = ec2_error("DryRunOperation", "Request would have succeeded");
const std::string kUnauthorized = ec2_error(
    "UnauthorizedOperation",
    "You are not authorized to perform this operation. Encoded authorization failure message: "
    "ENCODED-abc123");

struct Outcome {
  Verdict verdict;
  std::vector<SendStep> sent;
  int round_trips = 0;  // dependent rounds of requests (ScriptedDriver::round_trips)
};

Outcome run(std::vector<HttpResult> script, const std::string& type = "g5.xlarge",
            ScriptedDriver::Feed feed = ScriptedDriver::Feed::as_sent) {
  CheckRequest request;
  request.fields = {{"aws_access_key_id", kKeyId},
                    {"aws_secret_access_key", kSecret},
                    {"aws_region", "us-west-2"}};
  if (!type.empty()) request.fields["aws_instance_type"] = type;
  request.now = kNow;
  auto prepared = prepare_check(aws_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(std::move(script));
  driver.feed_order(feed);
  Verdict verdict = driver.run(std::move(prepared));
  return {verdict, driver.sent(), driver.round_trips()};
}

const Requirement& requirement(const Verdict& v, const std::string& id) {
  REQUIRE(v.readiness);
  for (const auto& r : *v.readiness) {
    if (r.id == id) return r;
  }
  FAIL("no requirement " << id);
  return v.readiness->front();
}

// The parameters of a form body, decoded.
std::vector<std::pair<std::string, std::string>> form_of(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string::npos) amp = body.size();
    const std::string pair = body.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    out.emplace_back(
        url_decode(pair.substr(0, eq), true).value_or("?"),
        url_decode(eq == std::string::npos ? "" : pair.substr(eq + 1), true).value_or("?"));
    pos = amp + 1;
  }
  return out;
}

std::string param(const std::string& body, const std::string& name) {
  for (const auto& [k, v] : form_of(body)) {
    if (k == name) return v;
  }
  return {};
}

std::string header(const HttpRequest& request, const std::string& name) {
  return find_header(request.headers, name).value_or("");
}

// What a request asks for: the query action, or the JSON 1.1 target.
std::string action_of(const SendStep& step) {
  const std::string target = header(step.request, "X-Amz-Target");
  if (!target.empty()) return target;
  const std::string in_body = param(step.request.body, "Action");
  if (!in_body.empty()) return in_body;
  const auto q = step.request.url.find("Action=");
  return q == std::string::npos
             ? ""
             : step.request.url.substr(q + 7, step.request.url.find('&', q) - q - 7);
}

}  // namespace

TEST_CASE("readiness: permitted key with quota 64 is ready, in six requests") {
  auto out =
      run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
           http_answer(200, quota(64)), http_answer(200, kImages), http_answer(412, kDryRunOk)});
  CHECK(out.verdict.status == Status::valid);
  CHECK(ready(out.verdict) == Readiness::yes);
  CHECK(exit_code_for(out.verdict) == 0);
  REQUIRE(out.sent.size() == 6);
  CHECK(out.sent[1].endpoint == "ec2");
  CHECK(out.sent[1].request.url == "https://ec2.us-west-2.amazonaws.com/");
  CHECK(out.sent[3].endpoint == "servicequotas");
  CHECK(out.sent[3].request.url == "https://servicequotas.us-west-2.amazonaws.com/");
  CHECK(out.sent[3].request.body == R"({"ServiceCode":"ec2","QuotaCode":"L-DB2E81BA"})");
  CHECK(param(out.sent[5].request.body, "ImageId") == "ami-new");
  CHECK(param(out.sent[4].request.body, "Filter.1.Value.1") ==
        "al2023-ami-2023.*-kernel-6.1-x86_64");
  CHECK(
      requirement(out.verdict, "vcpu_quota").detail.rfind("quota 64 vCPUs; g5.xlarge needs 4", 0) ==
      0);
  CHECK(requirement(out.verdict, "instance_type_offered").evidence.size() == 1);
  CHECK(requirement(out.verdict, "vcpu_quota").evidence.size() == 2);
  CHECK(requirement(out.verdict, "launch_permission").evidence.size() == 2);
  // The check session records every request the check sent, in order, STS first.
  REQUIRE(out.verdict.evidence.size() == 6);
  CHECK(out.verdict.evidence[0].host == "sts.us-west-2.amazonaws.com");
  CHECK(out.verdict.evidence[1].host == "ec2.us-west-2.amazonaws.com");
  CHECK(out.verdict.evidence[3].host == "servicequotas.us-west-2.amazonaws.com");
}

TEST_CASE("readiness: the reads that need only the type go out at once; 4 round trips") {
  const std::vector<HttpResult> script = {http_answer(200, kSts),    http_answer(200, kOffered),
                                          http_answer(200, kTypes),  http_answer(200, quota(64)),
                                          http_answer(200, kImages), http_answer(412, kDryRunOk)};
  auto in_order = run(script);
  // STS; the offering, the type and its quota together; the image; the dry run.
  CHECK(in_order.round_trips == 4);
  CHECK(in_order.round_trips == aws_provider().readiness_critical_path);
  // The same answers arriving last first: the same verdict, the same evidence order.
  auto reversed = run(script, "g5.xlarge", ScriptedDriver::Feed::reversed);
  CHECK(to_json(reversed.verdict).dump() == to_json(in_order.verdict).dump());
  CHECK(ready(reversed.verdict) == Readiness::yes);
  // Each answer is read as its own request's: the quota 0 of a reversed run is still unmet.
  auto short_quota = script;
  short_quota[3] = http_answer(200, quota(0));
  auto zero = run(short_quota, "g5.xlarge", ScriptedDriver::Feed::reversed);
  CHECK(requirement(zero.verdict, "vcpu_quota").state == RequirementState::unmet);
  CHECK(requirement(zero.verdict, "instance_type_offered").state == RequirementState::met);
}

TEST_CASE("readiness: every request is read-only but RunInstances, which is a dry run") {
  // The refused path sends every request the check can send (decode included).
  auto out =
      run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
           http_answer(200, quota(64)), http_answer(200, kImages), http_answer(403, kUnauthorized),
           http_answer(403,
                       "<ErrorResponse><Error><Code>AccessDenied</Code></Error>"
                       "</ErrorResponse>")});
  REQUIRE(out.sent.size() == 7);
  const std::vector<std::string> read_only = {
      "GetCallerIdentity",     "DescribeInstanceTypeOfferings",
      "DescribeInstanceTypes", "ServiceQuotasV20190624.GetServiceQuota",
      "DescribeImages",        "DecodeAuthorizationMessage"};
  int dry_runs = 0;
  for (const auto& step : out.sent) {
    const std::string action = action_of(step);
    INFO(action);
    if (action == "RunInstances") {
      CHECK(param(step.request.body, "DryRun") == "true");
      ++dry_runs;
    } else {
      CHECK(std::find(read_only.begin(), read_only.end(), action) != read_only.end());
    }
  }
  CHECK(dry_runs == 1);
  // The docs' request list is the same set.
  for (const auto& r : ec2_readiness_requests()) {
    INFO(r.action);
    CHECK((r.action == "RunInstances" ||
           std::find(read_only.begin(), read_only.end(), r.action) != read_only.end() ||
           "ServiceQuotasV20190624." + std::string(r.action) == read_only[3]));
  }
}

TEST_CASE("readiness: quota 0 is unmet with the quota-increase page; exit 3") {
  auto out =
      run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
           http_answer(200, quota(0)), http_answer(200, kImages), http_answer(412, kDryRunOk)});
  const auto& q = requirement(out.verdict, "vcpu_quota");
  CHECK(q.state == RequirementState::unmet);
  CHECK(q.detail ==
        "quota 0 vCPUs; g5.xlarge needs 4 (Running On-Demand G and VT instances, L-DB2E81BA in "
        "us-west-2)");
  CHECK(q.hint ==
        "Request an increase of \"Running On-Demand G and VT instances\" to at least 4 vCPUs: "
        "https://console.aws.amazon.com/servicequotas/home/services/ec2/quotas/"
        "L-DB2E81BA?region=us-west-2");
  CHECK(ready(out.verdict) == Readiness::no);
  CHECK(out.verdict.status == Status::valid);
  CHECK(exit_code_for(out.verdict) == 3);
}

// A hostile or garbled quota is read as the number it says, and said as words when no count is
// that large: casting 1e300 to an integer would be undefined behaviour (UBSan stops the test).
TEST_CASE("readiness: a quota of 1e300 covers the type and reads as more than 10^15") {
  const std::string huge = R"({"Quota":{"QuotaCode":"L-DB2E81BA","Value":1e300}})";
  auto out = run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
                  http_answer(200, huge), http_answer(200, kImages), http_answer(412, kDryRunOk)});
  const auto& q = requirement(out.verdict, "vcpu_quota");
  CHECK(q.state == RequirementState::met);
  CHECK(q.detail.rfind("quota more than 10^15 vCPUs; g5.xlarge needs 4", 0) == 0);
  CHECK(ready(out.verdict) == Readiness::yes);
}

TEST_CASE("readiness: a negative quota is below any need and reads with its sign") {
  auto out =
      run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
           http_answer(200, quota(-2)), http_answer(200, kImages), http_answer(412, kDryRunOk)});
  const auto& q = requirement(out.verdict, "vcpu_quota");
  CHECK(q.state == RequirementState::unmet);
  CHECK(q.detail.rfind("quota -2 vCPUs; g5.xlarge needs 4", 0) == 0);
}

TEST_CASE("readiness: UnauthorizedOperation only in a 403 is unmet; the decode is sent") {
  auto out =
      run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
           http_answer(200, quota(64)), http_answer(200, kImages), http_answer(403, kUnauthorized),
           http_answer(200,
                       "<DecodeAuthorizationMessageResponse><DecodeAuthorizationMessageResult>"
                       "<DecodedMessage>{&quot;allowed&quot;:false,&quot;explicitDeny&quot;:true,"
                       "&quot;context&quot;:{&quot;action&quot;:&quot;ec2:RunInstances&quot;,"
                       "&quot;resource&quot;:&quot;arn:aws:ec2:us-west-2:1:instance/*&quot;}}"
                       "</DecodedMessage></DecodeAuthorizationMessageResult>"
                       "</DecodeAuthorizationMessageResponse>")});
  REQUIRE(out.sent.size() == 7);
  CHECK(param(out.sent[6].request.body, "EncodedMessage") == "ENCODED-abc123");
  CHECK(out.sent[6].endpoint == "sts");
  const auto& launch = requirement(out.verdict, "launch_permission");
  CHECK(launch.state == RequirementState::unmet);
  CHECK(launch.detail ==
        "the dry run of one g5.xlarge answered UnauthorizedOperation: ec2:RunInstances is not "
        "allowed; AWS's decoded reason: an explicit Deny matches ec2:RunInstances on "
        "arn:aws:ec2:us-west-2:1:instance/*");
  CHECK(exit_code_for(out.verdict) == 3);

  // The same code in a 500 proves nothing.
  auto odd = run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
                  http_answer(200, quota(64)), http_answer(200, kImages),
                  http_answer(500, kUnauthorized)});
  CHECK(requirement(odd.verdict, "launch_permission").state == RequirementState::unknown);
  CHECK(odd.sent.size() == 6);
}

TEST_CASE("readiness: a denied, throttled or failed read is unknown, naming the permission") {
  auto denied = run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
                     http_answer(400, R"({"__type":"AccessDeniedException","Message":"no"})"),
                     http_answer(200, kImages), http_answer(412, kDryRunOk)});
  const auto& q = requirement(denied.verdict, "vcpu_quota");
  CHECK(q.state == RequirementState::unknown);
  CHECK(q.detail ==
        "the key may not call servicequotas:GetServiceQuota (AccessDeniedException), so "
        "credprobe cannot tell");
  CHECK(ready(denied.verdict) == Readiness::unknown);
  CHECK(exit_code_for(denied.verdict) == 4);

  auto throttled = run({http_answer(200, kSts), http_answer(503, ec2_error("RequestLimitExceeded")),
                        http_answer(200, kTypes), http_answer(200, quota(64)),
                        http_answer(200, kImages), http_answer(412, kDryRunOk)});
  const auto& offered = requirement(throttled.verdict, "instance_type_offered");
  CHECK(offered.state == RequirementState::unknown);
  CHECK(offered.detail ==
        "EC2 asked to slow down (RequestLimitExceeded), so credprobe cannot tell");

  auto gone = run({http_answer(200, kSts), http_answer(200, kOffered), http_answer(200, kTypes),
                   http_answer(200, quota(64)), transport_failure(TransportError::timeout)});
  const auto& launch = requirement(gone.verdict, "launch_permission");
  CHECK(launch.state == RequirementState::unknown);
  CHECK(launch.detail == "no answer from ec2.us-west-2.amazonaws.com: timeout");
  CHECK(gone.sent.size() == 5);
}

TEST_CASE("readiness: an answer that is not the action's one XML document decides nothing") {
  // What the emulator's malformed-body fault sends: the real list inside a body that is not XML;
  // and a proxy's page around it.
  for (const std::string& body :
       {"{\"emulator\" " + kOffered + "}", "<html>" + kOffered + "</html>"}) {
    INFO(body);
    auto out =
        run({http_answer(200, kSts), http_answer(200, body), http_answer(200, kTypes),
             http_answer(200, quota(64)), http_answer(200, kImages), http_answer(412, kDryRunOk)});
    const auto& offered = requirement(out.verdict, "instance_type_offered");
    CHECK(offered.state == RequirementState::unknown);
    CHECK(offered.detail ==
          "EC2 answered HTTP 200 (no error code) to DescribeInstanceTypeOfferings, which proves "
          "nothing either way");
    CHECK(ready(out.verdict) == Readiness::unknown);
  }
}

TEST_CASE("readiness: a type the region does not offer is unmet and nothing more is read") {
  auto out = run({http_answer(200, kSts), http_answer(200, kNotOffered)});
  // The offering, the type and its quota went out together; the check ends at the first answer
  // and sends nothing after it.
  CHECK(out.sent.size() == 4);
  const auto& offered = requirement(out.verdict, "instance_type_offered");
  CHECK(offered.state == RequirementState::unmet);
  CHECK(offered.detail ==
        "g5.xlarge is not offered in us-west-2: the region's offerings do not list it");
  CHECK(requirement(out.verdict, "vcpu_quota").detail ==
        "not checked: g5.xlarge is not offered in us-west-2");
  CHECK(ready(out.verdict) == Readiness::no);
}

TEST_CASE("readiness: absent without aws_instance_type, and never after an invalid key") {
  auto none = run({http_answer(200, kSts)}, "");
  CHECK(!none.verdict.readiness);
  CHECK(!ready(none.verdict));
  CHECK(!to_json(none.verdict).find("ready"));
  CHECK(!to_json(none.verdict).find("readiness"));
  CHECK(none.sent.size() == 1);

  auto invalid =
      run({http_answer(403, R"({"Error":{"Code":"InvalidClientTokenId","Message":"x"}})")});
  CHECK(invalid.verdict.status == Status::invalid);
  CHECK(!invalid.verdict.readiness);
  CHECK(invalid.sent.size() == 1);
}

TEST_CASE("ready: yes when all met, no when any unmet, unknown otherwise") {
  Verdict v;
  CHECK(!ready(v));
  v.readiness = std::vector<Requirement>{};
  CHECK(ready(v) == Readiness::yes);
  Requirement met, unmet, unknown;
  met.state = RequirementState::met;
  unmet.state = RequirementState::unmet;
  unknown.state = RequirementState::unknown;
  v.readiness = std::vector<Requirement>{met, met};
  CHECK(ready(v) == Readiness::yes);
  v.readiness = std::vector<Requirement>{met, unknown};
  CHECK(ready(v) == Readiness::unknown);
  v.readiness = std::vector<Requirement>{unknown, unmet};
  CHECK(ready(v) == Readiness::no);
  v.status = Status::valid;
  CHECK(exit_code_for(v) == 3);
  v.status = Status::invalid;
  CHECK(exit_code_for(v) == 1);
  const Json json = to_json(v);
  REQUIRE(json.find("ready"));
  CHECK(json.find("ready")->string() == "no");
}

TEST_CASE("quota table: every family maps to its On-Demand vCPU quota") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"t3.micro", "L-1216C47A"},      {"m7g.large", "L-1216C47A"},
      {"c7gn.16xlarge", "L-1216C47A"}, {"r8g.large", "L-1216C47A"},
      {"a1.medium", "L-1216C47A"},     {"d3.xlarge", "L-1216C47A"},
      {"h1.2xlarge", "L-1216C47A"},    {"i4i.large", "L-1216C47A"},
      {"im4gn.large", "L-1216C47A"},   {"is4gen.large", "L-1216C47A"},
      {"z1d.large", "L-1216C47A"},     {"f1.2xlarge", "L-74FC7D96"},
      {"g5.xlarge", "L-DB2E81BA"},     {"gr6.4xlarge", "L-DB2E81BA"},
      {"vt1.3xlarge", "L-DB2E81BA"},   {"inf2.xlarge", "L-1945791B"},
      {"p4d.24xlarge", "L-417A185B"},  {"x2idn.16xlarge", "L-7295265B"},
      {"dl1.24xlarge", "L-6E869C2A"},  {"trn1.2xlarge", "L-2C3B7624"},
      {"hpc7g.4xlarge", "L-F7808C92"},
  };
  for (const auto& [type, code] : cases) {
    INFO(type);
    auto q = ec2_vcpu_quota_for(type);
    REQUIRE(q);
    CHECK(q->code == code);
  }
  CHECK(ec2_family_prefix("G5.XLARGE") == "g");
  CHECK(!ec2_vcpu_quota_for("u-6tb1.metal"));
  CHECK(!ec2_vcpu_quota_for("mac2.metal"));
  CHECK(!ec2_vcpu_quota_for(""));
  CHECK(!ec2_vcpu_quota_for("gpu"));
  CHECK(ec2_vcpu_quotas().size() == 9);
}

TEST_CASE("answer table: every row is reachable by its own tokens") {
  for (const auto& row : ec2_answer_rows()) {
    INFO(row.request << " " << row.match);
    const std::string request = row.request == "*" ? "RunInstances" : std::string(row.request);
    const ReadinessAnswerRow& found = readiness_answer_row(
        ec2_answer_rows(), request, {std::string(row.match)}, row.status ? row.status : 400);
    CHECK(&found == &row);
  }
}
