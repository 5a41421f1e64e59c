// The core's JSON reader and writer: what a provider's answer can hold, what hostile text must
// not do, and agreement with an independent parser (nlohmann_json, native only) on every input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "credprobe/json.hpp"

using namespace credprobe;

namespace {

bool nlohmann_accepts(const std::string& text) {
  return !nlohmann::json::parse(text, nullptr, false).is_discarded();
}

// The same value as nlohmann's reading: kinds, strings and keys exactly (the last of repeated
// keys), numbers to 1e-9 relative (both read them as doubles in the end).
bool same(const Json& ours, const nlohmann::json& theirs) {
  switch (ours.kind()) {
    case Json::Kind::null:
      return theirs.is_null();
    case Json::Kind::boolean:
      return theirs.is_boolean() && theirs.get<bool>() == ours.boolean();
    case Json::Kind::number: {
      if (!theirs.is_number()) return false;
      const double a = ours.number(), b = theirs.get<double>();
      return a == b || std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
    }
    case Json::Kind::string:
      return theirs.is_string() && theirs.get<std::string>() == ours.string();
    case Json::Kind::array:
      if (!theirs.is_array() || theirs.size() != ours.size()) return false;
      for (std::size_t i = 0; i < ours.size(); ++i) {
        if (!same(ours.elements()[i], theirs[i])) return false;
      }
      return true;
    case Json::Kind::object: {
      if (!theirs.is_object()) return false;
      std::set<std::string> keys(ours.keys().begin(), ours.keys().end());
      if (keys.size() != theirs.size()) return false;
      for (const auto& key : keys) {
        if (!theirs.contains(key) || !same(*ours.find(key), theirs[key])) return false;
      }
      return true;
    }
  }
  return false;
}

// Both accept the text or both refuse it; accepted, both read the same value, and what we write
// reads back as that value again.
void check_agrees(const std::string& text) {
  INFO(text);
  auto ours = parse_json(text);
  const bool theirs = nlohmann_accepts(text);
  REQUIRE(ours.has_value() == theirs);
  if (!ours) return;
  CHECK(same(*ours, nlohmann::json::parse(text)));
  CHECK(nlohmann_accepts(ours->dump()));
  CHECK(parse_json(ours->dump()).has_value());
}

}  // namespace

TEST_CASE("JSON: values of every kind are read and written back") {
  auto value = parse_json(
      R"( {"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "n": -12.5e1, "i": 42, "t": true,
          "f": false, "z": null, "a": [1, [], {}], "o": {"k": "v"}} )");
  REQUIRE(value);
  CHECK(value->is_object());
  CHECK(json_string(*value, "s") == std::string("a\"b\\c/d\n\xC3\xA9\xF0\x9F\x98\x80"));
  CHECK(json_number(*value, "n") == -125.0);
  CHECK(json_bool(*value, "f") == false);
  CHECK(value->find("z")->is_null());
  CHECK(json_array(*value, "a")->size() == 3);
  CHECK(json_object(*value, "o")->keys() == std::vector<std::string>{"k"});
  CHECK(value->dump() ==
        "{\"s\":\"a\\\"b\\\\c/d\\n\xC3\xA9\xF0\x9F\x98\x80\",\"n\":-125,\"i\":42,\"t\":true,"
        "\"f\":false,\"z\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}}");
}

TEST_CASE("JSON: typed access gives nothing for a missing member or another kind") {
  auto value = parse_json(R"({"n": "12", "s": 12})");
  REQUIRE(value);
  CHECK_FALSE(json_number(*value, "n"));
  CHECK_FALSE(json_string(*value, "s"));
  CHECK_FALSE(json_string(*value, "absent"));
  CHECK_FALSE(json_object(*value, "n"));
  CHECK_FALSE(json_string(*parse_json("[1]"), "n"));  // not an object at all
}

TEST_CASE("JSON: a repeated key reads as its last value") {
  CHECK(json_string(*parse_json(R"({"a": "first", "a": "last"})"), "a") == std::string("last"));
}

TEST_CASE("JSON: pretty output indents like the CLI's --json always has") {
  Json v =
      Json::object().set("a", Json::array().push_back(1).push_back("x")).set("b", Json::object());
  CHECK(v.dump(2) == "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": {}\n}");
}

TEST_CASE("JSON: set replaces a member in place and keeps the order") {
  Json v = Json::object().set("a", 1).set("b", 2).set("a", 3);
  CHECK(v.dump() == R"({"a":3,"b":2})");
}

TEST_CASE("JSON: numbers are written as integers, or as the shortest text that reads back") {
  CHECK(Json(0).dump() == "0");
  CHECK(Json(-7).dump() == "-7");
  CHECK(Json(1700000000123LL).dump() == "1700000000123");
  CHECK(Json(0.5).dump() == "0.5");
  CHECK(Json(-2.25).dump() == "-2.25");
  CHECK(Json(1.0 / 3).dump() == "0.3333333333333333");
  CHECK(Json(1e300).dump() == "1e300");
  CHECK(Json(std::nan("")).dump() == "null");
}

TEST_CASE("JSON: numbers are read as the nearest double") {
  auto number = [](const char* text) { return parse_json(text)->number(); };
  CHECK(number("1700000000") == 1700000000.0);
  CHECK(number("9007199254740991") == 9007199254740991.0);  // 2^53 - 1
  CHECK(number("-7000215") == -7000215.0);
  CHECK(number("0.5") == 0.5);
  CHECK(number("2.5e-3") == 0.0025);
  CHECK(number("6.02214076e23") == 6.02214076e23);
  CHECK(number("1e400") == HUGE_VAL);
  CHECK(number("1e-400") == 0.0);
  CHECK(number("0.000000000000000000000000000001e30") == 1.0);
}

TEST_CASE("JSON: control characters are escaped and invalid UTF-8 becomes U+FFFD") {
  CHECK(Json(std::string("a\x01\tb")).dump() == "\"a\\u0001\\tb\"");
  CHECK(Json(std::string("bad \xFF byte")).dump() == "\"bad \xEF\xBF\xBD byte\"");
  CHECK(Json(std::string("cut \xE2\x82")).dump() == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(nlohmann_accepts(Json(std::string("\xC0\x80\xED\xA0\x80")).dump()));
}

TEST_CASE("JSON: malformed text is refused at the byte a person must look at") {
  struct Case {
    const char* text;
    std::size_t offset;
  };
  for (const Case& c : {Case{"", 0}, Case{"{", 1}, Case{"{\"a\" 1}", 5}, Case{"{\"a\":1,}", 7},
                        Case{"[1,]", 3}, Case{"[1 2]", 3}, Case{"{\"a\":1 \"b\":2}", 7},
                        Case{"\"tab\there\"", 4}, Case{"\"\\x\"", 1}, Case{"\"\\ud800\"", 1},
                        Case{"\"\\udc00\"", 1}, Case{"01", 1}, Case{"1.", 2}, Case{"-", 1},
                        Case{"tru", 3}, Case{"{} x", 3}, Case{"'a'", 0}, Case{"\"\xFF\"", 1}}) {
    INFO(c.text);
    JsonParse parsed = read_json(c.text);
    CHECK_FALSE(parsed.value);
    CHECK(parsed.error_offset == c.offset);
    CHECK_FALSE(nlohmann_accepts(c.text));
  }
}

TEST_CASE("JSON: hostile nesting is refused, not a stack overflow") {
  const std::string deep(1'000'000, '[');
  JsonParse parsed = read_json(deep);
  CHECK_FALSE(parsed.value);
  CHECK(parsed.too_deep);
  CHECK(parsed.error_offset == kMaxJsonDepth);

  std::string just_deep_enough = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK(parse_json(just_deep_enough));
}

TEST_CASE("JSON: a huge object of one repeated key reads in linear time") {
  std::string text = "{";
  for (int i = 0; i < 200'000; ++i) text += "\"k\":1,";
  text += "\"k\":2}";
  auto value = parse_json(text);
  REQUIRE(value);
  CHECK(json_number(*value, "k") == 2.0);
}

TEST_CASE("JSON: agrees with nlohmann_json on handwritten edge cases") {
  for (const char* text : {"0",
                           "-0",
                           "1e5",
                           "1E+2",
                           "2.5e-3",
                           "[]",
                           "{}",
                           " [ 1 , 2 ] ",
                           "\"\\u0000\"",
                           "\"\\u20AC\"",
                           "\"\xE2\x82\xAC\"",
                           "\"\xF4\x8F\xBF\xBF\"",
                           "\"\xF4\x90\x80\x80\"",
                           "\"\xE0\x80\xAF\"",
                           "\"\xED\xA0\x80\"",
                           "[1,2",
                           "{\"a\":}",
                           "nul",
                           "[\"a\"\"b\"]",
                           "{\"a\" : [true, false, null]}",
                           "123abc",
                           "+1",
                           ".5",
                           "1e",
                           "[-]",
                           "\"\\/\""}) {
    check_agrees(text);
  }
}

TEST_CASE("JSON: agrees with nlohmann_json on 20000 random mutations of real answers") {
  const std::vector<std::string> seeds = {
      R"({"type":"user","name":"ada","orgs":[{"name":"lab","roleInOrg":"admin"}],"auth":{"accessToken":{"role":"fineGrained"}}})",
      R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.","error_codes":[7000215]})",
      R"({"data":[{"id":"0920582c","name":"gpu-1","instance_type":{"name":"gpu_1x_a10"},"region":{"name":"us-east-1"}}]})",
      R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012","Arn":"arn:aws:iam::123456789012:user/ada"}}})",
      R"(["\u00e9\ud83d\ude00", -1.5e3, 0, true, null, {"a": {}}])",
  };
  const std::string alphabet = "{}[]\":,\\ u0123456789abcdefenlrtsuE.+-\xC3\xA9\xFF\x01\t\n";
  std::mt19937 random(20261128);
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    check_agrees(text);
  }
}
