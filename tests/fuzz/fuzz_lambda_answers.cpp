// Lambda Cloud instance lists and error bodies on any bytes.
#include <string>

#include "credprobe/lambda/instances_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)credprobe::verdict_from_instances(body, 1764336000);
  (void)credprobe::parse_lambda_error(body);
  return 0;
}
