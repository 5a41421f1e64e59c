// Google OAuth and API answers on any bytes.
#include <string>

#include "credprobe/gcp/google_answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)credprobe::read_oauth_error(body);
  (void)credprobe::read_access_token(body);
  (void)credprobe::read_google_api_error(body);
  (void)credprobe::read_project(body);
  return 0;
}
