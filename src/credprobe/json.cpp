#include "credprobe/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "credprobe/text.hpp"

namespace credprobe {

Json::Json(const std::vector<std::string>& strings) : kind_(Kind::array) {
  elements_.reserve(strings.size());
  for (const auto& s : strings) elements_.emplace_back(s);
}

Json& Json::push_back(Json value) & {
  if (kind_ == Kind::null) kind_ = Kind::array;
  elements_.push_back(std::move(value));
  return *this;
}

Json& Json::set(std::string key, Json value) & {
  if (kind_ == Kind::null) kind_ = Kind::object;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      elements_[i] = std::move(value);
      return *this;
    }
  }
  keys_.push_back(std::move(key));
  elements_.push_back(std::move(value));
  return *this;
}

const Json* Json::find(std::string_view key) const {
  if (kind_ != Kind::object) return nullptr;
  for (std::size_t i = keys_.size(); i-- > 0;) {
    if (keys_[i] == key) return &elements_[i];
  }
  return nullptr;
}

// ---- reading ------------------------------------------------------------------------------

namespace {

// A JSON number token (already checked against the grammar) as a double, without strtod, whose
// long-double arithmetic would otherwise come along into the wasm. Exact for integers below
// 2^53, which is every number the core reads (codes, counts, timestamps); others land within a
// few units in the last place.
double decimal_to_double(std::string_view token) {
  std::size_t i = 0;
  const bool negative = token[i] == '-';
  if (negative) ++i;
  std::uint64_t mantissa = 0;
  int significant = 0;  // digits kept in `mantissa`; at most 19 fit
  long exponent = 0;
  auto digit = [&](bool fraction) {
    const auto d = static_cast<std::uint64_t>(token[i] - '0');
    if (significant < 19) {
      mantissa = mantissa * 10 + d;
      if (mantissa != 0) ++significant;
      if (fraction) --exponent;
    } else if (!fraction) {
      ++exponent;
    }
    ++i;
  };
  while (i < token.size() && token[i] >= '0' && token[i] <= '9') digit(false);
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') digit(true);
  }
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    const bool negative_exponent = token[i] == '-';
    if (token[i] == '-' || token[i] == '+') ++i;
    long written = 0;
    for (; i < token.size(); ++i) written = std::min(written * 10 + (token[i] - '0'), 100000L);
    exponent += negative_exponent ? -written : written;
  }
  double value = static_cast<double>(mantissa);
  if (value != 0 && exponent > 400) {
    value = HUGE_VAL;
  } else if (exponent < -400) {
    value = 0;
  } else {
    // Powers of ten up to 1e22 are exact doubles: scale in such steps.
    for (; exponent >= 22; exponent -= 22) value *= 1e22;
    for (; exponent <= -22; exponent += 22) value /= 1e22;
    double step = 1;
    for (long e = 0; e < (exponent < 0 ? -exponent : exponent); ++e) step *= 10;
    value = exponent < 0 ? value / step : value * step;
  }
  return negative ? -value : value;
}

}  // namespace

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  JsonParse read() {
    JsonParse out;
    Json value;
    skip_space();
    if (read_value(value, 0)) {
      skip_space();
      if (at_ == text_.size()) {
        out.value = std::move(value);
        return out;
      }
    }
    out.error_offset = at_;
    out.too_deep = too_deep_;
    return out;
  }

 private:
  bool read_value(Json& out, int depth) {
    if (at_ >= text_.size()) return false;
    switch (text_[at_]) {
      case '{':
        return read_object(out, depth + 1);
      case '[':
        return read_array(out, depth + 1);
      case '"':
        out = Json(Json::Kind::string);
        return read_string(out.string_);
      case 't':
        return read_word("true", out, Json(true));
      case 'f':
        return read_word("false", out, Json(false));
      case 'n':
        return read_word("null", out, Json());
      default:
        return read_number(out);
    }
  }

  bool read_object(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return deep();
    out = Json::object();
    ++at_;  // '{'
    skip_space();
    if (peek('}')) return ++at_, true;
    while (true) {
      if (!peek('"')) return false;
      std::string key;
      if (!read_string(key)) return false;
      skip_space();
      if (!peek(':')) return false;
      ++at_;
      skip_space();
      Json value;
      if (!read_value(value, depth)) return false;
      // Appended, not set(): a repeated key stays linear, and find() takes the last one.
      out.keys_.push_back(std::move(key));
      out.elements_.push_back(std::move(value));
      skip_space();
      if (peek('}')) return ++at_, true;
      if (!peek(',')) return false;
      ++at_;
      skip_space();
    }
  }

  bool read_array(Json& out, int depth) {
    if (depth > kMaxJsonDepth) return deep();
    out = Json::array();
    ++at_;  // '['
    skip_space();
    if (peek(']')) return ++at_, true;
    while (true) {
      Json value;
      if (!read_value(value, depth)) return false;
      out.elements_.push_back(std::move(value));
      skip_space();
      if (peek(']')) return ++at_, true;
      if (!peek(',')) return false;
      ++at_;
      skip_space();
    }
  }

  bool read_word(std::string_view word, Json& out, Json value) {
    for (char c : word) {
      if (at_ >= text_.size() || text_[at_] != c) return false;
      ++at_;
    }
    out = std::move(value);
    return true;
  }

  bool read_number(Json& out) {
    const std::size_t start = at_;
    if (peek('-')) ++at_;
    if (peek('0')) {
      ++at_;
    } else if (!digits()) {
      return false;
    }
    if (peek('.')) {
      ++at_;
      if (!digits()) return false;
    }
    if (peek('e') || peek('E')) {
      ++at_;
      if (peek('+') || peek('-')) ++at_;
      if (!digits()) return false;
    }
    out = Json(decimal_to_double(text_.substr(start, at_ - start)));
    return true;
  }

  bool digits() {
    const std::size_t start = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ > start;
  }

  // Reads a string token into `out` as UTF-8; the reader stops on raw control characters,
  // bad escapes and malformed UTF-8.
  bool read_string(std::string& out) {
    ++at_;  // '"'
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') return ++at_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!read_escape(out)) return false;
      } else if (c < 0x80) {
        out += static_cast<char>(c);
        ++at_;
      } else if (!copy_utf8(out)) {
        return false;
      }
    }
    return false;
  }

  // A bad escape is reported at its backslash, where a person would look.
  bool read_escape(std::string& out) {
    const std::size_t escape_start = at_;
    ++at_;  // '\'
    if (at_ >= text_.size()) return false;
    const char c = text_[at_];
    const char* simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
    for (const char* p = simple; *p; p += 2) {
      if (*p == c) {
        out += p[1];
        ++at_;
        return true;
      }
    }
    if (c != 'u') return fail_at(escape_start);
    ++at_;
    auto code = hex4();
    if (!code) return fail_at(escape_start);
    unsigned long point = *code;
    if (point >= 0xD800 && point <= 0xDBFF) {  // a high surrogate needs its low half
      if (text_.substr(at_, 2) != "\\u") return fail_at(escape_start);
      at_ += 2;
      auto low = hex4();
      if (!low || *low < 0xDC00 || *low > 0xDFFF) return fail_at(escape_start);
      point = 0x10000 + ((point - 0xD800) << 10) + (*low - 0xDC00);
    } else if (point >= 0xDC00 && point <= 0xDFFF) {
      return fail_at(escape_start);
    }
    append_utf8(out, static_cast<std::uint32_t>(point));
    return true;
  }

  std::optional<unsigned long> hex4() {
    if (at_ + 4 > text_.size()) return std::nullopt;
    unsigned long value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_];
      unsigned digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
      value = value * 16 + digit;
      ++at_;
    }
    return value;
  }

  // One well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF).
  bool copy_utf8(std::string& out) {
    const std::size_t length = utf8_sequence_length(text_, at_);
    if (length == 0) return false;
    out.append(text_.substr(at_, length));
    at_ += length;
    return true;
  }

 public:
  // The length of the well-formed UTF-8 sequence starting at `at`, or 0.
  static std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    auto byte = [&](std::size_t i) {
      return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0u;
    };
    const unsigned b0 = byte(0);
    auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      const unsigned b1 = byte(1);
      if ((b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)) return 0;
      return continuation(1) && continuation(2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      const unsigned b1 = byte(1);
      if ((b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 > 0x8F)) return 0;
      return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
  }

 private:
  bool peek(char c) const { return at_ < text_.size() && text_[at_] == c; }
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }
  bool fail_at(std::size_t offset) {
    at_ = offset;
    return false;
  }
  bool deep() {
    too_deep_ = true;
    return false;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  bool too_deep_ = false;
};

JsonParse read_json(std::string_view text) {
  return JsonReader(text).read();
}

std::optional<Json> parse_json(std::string_view text) {
  return read_json(text).value;
}

// ---- writing ------------------------------------------------------------------------------

namespace {

void write_string(std::string& out, const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = JsonReader::utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
        ++i;
      } else {
        out.append(text, i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

// Six decimals, written by hand: enough for anything shown to a person, without pulling
// floating-point printf into the wasm.
void write_fixed(std::string& out, double value) {
  const double magnitude = std::fabs(value);
  auto whole = static_cast<long long>(magnitude);
  auto micros = std::llround((magnitude - static_cast<double>(whole)) * 1e6);
  if (micros >= 1000000) {
    ++whole;
    micros -= 1000000;
  }
  std::string fraction = std::to_string(micros);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (value < 0 && (whole != 0 || !fraction.empty())) out += '-';
  out += std::to_string(whole);
  if (!fraction.empty()) out += "." + fraction;
}

// Integers as integers (the core's own numbers all are: latencies are rounded); others with six
// significant decimals, in exponent form when very large or very small.
void write_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  const double magnitude = std::fabs(value);
  if (magnitude < 9.0e18 && value == std::trunc(value)) {
    out += std::to_string(static_cast<long long>(value));
  } else if (magnitude >= 9.0e18 || magnitude < 1e-6) {
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    write_fixed(out, value / std::pow(10.0, exponent));
    out += "e" + std::to_string(exponent);
  } else {
    write_fixed(out, value);
  }
}

void write(std::string& out, const Json& value, int indent, int depth) {
  auto newline = [&](int level) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * level), ' ');
  };
  switch (value.kind()) {
    case Json::Kind::null:
      out += "null";
      return;
    case Json::Kind::boolean:
      out += value.boolean() ? "true" : "false";
      return;
    case Json::Kind::number:
      write_number(out, value.number());
      return;
    case Json::Kind::string:
      write_string(out, value.string());
      return;
    case Json::Kind::array:
    case Json::Kind::object:
      break;
  }
  const bool object = value.is_object();
  out += object ? '{' : '[';
  const auto& elements = value.elements();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) out += ',';
    newline(depth + 1);
    if (object) {
      write_string(out, value.keys()[i]);
      out += indent < 0 ? ":" : ": ";
    }
    write(out, elements[i], indent, depth + 1);
  }
  if (!elements.empty()) newline(depth);
  out += object ? '}' : ']';
}

}  // namespace

std::string Json::dump(int indent) const {
  std::string out;
  write(out, *this, indent, 0);
  return out;
}

// ---- typed member access ------------------------------------------------------------------

std::optional<std::string> json_string(const Json& object, const char* key) {
  const Json* value = object.find(key);
  if (!value || !value->is_string()) return std::nullopt;
  return value->string();
}

std::optional<double> json_number(const Json& object, const char* key) {
  const Json* value = object.find(key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->number();
}

std::optional<bool> json_bool(const Json& object, const char* key) {
  const Json* value = object.find(key);
  if (!value || !value->is_boolean()) return std::nullopt;
  return value->boolean();
}

const Json* json_object(const Json& object, const char* key) {
  const Json* value = object.find(key);
  return value && value->is_object() ? value : nullptr;
}

const Json* json_array(const Json& object, const char* key) {
  const Json* value = object.find(key);
  return value && value->is_array() ? value : nullptr;
}

}  // namespace credprobe
