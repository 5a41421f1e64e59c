#include "credprobe/readiness_text.hpp"

#include <cmath>
#include <optional>

namespace credprobe {

namespace {

using Facts = std::vector<std::pair<std::string, std::string>>;

// The value of {name}: the last of `values` that has it, else the fact, else none.
std::optional<std::string_view> value_of(std::string_view name, const TemplateValue* values,
                                         std::size_t count, const Facts* facts) {
  for (std::size_t i = count; i-- > 0;) {
    if (values[i].first == name) return values[i].second;
  }
  if (facts) {
    for (const auto& [key, value] : *facts) {
      if (key == name) return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::string fill(std::string_view text, const TemplateValue* values, std::size_t count,
                 const Facts* facts) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const auto value = value_of(text.substr(open + 1, close - open - 1), values, count, facts);
    out.append(value ? *value : text.substr(open, close - open + 1));
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

std::string fill_template(std::string_view text, const TemplateValue* values, std::size_t count) {
  return fill(text, values, count, nullptr);
}

void TemplateFacts::set(std::string_view name, std::string_view value) {
  for (auto& [key, v] : facts_) {
    if (key == name) {
      v = value;
      return;
    }
  }
  facts_.emplace_back(std::string(name), std::string(value));
}

std::string TemplateFacts::fill(std::string_view text,
                                std::initializer_list<TemplateValue> inputs) const {
  return credprobe::fill(text, inputs.begin(), inputs.size(), &facts_);
}

std::string whole_number(double value) {
  if (!std::isfinite(value)) return "?";
  if (value < 0) return "-" + whole_number(-value);
  if (value > 1e15) return "more than 10^15";
  return std::to_string(static_cast<long long>(value));
}

}  // namespace credprobe
