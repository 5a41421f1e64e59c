// URLs on any bytes: what parses writes an origin that parses back to the same origin, and a
// host with only the characters a host may have.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "credprobe/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto url = credprobe::parse_url(text);
  if (!url) return 0;
  const std::string origin = url->origin();
  auto again = credprobe::parse_url(origin);
  if (!again || again->origin() != origin || again->host != url->host) {
    std::fprintf(stderr, "origin does not parse back: %s\n", origin.c_str());
    std::abort();
  }
  (void)credprobe::parse_url(credprobe::join_url(origin, url->path));
  return 0;
}
