// Hugging Face whoami-v2 answers and Hub error bodies on any bytes.
#include <string>

#include "credprobe/huggingface/whoami_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)credprobe::verdict_from_whoami(body, 1764336000);
  (void)credprobe::hub_error_message(body);
  return 0;
}
