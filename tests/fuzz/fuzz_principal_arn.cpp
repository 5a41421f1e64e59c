// AWS principal ARNs on any bytes.
#include <string_view>

#include "credprobe/aws/principal_arn.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)credprobe::parse_principal_arn(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
