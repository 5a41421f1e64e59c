// EC2's and Service Quotas' answers, in the shapes their API references document and botocore
// parses: EC2 XML with a requestId, errors as <Response><Errors>...<RequestID>; 412
// DryRunOperation for an allowed dry run, 403 UnauthorizedOperation (with an encoded
// authorization message) for a refused one; Service Quotas JSON with 400 AccessDeniedException.
#include "ec2_routes.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <random>
#include <stdexcept>

namespace {

using nlohmann::json;

constexpr const char* kEc2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

std::string new_request_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-a%03llx-%012llx",
                static_cast<unsigned long long>(rng() & 0xffffffffULL),
                static_cast<unsigned long long>(rng() & 0xffffULL),
                static_cast<unsigned long long>(rng() & 0xfffULL),
                static_cast<unsigned long long>(rng() & 0xfffULL),
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return text;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> param(const AwsParams& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// Values of a list parameter: Name.1, Name.2, ...
std::vector<std::string> list_param(const AwsParams& params, const std::string& name) {
  std::vector<std::string> out;
  for (int i = 1;; ++i) {
    auto value = param(params, name + "." + std::to_string(i));
    if (!value) return out;
    out.push_back(*value);
  }
}

// Filter.N.Name / Filter.N.Value.M -> the values of the filter named `name`; nullopt if absent.
std::optional<std::vector<std::string>> filter_values(const AwsParams& params,
                                                      const std::string& name) {
  for (int i = 1;; ++i) {
    const std::string prefix = "Filter." + std::to_string(i);
    auto filter = param(params, prefix + ".Name");
    if (!filter) return std::nullopt;
    if (*filter == name) return list_param(params, prefix + ".Value");
  }
}

// EC2 filter wildcards: '*' any run, '?' one character.
bool glob(const std::string& pattern, const std::string& text, std::size_t p = 0,
          std::size_t t = 0) {
  if (p == pattern.size()) return t == text.size();
  if (pattern[p] == '*') {
    for (std::size_t k = t; k <= text.size(); ++k) {
      if (glob(pattern, text, p + 1, k)) return true;
    }
    return false;
  }
  if (t == text.size()) return false;
  return (pattern[p] == '?' || pattern[p] == text[t]) && glob(pattern, text, p + 1, t + 1);
}

bool any_glob(const std::vector<std::string>& patterns, const std::string& text) {
  for (const auto& p : patterns) {
    if (glob(p, text)) return true;
  }
  return false;
}

void ec2_ok(httplib::Response& res, const std::string& action, const std::string& inner) {
  res.status = 200;
  res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" +
                      kEc2Namespace + "\">\n    <requestId>" + new_request_id() + "</requestId>\n" +
                      inner + "</" + action + "Response>",
                  "text/xml;charset=UTF-8");
}

std::string not_authorized(const AwsCaller& caller, const std::string& permission) {
  return "You are not authorized to perform this operation. User: " + caller.arn +
         " is not authorized to perform: " + permission +
         " because no identity-based policy allows the " + permission + " action";
}

std::vector<std::string> offered_in(const Ec2Config& config, const std::string& region) {
  auto it = config.offerings.find(region);
  return it == config.offerings.end() ? std::vector<std::string>()
                                      : it->get<std::vector<std::string>>();
}

bool is_offered(const Ec2Config& config, const std::string& region, const std::string& type) {
  for (const auto& t : offered_in(config, region)) {
    if (t == type) return true;
  }
  return false;
}

void describe_offerings(const Ec2Config& config, const AwsCaller& caller, const AwsParams& params,
                        httplib::Response& res) {
  const std::string location = param(params, "LocationType").value_or("region");
  if (location != "region") {
    return ec2_error(res, 400, "InvalidParameterValue",
                     "The emulator plays LocationType region only, not '" + location + "'");
  }
  const auto wanted = filter_values(params, "instance-type");
  std::string items;
  for (const auto& type : offered_in(config, caller.region)) {
    if (wanted && !any_glob(*wanted, type)) continue;
    items += "        <item>\n            <instanceType>" + escape(type) +
             "</instanceType>\n            <locationType>region</locationType>\n"
             "            <location>" +
             caller.region + "</location>\n        </item>\n";
  }
  ec2_ok(res, "DescribeInstanceTypeOfferings",
         "    <instanceTypeOfferingSet>\n" + items + "    </instanceTypeOfferingSet>\n");
}

void describe_instance_types(const Ec2Config& config, const AwsCaller& caller,
                             const AwsParams& params, httplib::Response& res) {
  std::string items, missing;
  for (const auto& type : list_param(params, "InstanceType")) {
    auto it = config.instance_types.find(type);
    if (it == config.instance_types.end() || !is_offered(config, caller.region, type)) {
      missing += (missing.empty() ? "" : ", ") + type;
      continue;
    }
    std::string arches;
    for (const auto& a : it->value("architectures", json::array({"x86_64"}))) {
      arches += "                    <item>" + a.get<std::string>() + "</item>\n";
    }
    items += "        <item>\n            <instanceType>" + escape(type) +
             "</instanceType>\n            <currentGeneration>true</currentGeneration>\n"
             "            <processorInfo>\n                <supportedArchitectures>\n" +
             arches +
             "                </supportedArchitectures>\n            </processorInfo>\n"
             "            <vCpuInfo>\n                <defaultVCpus>" +
             std::to_string(it->value("vcpus", 2)) +
             "</defaultVCpus>\n            </vCpuInfo>\n        </item>\n";
  }
  if (!missing.empty()) {
    return ec2_error(res, 400, "InvalidInstanceType",
                     "The following supplied instance types do not exist: [" + missing + "]");
  }
  ec2_ok(res, "DescribeInstanceTypes",
         "    <instanceTypeSet>\n" + items + "    </instanceTypeSet>\n");
}

void describe_images(const Ec2Config& config, const AwsCaller& caller, const AwsParams& params,
                     httplib::Response& res) {
  const auto owners = list_param(params, "Owner");
  const auto names = filter_values(params, "name");
  const auto states = filter_values(params, "state");
  std::string items;
  auto images = config.images.find(caller.region);
  if (images != config.images.end()) {
    for (const auto& image : *images) {
      const std::string name = image.value("name", "");
      if (!owners.empty() && std::find(owners.begin(), owners.end(), "amazon") == owners.end())
        continue;
      if (names && !any_glob(*names, name)) continue;
      if (states && !any_glob(*states, "available")) continue;
      items += "        <item>\n            <imageId>" + image.value("image_id", "") +
               "</imageId>\n            <imageLocation>amazon/" + escape(name) +
               "</imageLocation>\n            <imageState>available</imageState>\n"
               "            <imageOwnerId>137112412989</imageOwnerId>\n            <creationDate>" +
               image.value("creation_date", "2026-01-01T00:00:00.000Z") +
               "</creationDate>\n            <isPublic>true</isPublic>\n"
               "            <architecture>" +
               image.value("architecture", "x86_64") +
               "</architecture>\n            <imageType>machine</imageType>\n"
               "            <name>" +
               escape(name) +
               "</name>\n            <imageOwnerAlias>amazon</imageOwnerAlias>\n        </item>\n";
    }
  }
  ec2_ok(res, "DescribeImages", "    <imagesSet>\n" + items + "    </imagesSet>\n");
}

const json* find_image(const Ec2Config& config, const std::string& region, const std::string& id) {
  auto images = config.images.find(region);
  if (images == config.images.end()) return nullptr;
  for (const auto& image : *images) {
    if (image.value("image_id", "") == id) return &image;
  }
  return nullptr;
}

void run_instances(const Ec2Config& config, const AwsCaller& caller, const AwsParams& params,
                   httplib::Response& res) {
  const std::string type = param(params, "InstanceType").value_or("m1.small");
  const std::string image = param(params, "ImageId").value_or("");
  // As EC2 does: a dry run is answered from the permissions alone, once the parameters parse.
  if (param(params, "DryRun").value_or("false") != "true") {
    return ec2_error(res, 400, "UnsupportedOperation",
                     "The emulator answers RunInstances dry runs only; nothing is ever launched.");
  }
  if (!caller_may(caller, "ec2:RunInstances")) {
    const std::string resource =
        "arn:aws:ec2:" + caller.region + ":" + caller.account + ":instance/*";
    const json decoded = {{"allowed", false},
                          {"explicitDeny", false},
                          {"matchedStatements", {{"items", json::array()}}},
                          {"failures", {{"items", json::array()}}},
                          {"context",
                           {{"principal", {{"arn", caller.arn}}},
                            {"action", "ec2:RunInstances"},
                            {"resource", resource}}}};
    return ec2_error(
        res, 403, "UnauthorizedOperation",
        "You are not authorized to perform this operation. User: " + caller.arn +
            " is not authorized to perform: ec2:RunInstances on resource: " + resource +
            " because no identity-based policy allows the ec2:RunInstances action. "
            "Encoded authorization failure message: " +
            encode_authorization_message(decoded));
  }
  const json* found = find_image(config, caller.region, image);
  if (found == nullptr) {
    return ec2_error(res, 400, "InvalidAMIID.NotFound",
                     "The image id '[" + image + "]' does not exist");
  }
  auto described = config.instance_types.find(type);
  if (!is_offered(config, caller.region, type) || described == config.instance_types.end()) {
    return ec2_error(res, 400, "Unsupported",
                     "The requested configuration is currently not supported. Please check the "
                     "documentation for supported configurations.");
  }
  const std::string arch = found->value("architecture", "x86_64");
  const json arches = described->value("architectures", json::array({"x86_64"}));
  if (std::find(arches.begin(), arches.end(), arch) == arches.end()) {
    return ec2_error(res, 400, "InvalidParameterValue",
                     "The architecture '" + arches[0].get<std::string>() +
                         "' of the specified instance type does not match the architecture '" +
                         arch +
                         "' of the specified AMI. Specify an instance type and an AMI that "
                         "have matching architectures, and try again.");
  }
  ec2_error(res, 412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
}

std::string hex_encode(const std::string& bytes) {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string quota_name(const std::string& code) {
  static const std::pair<const char*, const char*> names[] = {
      {"L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"},
      {"L-74FC7D96", "Running On-Demand F instances"},
      {"L-DB2E81BA", "Running On-Demand G and VT instances"},
      {"L-1945791B", "Running On-Demand Inf instances"},
      {"L-417A185B", "Running On-Demand P instances"},
      {"L-7295265B", "Running On-Demand X instances"},
      {"L-6E869C2A", "Running On-Demand DL instances"},
      {"L-2C3B7624", "Running On-Demand Trn instances"},
      {"L-F7808C92", "Running On-Demand HPC instances"},
  };
  for (const auto& [c, name] : names) {
    if (code == c) return name;
  }
  return {};
}

}  // namespace

std::shared_ptr<const Ec2Config> load_ec2_config(const json& fixtures) {
  auto config = std::make_shared<Ec2Config>();
  const auto aws = fixtures.find("aws");
  if (aws == fixtures.end() || !aws->contains("ec2")) return config;
  const json& ec2 = aws->at("ec2");
  if (!ec2.is_object()) throw std::invalid_argument("aws.ec2 must be an object");
  for (const char* key : {"offerings", "instance_types", "images", "quotas"}) {
    if (ec2.contains(key) && !ec2[key].is_object()) {
      throw std::invalid_argument(std::string("aws.ec2.") + key + " must be an object");
    }
  }
  config->offerings = ec2.value("offerings", json::object());
  config->instance_types = ec2.value("instance_types", json::object());
  config->images = ec2.value("images", json::object());
  config->quotas = ec2.value("quotas", json::object());
  return config;
}

bool is_ec2_action(const std::string& action) {
  return action == "DescribeInstanceTypeOfferings" || action == "DescribeInstanceTypes" ||
         action == "DescribeImages" || action == "RunInstances";
}

bool caller_may(const AwsCaller& caller, const std::string& permission) {
  if (caller.fixture == nullptr) return false;
  for (const auto& denied : caller.fixture->value("deny", json::array())) {
    if (denied.is_string() && denied.get<std::string>() == permission) return false;
  }
  return true;
}

void ec2_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" +
                      code + "</Code><Message>" + escape(message) +
                      "</Message></Error></Errors><RequestID>" + new_request_id() +
                      "</RequestID></Response>",
                  "text/xml;charset=UTF-8");
}

void serve_ec2(const Ec2Config& config, const AwsCaller& caller, const AwsParams& params,
               httplib::Response& res) {
  const std::string action = param(params, "Action").value_or("");
  if (param(params, "Version").value_or("") != "2016-11-15") {
    return ec2_error(res, 400, "InvalidParameterValue", "The emulator plays EC2 2016-11-15");
  }
  if (!caller_may(caller, "ec2:" + action)) {
    if (action == "RunInstances") return run_instances(config, caller, params, res);
    return ec2_error(res, 403, "UnauthorizedOperation", not_authorized(caller, "ec2:" + action));
  }
  if (action == "DescribeInstanceTypeOfferings")
    return describe_offerings(config, caller, params, res);
  if (action == "DescribeInstanceTypes")
    return describe_instance_types(config, caller, params, res);
  if (action == "DescribeImages") return describe_images(config, caller, params, res);
  run_instances(config, caller, params, res);
}

void service_quotas_error(httplib::Response& res, int status, const std::string& code,
                          const std::string& message) {
  res.status = status;
  res.set_header("x-amzn-ErrorType", code + ":");
  res.set_content(json{{"__type", code}, {"Message", message}}.dump(),
                  "application/x-amz-json-1.1");
}

void serve_service_quotas(const Ec2Config& config, const AwsCaller& caller,
                          const httplib::Request& req, httplib::Response& res) {
  res.set_header("x-amzn-RequestId", new_request_id());
  const std::string target = req.get_header_value("X-Amz-Target");
  if (target != "ServiceQuotasV20190624.GetServiceQuota") {
    return service_quotas_error(res, 400, "UnknownOperationException",
                                "The emulator plays GetServiceQuota only");
  }
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("ServiceCode") ||
      !body.contains("QuotaCode") || !body["ServiceCode"].is_string() ||
      !body["QuotaCode"].is_string()) {
    return service_quotas_error(res, 400, "ValidationException",
                                "ServiceCode and QuotaCode are required strings");
  }
  if (!caller_may(caller, "servicequotas:GetServiceQuota")) {
    return service_quotas_error(res, 400, "AccessDeniedException",
                                "You do not have sufficient access to perform this action.");
  }
  const std::string service = body["ServiceCode"].get<std::string>();
  const std::string code = body["QuotaCode"].get<std::string>();
  json values = config.quotas;
  if (caller.fixture != nullptr && caller.fixture->contains("quotas")) {
    for (const auto& [k, v] : caller.fixture->at("quotas").items()) values[k] = v;
  }
  if (service != "ec2" || !values.contains(code) || quota_name(code).empty()) {
    return service_quotas_error(res, 400, "NoSuchResourceException",
                                "The request failed because the specified quota does not exist.");
  }
  res.status = 200;
  res.set_content(json{{"Quota",
                        {{"ServiceCode", "ec2"},
                         {"ServiceName", "Amazon Elastic Compute Cloud (Amazon EC2)"},
                         {"QuotaArn", "arn:aws:servicequotas:" + caller.region + ":" +
                                          caller.account + ":ec2/" + code},
                         {"QuotaCode", code},
                         {"QuotaName", quota_name(code)},
                         {"Value", values[code].get<double>()},
                         {"Unit", "None"},
                         {"Adjustable", true},
                         {"GlobalQuota", false}}}}
                      .dump(),
                  "application/x-amz-json-1.1");
}

std::string encode_authorization_message(const json& message) {
  return "emulator-" + hex_encode(message.dump());
}

std::optional<std::string> decode_authorization_message(const std::string& encoded) {
  if (encoded.rfind("emulator-", 0) != 0 || encoded.size() % 2 != 1) return std::nullopt;
  std::string out;
  for (std::size_t i = 9; i + 1 < encoded.size(); i += 2) {
    auto nibble = [](char c) {
      return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    const int hi = nibble(encoded[i]), lo = nibble(encoded[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}
