#include "credprobe/azure/arm_subscriptions.hpp"

#include "credprobe/json.hpp"

namespace credprobe {

namespace {
constexpr size_t kMaxMessage = 300;
}  // namespace

std::optional<ArmSubscriptionPage> parse_subscription_page(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  const Json* value = json_array(*json, "value");
  if (!value) return std::nullopt;
  ArmSubscriptionPage page;
  for (const auto& item : *value) {
    if (!item.is_object()) continue;
    auto id = json_string(item, "subscriptionId");
    if (!id || id->empty()) continue;
    page.subscriptions.push_back({*id, json_string(item, "displayName").value_or(""),
                                  json_string(item, "state").value_or("")});
  }
  page.next_link = json_string(*json, "nextLink").value_or("");
  return page;
}

std::optional<ArmError> parse_arm_error(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  const Json* error = json_object(*json, "error");
  if (!error) return std::nullopt;
  ArmError out;
  out.code = json_string(*error, "code").value_or("");
  out.message = json_string(*error, "message").value_or("");
  if (out.message.size() > kMaxMessage) out.message = out.message.substr(0, kMaxMessage) + "...";
  if (out.code.empty() && out.message.empty()) return std::nullopt;
  return out;
}

}  // namespace credprobe
