// Hex, base64/base64url (RFC 4648 section 10 vectors), SigV4 URI encoding, form encoding and
// percent-decoding.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "credprobe/crypto/encoding.hpp"

using credprobe::base64_decode;
using credprobe::base64_encode;
using credprobe::base64url_decode;
using credprobe::base64url_encode;

TEST_CASE("hex encoding is lower-case, two digits per byte", "[encoding]") {
  CHECK(credprobe::hex_encode("") == "");
  CHECK(credprobe::hex_encode(std::string("\x00\x0f\xab\xff", 4)) == "000fabff");
}

TEST_CASE("hex decoding accepts either case and rejects odd lengths and non-hex", "[encoding]") {
  CHECK(credprobe::hex_decode("000fABff") == std::string("\x00\x0f\xab\xff", 4));
  CHECK(credprobe::hex_decode("") == std::string());
  CHECK_FALSE(credprobe::hex_decode("abc").has_value());
  CHECK_FALSE(credprobe::hex_decode("zz").has_value());
  CHECK_FALSE(credprobe::hex_decode("0x12").has_value());
}

TEST_CASE("base64 encodes the RFC 4648 section 10 vectors", "[encoding]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("\xfb\xff") == "+/8=");
}

TEST_CASE("base64 decodes the RFC 4648 section 10 vectors", "[encoding]") {
  CHECK(base64_decode("") == std::string());
  CHECK(base64_decode("Zg==") == std::string("f"));
  CHECK(base64_decode("Zm8=") == std::string("fo"));
  CHECK(base64_decode("Zm9v") == std::string("foo"));
  CHECK(base64_decode("Zm9vYg==") == std::string("foob"));
  CHECK(base64_decode("Zm9vYmE=") == std::string("fooba"));
  CHECK(base64_decode("Zm9vYmFy") == std::string("foobar"));
  CHECK(base64_decode("+/8=") == std::string("\xfb\xff"));
}

TEST_CASE("base64 decoding rejects bad length, bad padding and foreign characters", "[encoding]") {
  CHECK_FALSE(base64_decode("Zg").has_value());    // padding missing
  CHECK_FALSE(base64_decode("Zg=").has_value());   // length not a multiple of 4
  CHECK_FALSE(base64_decode("Z===").has_value());  // three '='
  CHECK_FALSE(base64_decode("Zm=v").has_value());  // '=' inside
  CHECK_FALSE(base64_decode("Zm9v!A==").has_value());
  CHECK_FALSE(base64_decode(" Zm9v").has_value());  // whitespace is the caller's to strip
  CHECK_FALSE(base64_decode("-_8=").has_value());   // URL-safe alphabet
  CHECK_FALSE(base64_decode("====").has_value());
}

TEST_CASE("base64url encodes without padding and with - and _", "[encoding]") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_encode("{\"alg\":\"RS256\"}") == "eyJhbGciOiJSUzI1NiJ9");
}

TEST_CASE("base64url decodes unpadded and padded input and rejects the standard alphabet",
          "[encoding]") {
  CHECK(base64url_decode("Zg") == std::string("f"));
  CHECK(base64url_decode("Zg==") == std::string("f"));
  CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
  CHECK(base64url_decode("eyJhbGciOiJSUzI1NiJ9") == std::string("{\"alg\":\"RS256\"}"));
  CHECK_FALSE(base64url_decode("Z").has_value());
  CHECK_FALSE(base64url_decode("+/8").has_value());
  CHECK_FALSE(base64url_decode("Zg=").has_value());
  CHECK_FALSE(base64url_decode("a.b").has_value());
}

TEST_CASE("URI encoding keeps only A-Z a-z 0-9 - _ . ~ and writes upper-case %XX", "[encoding]") {
  CHECK(credprobe::uri_encode("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(credprobe::uri_encode("a b+c=d&e*f%") == "a%20b%2Bc%3Dd%26e%2Af%25");
  CHECK(credprobe::uri_encode("\xe1\x88\xb4") == "%E1%88%B4");
  CHECK(credprobe::uri_encode("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request") ==
        "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request");
}

TEST_CASE("URI encoding keeps '/' only when asked (canonical paths)", "[encoding]") {
  CHECK(credprobe::uri_encode("/a b/c", true) == "/a%20b/c");
  CHECK(credprobe::uri_encode("/a b/c", false) == "%2Fa%20b%2Fc");
}

TEST_CASE("form encoding writes space as '+' and keeps * - . _", "[encoding]") {
  CHECK(credprobe::form_urlencode("a b&c=d~*-._") == "a+b%26c%3Dd%7E*-._");
  CHECK(credprobe::form_urlencode("https://graph.microsoft.com/.default") ==
        "https%3A%2F%2Fgraph.microsoft.com%2F.default");
}

TEST_CASE("form encoding joins fields in order as name=value&name=value", "[encoding]") {
  const credprobe::FormFields fields = {
      {"grant_type", "client_credentials"}, {"client_secret", "a+b/c="}, {"scope", "x y"}};
  CHECK(credprobe::form_urlencode(fields) ==
        "grant_type=client_credentials&client_secret=a%2Bb%2Fc%3D&scope=x+y");
  CHECK(credprobe::form_urlencode(credprobe::FormFields{}) == "");
}

TEST_CASE("percent-decoding decodes %XX in either case and '+' only for forms", "[encoding]") {
  CHECK(credprobe::url_decode("%E1%88%B4=bar") == std::string("\xe1\x88\xb4=bar"));
  CHECK(credprobe::url_decode("a%2fb") == std::string("a/b"));
  CHECK(credprobe::url_decode("a+b") == std::string("a+b"));
  CHECK(credprobe::url_decode("a+b", true) == std::string("a b"));
  CHECK(credprobe::url_decode("") == std::string());
}

TEST_CASE("percent-decoding rejects a '%' without two hex digits", "[encoding]") {
  CHECK_FALSE(credprobe::url_decode("%").has_value());
  CHECK_FALSE(credprobe::url_decode("abc%2").has_value());
  CHECK_FALSE(credprobe::url_decode("%zz").has_value());
  CHECK_FALSE(credprobe::url_decode("%%41").has_value());
}

TEST_CASE("encodings round-trip every byte value", "[encoding]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(credprobe::hex_decode(credprobe::hex_encode(all)) == all);
  CHECK(base64_decode(base64_encode(all)) == all);
  CHECK(base64url_decode(base64url_encode(all)) == all);
  CHECK(credprobe::url_decode(credprobe::uri_encode(all)) == all);
  CHECK(credprobe::url_decode(credprobe::form_urlencode(all), true) == all);
}
