// AWS access key ids (prefix table, account decoding, legacy form) on any bytes.
#include <cstdlib>
#include <string_view>

#include "credprobe/aws/access_key_id.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view id(reinterpret_cast<const char*>(data), size);
  (void)credprobe::aws_id_prefix(id);
  (void)credprobe::is_legacy_aws_key_id(id);
  if (auto account = credprobe::aws_account_from_key_id(id)) {
    if (account->size() != 12) std::abort();  // an account id is 12 digits
    for (char c : *account) {
      if (c < '0' || c > '9') std::abort();
    }
  }
  return 0;
}
