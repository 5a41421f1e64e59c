// The JSON writer's round trip: a value built from fuzzer choices (numbers from raw bits, strings
// from raw bytes, nesting) is written, read back, and must be the same value: kinds, keys,
// strings (valid UTF-8 ones byte for byte) and numbers exactly.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "credprobe/json.hpp"

using credprobe::Json;

namespace {

// An independent check (RFC 3629): the writer replaces anything else with U+FFFD.
bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n;
    std::uint32_t point;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 2;
      point = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      point = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      point = c & 0x07u;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      point = (point << 6) | (d & 0x3Fu);
    }
    if ((n == 2 && point < 0x80) || (n == 3 && point < 0x800) || (n == 4 && point < 0x10000) ||
        point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

Json build(FuzzedDataProvider& in, int depth) {
  switch (in.ConsumeIntegralInRange<int>(0, depth < 8 ? 6 : 4)) {
    case 0:
      return Json();
    case 1:
      return Json(in.ConsumeBool());
    case 2: {
      std::uint64_t bits = in.ConsumeIntegral<std::uint64_t>();
      double value;
      std::memcpy(&value, &bits, sizeof value);
      if (!std::isfinite(value)) value = static_cast<double>(bits >> 11);
      return Json(value);
    }
    case 3:
      return Json(static_cast<double>(in.ConsumeIntegral<std::int64_t>()) /
                  static_cast<double>(in.ConsumeIntegralInRange<int>(1, 1000)));
    case 4:
      return Json(in.ConsumeRandomLengthString(32));
    case 5: {
      Json array = Json::array();
      const int n = in.ConsumeIntegralInRange<int>(0, 6);
      for (int i = 0; i < n; ++i) array.push_back(build(in, depth + 1));
      return array;
    }
    default: {
      Json object = Json::object();
      const int n = in.ConsumeIntegralInRange<int>(0, 6);
      for (int i = 0; i < n; ++i) object.set(in.ConsumeRandomLengthString(8), build(in, depth + 1));
      return object;
    }
  }
}

bool same(const Json& a, const Json& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Json::Kind::null:
      return true;
    case Json::Kind::boolean:
      return a.boolean() == b.boolean();
    case Json::Kind::number:
      return a.number() == b.number();
    case Json::Kind::string:
      return !valid_utf8(a.string()) || a.string() == b.string();
    case Json::Kind::array:
    case Json::Kind::object:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (a.is_object() && valid_utf8(a.keys()[i]) && a.keys()[i] != b.keys()[i]) return false;
        if (!same(a.elements()[i], b.elements()[i])) return false;
      }
      return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const Json value = build(in, 0);
  for (int indent : {-1, 2}) {
    const std::string text = value.dump(indent);
    auto back = credprobe::parse_json(text);
    if (!back || !same(value, *back)) {
      std::fprintf(stderr, "round trip changed the value: %s\n", text.c_str());
      std::abort();
    }
  }
  return 0;
}
