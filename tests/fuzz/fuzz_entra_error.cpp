// Entra (Azure AD) error bodies on any bytes.
#include <string>

#include "credprobe/azure/entra_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  if (auto error = credprobe::parse_entra_error(body)) (void)error->aadsts();
  return 0;
}
