#include "credprobe/aws/clock_skew.hpp"

#include "credprobe/verdict.hpp"

namespace credprobe {

namespace {

constexpr std::string_view kExpired = "Signature expired:";
constexpr std::string_view kNotYetCurrent = "Signature not yet current:";

std::optional<unsigned> digits(std::string_view text, std::size_t at, std::size_t count) {
  unsigned value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto year = digits(text, 0, 4), month = digits(text, 4, 2), day = digits(text, 6, 2);
  auto hour = digits(text, 9, 2), minute = digits(text, 11, 2), second = digits(text, 13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  return days_from_civil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second;
}

bool is_clock_refusal_message(std::string_view message) {
  return message.find(kExpired) != std::string_view::npos ||
         message.find(kNotYetCurrent) != std::string_view::npos;
}

std::optional<std::int64_t> skew_from_message(std::string_view message) {
  std::size_t at = message.find(kExpired);
  std::size_t skip = kExpired.size();
  if (at == std::string_view::npos) {
    at = message.find(kNotYetCurrent);
    skip = kNotYetCurrent.size();
  }
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = message.substr(at + skip);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  auto signed_at = parse_amz_date(rest.substr(0, 16));
  const std::size_t paren = rest.find('(');
  if (!signed_at || paren == std::string_view::npos) return std::nullopt;
  auto aws_now = parse_amz_date(rest.substr(paren + 1, 16));
  if (!aws_now) return std::nullopt;
  return *aws_now - *signed_at;
}

std::optional<std::int64_t> skew_from_date_header(const Headers& headers, std::int64_t now) {
  auto date = find_header(headers, "Date");
  if (!date) return std::nullopt;
  auto when = parse_http_date(*date);
  if (!when) return std::nullopt;
  return *when - now;
}

std::string describe_skew(std::int64_t aws_minus_local) {
  const std::int64_t magnitude = aws_minus_local < 0 ? -aws_minus_local : aws_minus_local;
  const char* direction = aws_minus_local > 0 ? "behind" : "ahead of";
  std::string amount;
  if (magnitude < 60) {
    amount = std::to_string(magnitude) + " seconds";
  } else {
    const std::int64_t minutes = (magnitude + 30) / 60;
    amount = std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
  }
  return "this machine's clock is " + amount + " " + direction + " AWS's";
}

}  // namespace credprobe
