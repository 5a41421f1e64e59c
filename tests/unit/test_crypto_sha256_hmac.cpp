// SHA-256 and HMAC-SHA-256 against the published vectors (FIPS 180-4, RFC 4231).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/hmac.hpp"
#include "credprobe/crypto/sha256.hpp"

namespace {

// The vectors live beside the repository; CI must have them, a developer machine may not.
std::optional<std::filesystem::path> hash_vectors_dir() {
  const std::filesystem::path dir = std::filesystem::path(CREDPROBE_VECTORS_DIR) / "hash";
  if (std::filesystem::is_directory(dir)) return dir;
  if (std::getenv("CI") != nullptr) {
    FAIL("vectors directory " << dir.string() << " is missing and CI is set");
  }
  WARN("SKIPPED: vectors directory " << dir.string()
                                     << " is missing; put the shared vectors at ../shared/vectors");
  return std::nullopt;
}

nlohmann::json load_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

std::string unhex(const std::string& hex) {
  auto bytes = credprobe::hex_decode(hex);
  REQUIRE(bytes.has_value());
  return *bytes;
}

}  // namespace

TEST_CASE("SHA-256 matches every FIPS 180-4 example, one million 'a' included", "[sha256]") {
  const auto dir = hash_vectors_dir();
  if (!dir) return;
  const auto vectors = load_json(*dir / "sha256.json");
  const auto& cases = vectors.at("cases");
  REQUIRE(cases.size() == 5);
  for (const auto& test : cases) {
    std::string message;
    if (test.contains("message_repeat")) {
      const auto& repeat = test.at("message_repeat");
      message.assign(repeat.at("count").get<std::size_t>(),
                     repeat.at("char").get<std::string>().at(0));
    } else {
      message = test.at("message_ascii").get<std::string>();
    }
    INFO("message of " << message.size() << " bytes starting \"" << message.substr(0, 16) << "\"");
    CHECK(credprobe::sha256_hex(message) == test.at("sha256_hex").get<std::string>());
  }
}

TEST_CASE("SHA-256 of the empty string and of abc", "[sha256]") {
  CHECK(credprobe::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(credprobe::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("SHA-256 gives the same digest however the input is split across updates", "[sha256]") {
  // Lengths around the 55/56/64-byte padding boundaries are where hand-written padding breaks.
  for (std::size_t length : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000}) {
    std::string message(length, '\0');
    for (std::size_t i = 0; i < length; ++i) message[i] = static_cast<char>(i * 7 + 3);
    const auto expected = credprobe::sha256(message);
    for (std::size_t chunk : {1, 3, 63, 64, 65}) {
      INFO("length " << length << ", chunk " << chunk);
      credprobe::Sha256 context;
      for (std::size_t pos = 0; pos < length; pos += chunk) {
        context.update(std::string_view(message).substr(pos, chunk));
      }
      CHECK(context.finish() == expected);
    }
  }
}

TEST_CASE("SHA-256 one million 'a' fed in uneven pieces", "[sha256]") {
  credprobe::Sha256 context;
  const std::string piece(997, 'a');
  std::size_t fed = 0;
  while (fed + piece.size() <= 1000000) {
    context.update(piece);
    fed += piece.size();
  }
  context.update(std::string(1000000 - fed, 'a'));
  CHECK(credprobe::hex_encode(credprobe::digest_bytes(context.finish())) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("a SHA-256 context starts afresh after finish", "[sha256]") {
  credprobe::Sha256 context;
  context.update("something else");
  (void)context.finish();
  context.update("abc");
  CHECK(context.finish() == credprobe::sha256("abc"));
}

TEST_CASE("HMAC-SHA-256 matches RFC 4231 test cases 1-4, 6 and 7", "[hmac]") {
  const auto dir = hash_vectors_dir();
  if (!dir) return;
  const auto vectors = load_json(*dir / "rfc4231-hmac-sha256.json");
  const auto& cases = vectors.at("cases");
  REQUIRE(cases.size() == 6);
  for (const auto& test : cases) {
    INFO("RFC 4231 test case " << test.at("case").get<std::string>());
    const std::string key = unhex(test.at("key_hex").get<std::string>());
    const std::string data = unhex(test.at("data_hex").get<std::string>());
    CHECK(credprobe::hmac_sha256_hex(key, data) == test.at("hmac_sha256_hex").get<std::string>());
  }
}

TEST_CASE("HMAC-SHA-256 of RFC 4231 test case 2 (a key shorter than the output)", "[hmac]") {
  CHECK(credprobe::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("HMAC-SHA-256 hashes keys longer than a block (RFC 4231 test case 6)", "[hmac]") {
  const std::string key(131, '\xaa');
  CHECK(credprobe::hmac_sha256_hex(key, "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("HMAC-SHA-256 bytes, hex and digest forms agree", "[hmac]") {
  const auto digest = credprobe::hmac_sha256("key", "message");
  CHECK(credprobe::hmac_sha256_bytes("key", "message") == credprobe::digest_bytes(digest));
  CHECK(credprobe::hmac_sha256_hex("key", "message") ==
        credprobe::hex_encode(credprobe::digest_bytes(digest)));
}
