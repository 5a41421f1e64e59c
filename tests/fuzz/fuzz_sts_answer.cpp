// STS answers (JSON and XML) and the XML scanner on any bytes.
#include <string>

#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/xml_scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  (void)credprobe::parse_caller_identity(body);
  (void)credprobe::parse_sts_error(body);
  (void)credprobe::xml_unescape(body);
  // The first line names an element to look for in the rest.
  const std::size_t newline = body.find('\n');
  if (newline != std::string::npos && newline > 0) {
    (void)credprobe::xml_element_text(std::string_view(body).substr(newline + 1),
                                      std::string_view(body).substr(0, newline));
  }
  return 0;
}
