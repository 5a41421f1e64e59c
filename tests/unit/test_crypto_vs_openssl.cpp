// The hand-written SHA-256, HMAC-SHA-256 and base64 agree with OpenSSL's libcrypto on random
// inputs (fixed seed, so a failure reproduces).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/hmac.hpp"
#include "credprobe/crypto/sha256.hpp"

namespace {

constexpr int kRounds = 300;

std::string random_bytes(std::mt19937& random, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(length(random), '\0');
  for (char& c : out) c = static_cast<char>(byte(random));
  return out;
}

const unsigned char* as_uchar(const std::string& text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::string openssl_sha256(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string openssl_hmac(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), as_uchar(data), data.size(),
               mac, &size) != nullptr);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string openssl_base64(const std::string& data) {
  std::vector<unsigned char> out(4 * ((data.size() + 2) / 3) + 1);
  const int size = EVP_EncodeBlock(out.data(), as_uchar(data), static_cast<int>(data.size()));
  REQUIRE(size >= 0);
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(size));
}

}  // namespace

TEST_CASE("SHA-256 agrees with OpenSSL on random inputs of 0 to 4096 bytes", "[openssl]") {
  std::mt19937 random(0x5eed0001);
  for (int round = 0; round < kRounds; ++round) {
    const std::string data = random_bytes(random, 4096);
    INFO("round " << round << ", " << data.size() << " bytes");
    REQUIRE(credprobe::digest_bytes(credprobe::sha256(data)) == openssl_sha256(data));
  }
}

TEST_CASE("incremental SHA-256 agrees with OpenSSL when updates split the input at random",
          "[openssl]") {
  std::mt19937 random(0x5eed0002);
  for (int round = 0; round < kRounds; ++round) {
    const std::string data = random_bytes(random, 4096);
    INFO("round " << round << ", " << data.size() << " bytes");
    credprobe::Sha256 context;
    std::size_t pos = 0;
    while (pos < data.size()) {
      const std::size_t chunk = std::uniform_int_distribution<std::size_t>(1, 200)(random);
      context.update(std::string_view(data).substr(pos, chunk));
      pos += chunk;
    }
    REQUIRE(credprobe::digest_bytes(context.finish()) == openssl_sha256(data));
  }
}

TEST_CASE("HMAC-SHA-256 agrees with OpenSSL on random keys and messages", "[openssl]") {
  std::mt19937 random(0x5eed0003);
  for (int round = 0; round < kRounds; ++round) {
    // Keys up to 200 bytes cover shorter than, equal to and longer than the 64-byte block.
    const std::string key = random_bytes(random, 200);
    const std::string data = random_bytes(random, 4096);
    INFO("round " << round << ", key " << key.size() << " bytes, data " << data.size() << " bytes");
    REQUIRE(credprobe::hmac_sha256_bytes(key, data) == openssl_hmac(key, data));
  }
}

TEST_CASE("base64 agrees with OpenSSL's EVP_EncodeBlock and decodes back", "[openssl]") {
  std::mt19937 random(0x5eed0004);
  for (int round = 0; round < kRounds; ++round) {
    const std::string data = random_bytes(random, 4096);
    INFO("round " << round << ", " << data.size() << " bytes");
    const std::string encoded = credprobe::base64_encode(data);
    REQUIRE(encoded == openssl_base64(data));
    REQUIRE(credprobe::base64_decode(encoded) == data);
  }
}
