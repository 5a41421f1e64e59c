// HTTP dates, x-amz-date stamps and AWS clock-skew messages on any bytes.
#include <cstdlib>
#include <string>

#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/verdict.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto when = parse_http_date(text)) (void)iso8601_utc(*when);
  (void)parse_amz_date(text);
  (void)is_clock_refusal_message(text);
  if (auto skew = skew_from_message(text)) (void)describe_skew(*skew);
  (void)skew_from_date_header({{"Date", text}}, 1764336000);
  return 0;
}
