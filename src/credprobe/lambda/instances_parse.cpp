#include "credprobe/lambda/instances_parse.hpp"

#include "credprobe/json.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "lambda";
constexpr size_t kMaxText = 200;
// Enough to recognise an account; a team with hundreds of instances gets a count for the rest.
constexpr size_t kMaxListed = 20;

std::string cut(std::string text) {
  return text.size() > kMaxText ? text.substr(0, kMaxText) + "..." : text;
}

std::string nested_name(const Json& object, const char* key) {
  const Json* inner = json_object(object, key);
  return inner ? json_string(*inner, "name").value_or("") : "";
}

Permission describe(const Json& instance) {
  std::string label = json_string(instance, "name").value_or("");
  if (label.empty()) label = json_string(instance, "id").value_or("?");
  Permission p;
  p.scope = "instance " + label;
  for (std::string part : {nested_name(instance, "instance_type"), nested_name(instance, "region"),
                           json_string(instance, "status").value_or("")}) {
    if (!part.empty()) p.access.push_back(part);
  }
  return p;
}

}  // namespace

std::optional<LambdaError> parse_lambda_error(const std::string& body) {
  auto json = parse_json(body);
  const Json* error = json ? json_object(*json, "error") : nullptr;
  if (!error) return std::nullopt;
  auto code = json_string(*error, "code");
  if (!code || code->empty()) return std::nullopt;
  return LambdaError{cut(*code), cut(json_string(*error, "message").value_or("")),
                     cut(json_string(*error, "suggestion").value_or(""))};
}

Verdict verdict_from_instances(const std::string& body, std::int64_t now) {
  auto json = parse_json(body);
  const Json* data = json ? json_array(*json, "data") : nullptr;
  if (!data) {
    Verdict v =
        new_verdict(kProvider, Status::indeterminate,
                    json ? "the instance list answered 200 but the body has no \"data\" list"
                         : "the instance list answered 200 with a body that is not JSON",
                    now);
    v.hint =
        "Something between you and Lambda (a proxy, a captive portal) answered instead of "
        "it, or the body was cut short. Check the endpoint and proxy settings.";
    return v;
  }
  const size_t count = data->size();
  Verdict v =
      new_verdict(kProvider, Status::valid,
                  count == 0   ? "API key works (no running instances)"
                  : count == 1 ? "API key works (1 running instance)"
                               : "API key works (" + std::to_string(count) + " running instances)",
                  now);
  v.identity.push_back({"instances", std::to_string(count)});
  for (size_t i = 0; i < count && i < kMaxListed; ++i)
    v.permissions.push_back(describe(data->elements()[i]));
  if (count > kMaxListed) {
    v.permissions.push_back(
        {"more instances", {std::to_string(count - kMaxListed) + " not listed"}});
  }
  return v;
}

}  // namespace credprobe
