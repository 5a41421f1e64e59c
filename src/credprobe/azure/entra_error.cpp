#include "credprobe/azure/entra_error.hpp"

#include <cmath>

#include "credprobe/json.hpp"

namespace credprobe {

namespace {

constexpr size_t kMaxMessage = 300;

// "AADSTS7000215: Invalid client secret provided. ...\r\nTrace ID: ..." -> 7000215 and the text.
long code_from_description(const std::string& description) {
  if (description.rfind("AADSTS", 0) != 0) return 0;
  long code = 0;
  size_t i = 6;
  for (; i < description.size() && i < 16 && description[i] >= '0' && description[i] <= '9'; ++i) {
    code = code * 10 + (description[i] - '0');
  }
  return i > 6 && i < description.size() && description[i] == ':' ? code : 0;
}

std::string message_from_description(std::string description) {
  if (code_from_description(description) != 0) {
    // One erase for the code and the spaces after it: erasing space by space was quadratic.
    const std::size_t text = description.find_first_not_of(' ', description.find(':') + 1);
    description.erase(0, text == std::string::npos ? description.size() : text);
  }
  // The tracing lines follow either a CRLF or, in some relays' renderings, a plain space.
  for (const char* marker : {"\r\n", "\n", " Trace ID:"}) {
    auto at = description.find(marker);
    if (at != std::string::npos) description.erase(at);
  }
  while (!description.empty() && description.back() == ' ') description.pop_back();
  if (description.size() > kMaxMessage) description = description.substr(0, kMaxMessage) + "...";
  return description;
}

}  // namespace

std::string EntraError::aadsts() const {
  return code == 0 ? std::string() : "AADSTS" + std::to_string(code);
}

std::optional<EntraError> parse_entra_error(const std::string& body) {
  auto json = parse_json(body);
  if (!json || !json->is_object()) return std::nullopt;
  auto error = json_string(*json, "error");
  if (!error) return std::nullopt;
  EntraError out;
  out.error = *error;
  const std::string description = json_string(*json, "error_description").value_or("");
  if (const Json* codes = json_array(*json, "error_codes")) {
    // AADSTS codes are positive integers of up to 7 digits; anything else is not one.
    const double first = codes->size() > 0 ? codes->elements()[0].number() : 0;
    if (first >= 1 && first < 1e9 && first == std::trunc(first))
      out.code = static_cast<long>(first);
  }
  if (out.code == 0) out.code = code_from_description(description);
  out.message = message_from_description(description);
  out.trace_id = json_string(*json, "trace_id").value_or("");
  out.correlation_id = json_string(*json, "correlation_id").value_or("");
  return out;
}

}  // namespace credprobe
