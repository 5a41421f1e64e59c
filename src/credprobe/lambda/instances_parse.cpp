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

// An instance as a person names it: its name, else its id.
std::string label_of(const Json& instance) {
  std::string label = instance.is_object() ? json_string(instance, "name").value_or("") : "";
  if (label.empty() && instance.is_object()) label = json_string(instance, "id").value_or("");
  return label.empty() ? "?" : cut(label);
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
  // Facts about the account, not permissions: Lambda keys are not scoped, and an instance is
  // not something the key may do. Only names: instances carry Jupyter tokens and URLs.
  v.identity.push_back({"instances running", std::to_string(count)});
  if (count > 0) {
    std::string names;
    for (size_t i = 0; i < count && i < kMaxListed; ++i) {
      names += (i ? ", " : "") + label_of(data->elements()[i]);
    }
    if (count > kMaxListed) names += " and " + std::to_string(count - kMaxListed) + " more";
    v.identity.push_back({"instance names", names});
  }
  return v;
}

}  // namespace credprobe
