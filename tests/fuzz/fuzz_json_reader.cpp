// The JSON reader on any bytes: no crash, and what it accepts it writes as JSON that reads back
// to the same text when written again.
#include <cstdlib>
#include <string_view>

#include "credprobe/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const credprobe::JsonParse parsed = credprobe::read_json(text);
  if (!parsed.value) {
    if (parsed.error_offset > size) std::abort();
    return 0;
  }
  const std::string once = parsed.value->dump();
  auto again = credprobe::parse_json(once);
  if (!again || again->dump() != once) std::abort();
  if (auto pretty = credprobe::parse_json(parsed.value->dump(2)); !pretty || pretty->dump() != once)
    std::abort();
  return 0;
}
