#include "credprobe/aws/ec2_readiness.hpp"

#include "credprobe/answers.hpp"
#include "credprobe/aws/aws_error_codes.hpp"
#include "credprobe/aws/aws_partition.hpp"
#include "credprobe/aws/ec2_answers.hpp"
#include "credprobe/aws/quota_codes.hpp"
#include "credprobe/aws/sigv4.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/xml_scan.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/json.hpp"
#include "credprobe/text.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kEc2Version = "2016-11-15";
constexpr const char* kQuotaTarget = "ServiceQuotasV20190624.GetServiceQuota";
constexpr std::string_view kEncodedMarker = "Encoded authorization failure message:";

// The error code of an answer in any of the three shapes readiness meets: EC2's
// <Response><Errors><Error><Code>, STS's <ErrorResponse>/JSON, and the JSON 1.1 `__type`
// (or x-amzn-ErrorType) of Service Quotas. Empty for a success or an unknown shape.
std::string error_code(const HttpResponse& response, std::string& message) {
  const std::string& body = response.body;
  if (auto errors = xml_element_content(body, "Errors")) {
    message = xml_element_text(*errors, "Message").value_or("");
    return xml_element_text(*errors, "Code").value_or("");
  }
  if (auto sts = parse_sts_error(body)) {
    message = sts->message;
    return sts->code;
  }
  if (auto json = parse_json(body); json && json->is_object()) {
    if (auto type = json_string(*json, "__type")) {
      message = json_string(*json, "Message").value_or(json_string(*json, "message").value_or(""));
      const size_t hash = type->rfind('#');
      return hash == std::string::npos ? *type : type->substr(hash + 1);
    }
  }
  if (auto type = find_header(response.headers, "x-amzn-ErrorType")) {
    return type->substr(0, type->find(':'));
  }
  return {};
}

bool is_denied(std::string_view code) {
  return code == "UnauthorizedOperation" || code == "AccessDenied" ||
         code == "AccessDeniedException";
}

bool is_throttled(int status, std::string_view code) {
  return is_rate_limited_status(status) || is_aws_throttling_code(code);
}

class Ec2Readiness final : public TableReadiness {
 public:
  Ec2Readiness(AwsCredentials credentials, std::string region, std::string type,
               CheckContext context)
      : credentials_(std::move(credentials)),
        region_(std::move(region)),
        type_(std::move(type)),
        context_(std::move(context)) {
    list_requirements(ec2_requirements());
  }

  // The offering, the type's description and its vCPU quota need nothing but the type: they go
  // out at once. The image needs the type's architecture, the dry run the image.
  Step start(Verdict credential) override {
    verdict_ = std::move(credential);
    std::vector<std::pair<std::string, SendStep>> first;
    first.emplace_back("DescribeInstanceTypeOfferings",
                       ec2("DescribeInstanceTypeOfferings", {{"LocationType", "region"},
                                                             {"Filter.1.Name", "instance-type"},
                                                             {"Filter.1.Value.1", type_}}));
    first.emplace_back("DescribeInstanceTypes", request_for("DescribeInstanceTypes"));
    if (auto quota = ec2_vcpu_quota_for(type_)) {
      first.emplace_back("GetServiceQuota", service_quota(quota->code));
    }
    return in_flight_.send_all(std::move(first));
  }

 private:
  // The two requests read by name, sent ahead and read later.
  SendStep request_for(const std::string& name) override {
    if (name == "DescribeInstanceTypes") {
      return ec2("DescribeInstanceTypes", {{"InstanceType.1", type_}});
    }
    return describe_images();
  }

  Step read_answer(const InFlight::Answer& answer) override {
    const HttpResult& result = answer.result;
    const std::string& action = answer.name;
    const Ec2ReadinessRequest* spec = ec2_readiness_request(action);
    Requirement& requirement = requirement_named(spec->requirement);

    std::vector<std::string> tokens;
    std::string code;
    int status = 0;
    if (!result.ok()) {
      tokens = {"no_answer"};
      set("error", to_string(result.error));
    } else {
      status = result.response.status;
      std::string message;
      code = error_code(result.response, message);
      if (status >= 200 && status < 300 && code.empty()) {
        tokens = {success_token(action, result.response.body)};
      } else {
        tokens = {code.empty() ? "*" : code};
        if (is_denied(code)) tokens.push_back("denied");
        if (is_throttled(status, code)) tokens.push_back("throttled");
      }
      if (action == "RunInstances" && code == "UnauthorizedOperation") {
        const size_t at = message.find(kEncodedMarker);
        if (at != std::string::npos) {
          encoded_message_ =
              std::string(trim(std::string_view(message).substr(at + kEncodedMarker.size())));
        }
      }
    }
    set_answer_facts(answer.request, code, status);
    if (!answer.held) note_code(code);  // for the session's line of the answer just arrived
    requirement.evidence.push_back(evidence_for(answer.request, result, code));

    const ReadinessAnswerRow& row = lookup(action, tokens, status);
    apply(requirement, row);
    return after(action, row.effect);
  }

  // ---- sequencing -----------------------------------------------------------------------------

  Step after(const std::string& action, AnswerEffect effect) {
    if (action == "DescribeInstanceTypeOfferings") {
      if (effect == AnswerEffect::unmet) {
        for (const char* id : {"vcpu_quota", "launch_permission"}) {
          apply(requirement_named(id), lookup("*", {"not_offered"}, 0));
        }
        return finish();
      }
      return read("DescribeInstanceTypes");
    }
    if (action == "DescribeInstanceTypes") {
      if (effect == AnswerEffect::next) {
        if (auto quota = ec2_vcpu_quota_for(type_)) {
          set("quota_code", quota->code);
          set("quota_name", quota->name);
          set("quota_url", quota_increase_url(region_, quota->code));
          // The quota's answer is read next (it needs the vCPU count just read); the image
          // search, which needs the architecture just read, goes out meanwhile.
          in_flight_.want("GetServiceQuota");
          return in_flight_.send_ahead("DescribeImages", describe_images());
        }
        set("family", ec2_family_prefix(type_));
        apply(requirement_named("vcpu_quota"), lookup("GetServiceQuota", {"no_quota_row"}, 0));
      }
      // Without the type's description the quota cannot be judged: its answer is passed over.
      return in_flight_.send("DescribeImages", describe_images());
    }
    if (action == "GetServiceQuota") {
      return read("DescribeImages");
    }
    if (action == "DescribeImages") {
      if (effect == AnswerEffect::next) {
        return in_flight_.send("RunInstances", ec2("RunInstances", {{"DryRun", "true"},
                                                                    {"ImageId", image_},
                                                                    {"InstanceType", type_},
                                                                    {"MinCount", "1"},
                                                                    {"MaxCount", "1"}}));
      }
      return finish();
    }
    if (action == "RunInstances" && effect == AnswerEffect::unmet && !encoded_message_.empty()) {
      return in_flight_.send("DecodeAuthorizationMessage", decode());
    }
    return finish();
  }

  // ---- answers --------------------------------------------------------------------------------

  std::string success_token(const std::string& action, const std::string& answer) {
    if (action == "GetServiceQuota") {
      auto json = parse_json(answer);
      const Json* quota = json ? json_object(*json, "Quota") : nullptr;
      auto value = quota ? json_number(*quota, "Value") : std::nullopt;
      if (!value) return "*";
      set("quota", whole_number(*value));
      return *value >= vcpus_ ? "covers" : "below";
    }
    // Every other answer is a query-protocol document whose root names the action. A body that
    // is not that one document (a proxy's page, a garbled answer with a list inside) is not the
    // answer, however much of one it holds.
    const auto document = xml_document_root(answer, action + "Response");
    if (!document) return "*";
    const std::string_view body = *document;
    if (action == "DescribeInstanceTypeOfferings") {
      auto set = xml_element_content(body, "instanceTypeOfferingSet");
      if (!set) return "*";
      std::string_view rest = *set;
      while (auto listed = xml_element_text(rest, "instanceType")) {
        if (*listed == type_) return "listed";
        const size_t end = rest.find("</instanceType>");
        rest.remove_prefix(end + 15);
      }
      return "not_listed";
    }
    if (action == "DescribeInstanceTypes") {
      auto vcpus = xml_element_text(body, "defaultVCpus");
      if (!vcpus || vcpus->empty() || vcpus->size() > 6 ||
          vcpus->find_first_not_of("0123456789") != std::string::npos) {
        return "*";
      }
      vcpus_ = 0;
      for (char c : *vcpus) vcpus_ = vcpus_ * 10 + (c - '0');
      set("vcpus", *vcpus);
      if (auto arches = xml_element_content(body, "supportedArchitectures")) {
        // x86_64 when offered (the image most types take), else the first listed (arm64).
        if (!contains(*arches, ">x86_64<")) {
          if (auto first = xml_element_text(*arches, "item")) arch_ = *first;
        }
      }
      set("arch", arch_);
      return "described";
    }
    if (action == "DescribeImages") {
      // The newest image (creationDate is ISO 8601, so text order is time order).
      std::string_view rest = body;
      std::string newest;
      while (true) {
        const size_t at = rest.find("<imageId>");
        if (at == std::string_view::npos) break;
        rest.remove_prefix(at);
        auto id = xml_element_text(rest, "imageId");
        auto created = xml_element_text(rest, "creationDate");
        if (id && (image_.empty() || created.value_or("") > newest)) {
          image_ = *id;
          newest = created.value_or("");
        }
        rest.remove_prefix(9);
      }
      set("image", image_);
      return image_.empty() ? "none" : "found";
    }
    if (action == "DecodeAuthorizationMessage") {
      auto decoded = xml_element_text(body, "DecodedMessage");
      auto json = decoded ? parse_json(*decoded) : std::nullopt;
      if (!json || !json->is_object()) return "*";
      const Json* context = json_object(*json, "context");
      const std::string what = context ? json_string(*context, "action").value_or("?") : "?";
      const std::string on = context ? json_string(*context, "resource").value_or("?") : "?";
      set("reason", json_bool(*json, "explicitDeny").value_or(false)
                        ? "an explicit Deny matches " + what + " on " + on
                        : "no policy allows " + what + " on " + on);
      return "decoded";
    }
    return "*";
  }

  const ReadinessAnswerRow& lookup(const std::string& action,
                                   const std::vector<std::string>& tokens, int status) {
    set("action", action);
    if (const Ec2ReadinessRequest* spec = ec2_readiness_request(action)) {
      set("permission", spec->permission);
      set("service", spec->service);
    }
    return readiness_answer_row(ec2_answer_rows(), action, tokens, status);
  }

  // ---- requests -------------------------------------------------------------------------------

  SendStep ec2(const std::string& action, FormFields params) {
    FormFields form = {{"Action", action}, {"Version", kEc2Version}};
    form.insert(form.end(), params.begin(), params.end());
    return request("ec2", endpoint_url("ec2", ec2_regional_url(region_)),
                   {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                   form_urlencode(form));
  }

  SendStep describe_images() {
    return ec2("DescribeImages", {{"Owner.1", "amazon"},
                                  {"Filter.1.Name", "name"},
                                  {"Filter.1.Value.1", "al2023-ami-2023.*-kernel-6.1-" + arch_},
                                  {"Filter.2.Name", "state"},
                                  {"Filter.2.Value.1", "available"}});
  }

  SendStep service_quota(std::string_view code) {
    const std::string body = Json::object().set("ServiceCode", "ec2").set("QuotaCode", code).dump();
    return request(
        "servicequotas", endpoint_url("servicequotas", servicequotas_regional_url(region_)),
        {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", kQuotaTarget}}, body);
  }

  SendStep decode() {
    const std::string body = form_urlencode(FormFields{{"Action", "DecodeAuthorizationMessage"},
                                                       {"Version", "2011-06-15"},
                                                       {"EncodedMessage", encoded_message_}});
    return request("sts", endpoint_url("sts", sts_regional_url(region_)),
                   {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, body);
  }

  std::string endpoint_url(const std::string& name, const std::string& regional) const {
    return context_.endpoints.is_overridden(name) ? context_.endpoints.url(name) : regional;
  }

  // A signed request to `base` for SigV4 service `endpoint` (the endpoint names are SigV4's).
  SendStep request(const std::string& endpoint, const std::string& base, Headers headers,
                   std::string body) {
    auto url = parse_url(base);
    if (!url) {
      // An override that is not a URL was refused by prepare_check and a regional URL always
      // parses; were it otherwise, the driver's refusal of the URL is the answer.
      HttpRequest unsent;
      unsent.method = "POST";
      unsent.url = base;
      return SendStep{unsent, endpoint};
    }
    SigV4Request sigv4;
    sigv4.method = "POST";
    sigv4.scheme = url->scheme;
    sigv4.host = url->host_and_port();
    sigv4.path = url->path.empty() ? "/" : url->path;
    sigv4.headers = std::move(headers);
    sigv4.body = std::move(body);
    SigV4Options options;
    options.region = region_;
    options.service = endpoint;
    options.timestamp = context_.now;
    return SendStep{sigv4_sign_headers(sigv4, credentials_, options).request, endpoint};
  }

  // ---- facts ----------------------------------------------------------------------------------

  std::string fill(std::string_view text) const override {
    return facts_.fill(text, {{"type", type_}, {"region", region_}});
  }

  static std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
    const size_t end = text.find_first_of(" \r\n\t");
    return end == std::string_view::npos ? text : text.substr(0, end);
  }

  AwsCredentials credentials_;
  std::string region_;
  std::string type_;
  CheckContext context_;
  int vcpus_ = 0;
  std::string arch_ = "x86_64";
  std::string image_;
  std::string encoded_message_;
};

}  // namespace

std::string ec2_regional_url(std::string_view region) {
  return "https://ec2." + std::string(region) + "." + aws_partition_for_region(region).dns_suffix;
}

std::string servicequotas_regional_url(std::string_view region) {
  return "https://servicequotas." + std::string(region) + "." +
         aws_partition_for_region(region).dns_suffix;
}

std::unique_ptr<ReadinessCheck> make_ec2_readiness(const Fields& fields,
                                                   const CheckContext& context) {
  const std::string type = field_value(fields, "aws_instance_type");
  if (type.empty()) return nullptr;
  AwsCredentials credentials;
  credentials.access_key_id = field_value(fields, "aws_access_key_id");
  credentials.secret_access_key = field_value(fields, "aws_secret_access_key");
  credentials.session_token = field_value(fields, "aws_session_token");
  std::string region = field_value(fields, "aws_region");
  if (region.empty()) region = kAwsDefaultRegion;
  return std::make_unique<Ec2Readiness>(std::move(credentials), std::move(region), type, context);
}

}  // namespace credprobe
