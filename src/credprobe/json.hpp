// The core's own JSON value, reader and writer. Every byte of the core is downloaded by the
// browser build, and a general-purpose JSON library cost about a fifth of the wasm
// (docs/performance.md); the core needs only this: read a provider's answer without
// exceptions, build the verdict and the registry, and write them.
//
// Objects keep their members in insertion order (a verdict's identity reads in the order the
// provider reported it). Reading is bounded: nesting deeper than kMaxJsonDepth is refused, so a
// hostile answer cannot exhaust the stack, and work stays linear in the input's size.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace credprobe {

inline constexpr int kMaxJsonDepth = 128;

class Json {
 public:
  enum class Kind : unsigned char { null, boolean, number, string, array, object };

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : kind_(Kind::boolean), boolean_(value) {}
  template <typename Number, typename = std::enable_if_t<std::is_arithmetic_v<Number> &&
                                                         !std::is_same_v<Number, bool>>>
  Json(Number value) : kind_(Kind::number), number_(static_cast<double>(value)) {}
  Json(std::string value);
  Json(const char* value) : Json(std::string(value)) {}
  Json(std::string_view value) : Json(std::string(value)) {}
  // An array of strings (field names, hosts, choices: the registry has many).
  Json(const std::vector<std::string>& strings);

  Json(const Json& other);
  Json(Json&& other) noexcept;
  Json& operator=(const Json& other);
  Json& operator=(Json&& other) noexcept;
  ~Json();

  static Json array() { return Json(Kind::array); }
  static Json object() { return Json(Kind::object); }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool is_boolean() const { return kind_ == Kind::boolean; }
  bool is_number() const { return kind_ == Kind::number; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }

  // The value itself; a neutral value (false, 0, "") for another kind, never a throw.
  bool boolean() const { return kind_ == Kind::boolean && boolean_; }
  double number() const { return kind_ == Kind::number ? number_ : 0; }
  const std::string& string() const;

  // Arrays: the elements. Objects: the members' values, in order, beside keys().
  const std::vector<Json>& elements() const;
  const std::vector<std::string>& keys() const;
  std::size_t size() const { return elements().size(); }
  // `for (const Json& element : array)`.
  std::vector<Json>::const_iterator begin() const { return elements().begin(); }
  std::vector<Json>::const_iterator end() const { return elements().end(); }

  // Appends to an array (a null becomes an empty array first).
  Json& push_back(Json value) &;
  Json&& push_back(Json value) && { return std::move(push_back(std::move(value))); }
  // Sets an object member, replacing one of the same key (a null becomes an empty object).
  // Chains: Json::object().set("a", 1).set("b", 2).
  Json& set(std::string key, Json value) &;
  Json&& set(std::string key, Json value) && {
    return std::move(set(std::move(key), std::move(value)));
  }
  // The member `key` of an object (the last one when a hostile text repeats it), or null.
  const Json* find(std::string_view key) const;

  // Compact text, or with `indent` spaces per level. Invalid UTF-8 in strings is written as
  // U+FFFD, so the output is always valid JSON.
  std::string dump(int indent = -1) const;

 private:
  explicit Json(Kind kind) : kind_(kind) {
    if (kind == Kind::string) string_ = nullptr;
    if (kind == Kind::array || kind == Kind::object) members_ = nullptr;
  }
  friend class JsonReader;

  struct Members {
    std::vector<Json> elements;
    std::vector<std::string> keys;  // objects only, parallel to elements
  };
  Members& members();
  void release() noexcept;
  void take(Json& other) noexcept;

  // Sixteen bytes a value: a read answer holds one per number, string and container, so the
  // reader's memory is a small multiple of the text. Empty strings and containers allocate
  // nothing (a null pointer).
  Kind kind_ = Kind::null;
  bool boolean_ = false;
  union {
    double number_ = 0;
    std::string* string_;  // Kind::string
    Members* members_;     // Kind::array, Kind::object
  };
};

struct JsonParse {
  std::optional<Json> value;
  std::size_t error_offset = 0;  // the first byte that could not be read, when value is empty
  bool too_deep = false;         // refused for nesting deeper than kMaxJsonDepth
};

// Reads one JSON text (RFC 8259; surrounding whitespace allowed, nothing else after it).
JsonParse read_json(std::string_view text);
// The value, or nullopt when the text is not JSON.
std::optional<Json> parse_json(std::string_view text);

// The member `key` of `object` when it exists and is a string / number / bool / object / array.
std::optional<std::string> json_string(const Json& object, const char* key);
std::optional<double> json_number(const Json& object, const char* key);
std::optional<bool> json_bool(const Json& object, const char* key);
const Json* json_object(const Json& object, const char* key);
const Json* json_array(const Json& object, const char* key);

}  // namespace credprobe
