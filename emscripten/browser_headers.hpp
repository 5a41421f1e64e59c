// Request headers a page may not set (the Fetch standard's forbidden header names). Browsers
// drop them anyway, and Chromium logs each refusal to the console, so the driver leaves them out.
#pragma once

#include <string_view>

namespace credprobe::wasm {

bool browser_may_set_header(std::string_view name);

}  // namespace credprobe::wasm
