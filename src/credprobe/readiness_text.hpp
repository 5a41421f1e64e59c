// The words of readiness requirements, shared by every provider's readiness check: texts with
// {name} placeholders filled from what the check knows, and numbers read from answers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credprobe {

// One {name} and its value, both borrowed for the length of a fill.
using TemplateValue = std::pair<std::string_view, std::string_view>;

// "{type} is offered in {region}": replaces each {name} with its value; unknown names stay as
// they are. When a name is given twice, the later value wins.
std::string fill_template(std::string_view text, const TemplateValue* values, std::size_t count);
inline std::string fill_template(std::string_view text,
                                 std::initializer_list<TemplateValue> values) {
  return fill_template(text, values.begin(), values.size());
}

// The names a readiness check fills its rows' texts from: what its answers taught it (set as
// they arrive), and, at each fill, the check's own inputs, which win over anything an answer
// set (an answer cannot rename the region the check asked about).
class TemplateFacts {
 public:
  // Sets `name`, or replaces its value.
  void set(std::string_view name, std::string_view value);
  std::string fill(std::string_view text, std::initializer_list<TemplateValue> inputs = {}) const;

 private:
  std::vector<std::pair<std::string, std::string>> facts_;
};

// A quota, a limit or a count from an answer, for a sentence: whole ("12"; a fraction is cut),
// "-3" below zero, "more than 10^15" above (a hostile 1e300 is never cast to an integer, which
// would be undefined), "?" for what is not a number.
std::string whole_number(double value);

}  // namespace credprobe
