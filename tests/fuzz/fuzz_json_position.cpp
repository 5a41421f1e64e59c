// Line and column of a JSON syntax error on any bytes; columns count code points.
#include <cstdlib>
#include <string_view>

#include "credprobe/gcp/json_position.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto error = credprobe::find_json_syntax_error(text)) {
    if (error->line < 1 || error->column < 1 || error->line > size + 1 || error->column > size + 1)
      std::abort();
  }
  (void)credprobe::position_of(text, size / 2);
  (void)credprobe::position_of(text, size + 5);
  return 0;
}
