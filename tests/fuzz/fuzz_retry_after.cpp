// Retry-After (delta-seconds or an HTTP date) on any bytes and any clock: never negative.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>

#include "credprobe/probe.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::int64_t now = in.ConsumeIntegralInRange<std::int64_t>(-(1LL << 40), 1LL << 40);
  const Headers headers{{"Retry-After", in.ConsumeRemainingBytesAsString()}};
  if (auto seconds = retry_after_seconds(headers, now); seconds && *seconds < 0) std::abort();
  const Verdict v = rate_limited_verdict("p", "limited", headers, now);
  if (v.hint.find('-') != std::string::npos) std::abort();
  return 0;
}
