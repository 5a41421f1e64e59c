#include "credprobe/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "credprobe/decimal.hpp"
#include "credprobe/text.hpp"

namespace credprobe {

Json::Json(std::string value) : kind_(Kind::string) {
  string_ = value.empty() ? nullptr : new std::string(std::move(value));
}

Json::Json(const std::vector<std::string>& strings) : kind_(Kind::array) {
  members_ = nullptr;
  if (strings.empty()) return;
  members_ = new Members;
  members_->elements.reserve(strings.size());
  for (const auto& s : strings) members_->elements.emplace_back(s);
}

Json::Json(const Json& other) : kind_(other.kind_), boolean_(other.boolean_) {
  if (kind_ == Kind::string) {
    string_ = other.string_ ? new std::string(*other.string_) : nullptr;
  } else if (kind_ == Kind::array || kind_ == Kind::object) {
    members_ = other.members_ ? new Members(*other.members_) : nullptr;
  } else {
    number_ = other.number_;
  }
}

Json::Json(Json&& other) noexcept {
  take(other);
}

// Moves other's value here (this holding nothing) and leaves other null.
void Json::take(Json& other) noexcept {
  kind_ = other.kind_;
  boolean_ = other.boolean_;
  if (kind_ == Kind::string) {
    string_ = other.string_;
  } else if (kind_ == Kind::array || kind_ == Kind::object) {
    members_ = other.members_;
  } else {
    number_ = other.number_;
  }
  other.kind_ = Kind::null;
  other.number_ = 0;
}

Json& Json::operator=(const Json& other) {
  if (this != &other) *this = Json(other);
  return *this;
}

Json& Json::operator=(Json&& other) noexcept {
  if (this == &other) return *this;
  release();
  take(other);
  return *this;
}

Json::~Json() {
  release();
}

void Json::release() noexcept {
  if (kind_ == Kind::string) {
    delete string_;
  } else if (kind_ == Kind::array || kind_ == Kind::object) {
    delete members_;
  }
  kind_ = Kind::null;
  number_ = 0;
}

const std::string& Json::string() const {
  static const std::string empty;
  return kind_ == Kind::string && string_ ? *string_ : empty;
}

const std::vector<Json>& Json::elements() const {
  static const std::vector<Json> empty;
  return (kind_ == Kind::array || kind_ == Kind::object) && members_ ? members_->elements : empty;
}

const std::vector<std::string>& Json::keys() const {
  static const std::vector<std::string> empty;
  return kind_ == Kind::object && members_ ? members_->keys : empty;
}

Json::Members& Json::members() {
  if (!members_) members_ = new Members;
  return *members_;
}

Json& Json::push_back(Json value) & {
  if (kind_ != Kind::array && kind_ != Kind::object) *this = Json(Kind::array);
  members().elements.push_back(std::move(value));
  return *this;
}

Json& Json::set(std::string key, Json value) & {
  if (kind_ != Kind::object) *this = Json(Kind::object);
  Members& m = members();
  for (std::size_t i = 0; i < m.keys.size(); ++i) {
    if (m.keys[i] == key) {
      m.elements[i] = std::move(value);
      return *this;
    }
  }
  m.keys.push_back(std::move(key));
  m.elements.push_back(std::move(value));
  return *this;
}

const Json* Json::find(std::string_view key) const {
  if (kind_ != Kind::object || !members_) return nullptr;
  const auto& keys = members_->keys;
  for (std::size_t i = keys.size(); i-- > 0;) {
    if (keys[i] == key) return &members_->elements[i];
  }
  return nullptr;
}

// ---- reading ------------------------------------------------------------------------------

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
        if (!read_string()) return false;
        out = Json(scratch_);
        return true;
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
      if (!read_string()) return false;
      std::string key(scratch_);
      skip_space();
      if (!peek(':')) return false;
      ++at_;
      skip_space();
      Json value;
      if (!read_value(value, depth)) return false;
      // Appended, not set(): a repeated key stays linear, and find() takes the last one.
      Json::Members& members = out.members();
      members.keys.push_back(std::move(key));
      members.elements.push_back(std::move(value));
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
      Json::Members& members = out.members();
      members.elements.push_back(std::move(value));
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

  // Reads a string token into scratch_ as UTF-8 (one buffer for the whole text: the value then
  // gets a copy of exactly its size); the reader stops on raw control characters, bad escapes
  // and malformed UTF-8.
  bool read_string() {
    std::string& out = scratch_;
    out.clear();
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
  std::string scratch_;
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

// Integers as integers (the core's own numbers mostly are: latencies are rounded); others as
// the shortest text that reads back as the same double.
void write_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (std::fabs(value) < 9.0e18 && value == std::trunc(value)) {
    out += std::to_string(static_cast<long long>(value));
  } else {
    out += shortest_decimal(value);
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
