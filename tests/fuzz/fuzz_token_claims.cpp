// Entra access-token claims (a JWT's payload) on any bytes, and as they enter a verdict.
#include <string>

#include "credprobe/azure/token_claims.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string token(reinterpret_cast<const char*>(data), size);
  if (auto claims = credprobe::decode_token_claims(token)) {
    credprobe::Verdict verdict;
    credprobe::add_claims_to_identity(*claims, verdict);
    (void)to_json(verdict).dump();
  }
  return 0;
}
