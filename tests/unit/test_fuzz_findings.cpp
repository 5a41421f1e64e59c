// What fuzzing the core found, one case per finding: each fails on the code before its fix.
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "credprobe/aws/aws_provider.hpp"
#include "credprobe/aws/xml_scan.hpp"
#include "credprobe/check.hpp"
#include "credprobe/crypto/pem.hpp"
#include "credprobe/decimal.hpp"
#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/json.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/scripted_driver.hpp"
#include "credprobe/url.hpp"

using namespace credprobe;

namespace {

// The shortest %.*g text that strtod reads back as `value`: the oracle for shortest_decimal.
std::string shortest_by_printf(double value) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

double from_bits(std::uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

TEST_CASE("fuzz finding: xml_unescape keeps 4 MB of '&' without ';' as they are") {
  // Quadratic before: each '&' searched the rest of the text for ';' (4 MB took minutes). The
  // time is measured by bench/parsers_linear.cpp on the same input (hostile::sts_texts, the
  // last one); here, the answer.
  const std::string text(4'000'000, '&');
  CHECK(xml_unescape(text + ";") == text + ";");
  CHECK(xml_unescape("a&amp;b&#x26;c&#38;d&unknown;e&") == "a&b&c&d&unknown;e&");
  CHECK(xml_unescape("&#x10FFFF;") == "\xF4\x8F\xBF\xBF");
}

TEST_CASE("fuzz finding: a Retry-After date far in the future is clamped, never negative") {
  const std::int64_t now = 1'700'000'000;  // 2023-11-14
  for (const char* date : {"Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 01 Jan 2100 00:00:00 GMT"}) {
    INFO(date);
    const Headers headers{{"Retry-After", date}};
    CHECK(retry_after_seconds(headers, now) == INT_MAX);
    const Verdict v = rate_limited_verdict("p", "rate limited", headers, now, "no wait");
    CHECK(v.hint == "Try again in " + std::to_string(INT_MAX) + " seconds.");
  }
  CHECK(retry_after_seconds({{"Retry-After", "Tue, 14 Nov 2023 22:14:20 GMT"}}, now) == 60);
  CHECK(retry_after_seconds({{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}, now) == 0);
}

TEST_CASE("fuzz finding: a Google API error code outside int's range is no code") {
  // Undefined behaviour before (a double outside int's range converted to int).
  for (const char* code : {"1e10", "-1e10", "1e400", "2147483648"}) {
    INFO(code);
    auto error = read_google_api_error(std::string(R"({"error":{"code":)") + code + "}}");
    REQUIRE(error);
    CHECK(error->code == 0);
  }
  CHECK(read_google_api_error(R"({"error":{"code":403}})")->code == 403);
  CHECK(read_google_api_error(R"({"error":{"code":2147483647}})")->code == INT_MAX);
}

TEST_CASE("fuzz finding: the JSON writer writes tiny numbers instead of terminating") {
  // std::length_error before (log10 of a subnormal, then a negative string length).
  for (double value : {5e-324, -5e-324, 1e-320, 2.2250738585072014e-308, 1e-7}) {
    INFO(value);
    auto back = parse_json(Json(value).dump());
    REQUIRE(back);
    CHECK(back->number() == value);
  }
  CHECK(Json(5e-324).dump() == "5e-324");
  CHECK(Json(-1e-320).dump() == "-1e-320");
}

TEST_CASE("fuzz finding: the JSON writer writes the shortest text that reads back exactly") {
  // Six significant digits before: 1/3 came back as 0.333333.
  CHECK(Json(1.0 / 3).dump() == "0.3333333333333333");
  CHECK(Json(0.1).dump() == "0.1");
  CHECK(Json(0.1 + 0.2).dump() == "0.30000000000000004");
  CHECK(Json(-2.25).dump() == "-2.25");
  CHECK(Json(1e21).dump() == "1e21");
  CHECK(Json(1e20).dump() == "100000000000000000000");
  CHECK(Json(1.5e300).dump() == "1.5e300");
  CHECK(Json(1.7976931348623157e308).dump() == "1.7976931348623157e308");
  CHECK(Json(123.456).dump() == "123.456");
  CHECK(Json(1e-6).dump() == "0.000001");
  CHECK(Json(1.25e-7).dump() == "1.25e-7");
}

TEST_CASE("fuzz finding: the JSON reader rounds correctly") {
  auto number = [](const char* text) { return parse_json(text)->number(); };
  // A few units in the last place off before.
  CHECK(number("1e100") == 1e100);
  CHECK(number("1e23") == 1e23);
  CHECK(number("8.988465674311579e307") == 8.988465674311579e307);
  CHECK(number("2.2250738585072011e-308") == 2.2250738585072011e-308);  // subnormal boundary
  CHECK(number("4.9406564584124654e-324") == 5e-324);
  CHECK(number("2.4703282292062328e-324") == 5e-324);  // above half the smallest: rounds up
  CHECK(number("2.4703282292062327e-324") == 0.0);     // below half: rounds to zero
  CHECK(number("1.7976931348623158e308") == 1.7976931348623157e308);
  CHECK(number("1.7976931348623159e308") == HUGE_VAL);
  CHECK(number("9007199254740993") == 9007199254740992.0);  // a tie: to even
  CHECK(number("9007199254740993.0000000000000000000000000001") == 9007199254740994.0);
  CHECK(number(("0." + std::string(1000, '0') + "1e1001").c_str()) == 1.0);
  CHECK(number(("1" + std::string(1000, '0') + "e-1000").c_str()) == 1.0);
  CHECK(number("-0") == 0.0);
  CHECK(std::signbit(number("-0")));
}

TEST_CASE("fuzz finding: decimal conversions agree with strtod and printf on random values") {
  std::mt19937_64 random(12);
  for (int i = 0; i < 4000; ++i) {
    // Random bit patterns cover subnormals and every exponent; skip inf and NaN.
    double value = from_bits(random());
    if (!std::isfinite(value)) continue;
    const std::string ours = shortest_decimal(value);
    INFO(ours);
    CHECK(decimal_to_double(ours) == value);
    CHECK(std::strtod(ours.c_str(), nullptr) == value);
    // As short as printf's shortest, digit for digit.
    std::string theirs = shortest_by_printf(value);
    auto significant = [](const std::string& text) {
      std::string digits;
      for (char c : text.substr(0, text.find_first_of("eE"))) {
        if (c >= '0' && c <= '9') digits += c;
      }
      digits.erase(0, digits.find_first_not_of('0'));
      return digits.substr(0, digits.find_last_not_of('0') + 1);
    };
    CHECK(significant(ours) == significant(theirs));
  }
  std::uniform_int_distribution<int> digit(0, 9), length(1, 40), exponent(-400, 400);
  for (int i = 0; i < 4000; ++i) {
    std::string text = std::to_string(digit(random) + 1);
    const int n = length(random);
    for (int k = 0; k < n; ++k) text += static_cast<char>('0' + digit(random));
    if (i % 2) text.insert(1 + static_cast<std::size_t>(n) / 2, ".");
    text += "e" + std::to_string(exponent(random));
    INFO(text);
    CHECK(decimal_to_double(text) == std::strtod(text.c_str(), nullptr));
  }
}

TEST_CASE("fuzz finding: a JSON value is sixteen bytes and an empty one allocates nothing") {
  // 96 bytes a value before: a 4 MB answer of small values read into about 400 MB.
  STATIC_REQUIRE(sizeof(Json) <= 16);
  Json copy = *parse_json(R"({"a":["",{},[],"x",1],"b":null})");
  Json moved = std::move(copy);
  CHECK(moved.dump() == R"({"a":["",{},[],"x",1],"b":null})");
  CHECK(Json(std::string()).string().empty());
  CHECK(Json::array().elements().empty());
  CHECK(Json::object().keys().empty());
}

TEST_CASE("fuzz finding: a PEM label is quoted only when it is a known one") {
  // The whole "label" was quoted before: text between BEGIN and five dashes inside a private
  // key may be a piece of the key.
  const std::string secret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC";
  for (const std::string& text :
       {"-----BEGIN " + secret + "-----\nabcd\n",
        "-----BEGIN PRIVATE KEY-----\nabcd\n-----END " + secret + "-----\n"}) {
    const PemBlock block = parse_pem(text);
    REQUIRE_FALSE(block.ok());
    CHECK(block.error.find(secret) == std::string::npos);
    CHECK(block.error.find("unrecognized label of 51 characters") != std::string::npos);
  }
  CHECK(parse_pem("-----BEGIN PRIVATE KEY-----\nabcd\n").error ==
        "the PEM is truncated: -----BEGIN PRIVATE KEY----- has no matching -----END line");
}

TEST_CASE("fuzz finding: a URL host is a name or an IPv6 literal, and origin() parses back") {
  for (const char* url : {"https://a]b/", "https://a%2eb/", "https://a\\b/", "https://a:b:443/",
                          "https://a[b/", "https://[::1%25eth0]/", "https://[example.com]/",
                          "https://[]/", "https://a,b/", "https://a'b/", "http://:80/"}) {
    INFO(url);
    CHECK_FALSE(parse_url(url));
  }
  for (const char* url :
       {"https://sts.amazonaws.com/", "http://127.0.0.1:5000/x?y", "https://[::1]:8443/",
        "https://[2001:db8::1.2.3.4]/", "http://a_b-c.d"}) {
    INFO(url);
    auto parsed = parse_url(url);
    REQUIRE(parsed);
    auto again = parse_url(parsed->origin());
    REQUIRE(again);
    CHECK(again->origin() == parsed->origin());
    CHECK(again->host == parsed->host);
  }
}

TEST_CASE("fuzz finding: an STS credential error outside a client error proves nothing") {
  // `expired` before, for ExpiredToken in a 500 (fuzz_probe_aws, property (d)).
  const std::string body_of[] = {"ExpiredToken", "InvalidClientTokenId", "SignatureDoesNotMatch"};
  for (const std::string& code : body_of) {
    for (int status : {500, 503, 429, 302}) {
      INFO(code << " in " << status);
      CheckRequest request;
      request.fields = {{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"},
                        {"aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}};
      request.now = 1764336000;
      auto prepared = prepare_check(aws_provider(), request);
      REQUIRE(prepared.probe);
      ScriptedDriver driver(
          {http_answer(status, R"({"Error":{"Code":")" + code +
                                   R"(","Message":"m","Type":"Sender"},"RequestId":"r"})")});
      const Verdict v = driver.run(std::move(prepared));
      CHECK(v.status == (status == 429 ? Status::rate_limited : Status::indeterminate));
    }
  }
  // In STS's own answer (403) the code still decides.
  CheckRequest request;
  request.fields = {{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"},
                    {"aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}};
  request.now = 1764336000;
  auto prepared = prepare_check(aws_provider(), request);
  ScriptedDriver driver({http_answer(
      403, R"({"Error":{"Code":"InvalidClientTokenId","Message":"m","Type":"Sender"}})")});
  CHECK(driver.run(std::move(prepared)).status == Status::invalid);
}
