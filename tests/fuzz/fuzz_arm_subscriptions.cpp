// Azure Resource Manager subscription pages and error bodies on any bytes.
#include <string>

#include "credprobe/azure/arm_subscriptions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)credprobe::parse_subscription_page(body);
  (void)credprobe::parse_arm_error(body);
  return 0;
}
