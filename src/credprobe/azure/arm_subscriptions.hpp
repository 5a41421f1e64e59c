// Azure Resource Manager's answers: the subscriptions list
// (GET /subscriptions?api-version=2022-12-01) and ARM's error shape {"error": {"code",
// "message"}}.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace credprobe {

struct ArmSubscription {
  std::string id;     // subscriptionId, a GUID
  std::string name;   // displayName
  std::string state;  // Enabled, Warned, PastDue, Disabled, Deleted
};

struct ArmSubscriptionPage {
  std::vector<ArmSubscription> subscriptions;
  std::string next_link;  // absolute URL of the next page, "" on the last one
};

// nullopt when the body is not an object with a "value" array.
std::optional<ArmSubscriptionPage> parse_subscription_page(const std::string& body);

struct ArmError {
  std::string code;  // "InvalidAuthenticationToken", "ExpiredAuthenticationToken", ...
  std::string message;
};
std::optional<ArmError> parse_arm_error(const std::string& body);

}  // namespace credprobe
