#include "credprobe/crypto/hmac.hpp"

#include <array>

#include "credprobe/crypto/encoding.hpp"

namespace credprobe {

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  std::array<char, Sha256::kBlockSize> block{};
  if (key.size() > block.size()) {
    const Sha256Digest hashed = sha256(key);
    for (std::size_t i = 0; i < hashed.size(); ++i) block[i] = static_cast<char>(hashed[i]);
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) block[i] = key[i];
  }

  std::array<char, Sha256::kBlockSize> pad{};
  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = static_cast<char>(block[i] ^ 0x36);
  Sha256 inner;
  inner.update(std::string_view(pad.data(), pad.size()));
  inner.update(message);
  const std::string inner_digest = digest_bytes(inner.finish());

  for (std::size_t i = 0; i < pad.size(); ++i) pad[i] = static_cast<char>(block[i] ^ 0x5c);
  Sha256 outer;
  outer.update(std::string_view(pad.data(), pad.size()));
  outer.update(inner_digest);
  return outer.finish();
}

std::string hmac_sha256_bytes(std::string_view key, std::string_view message) {
  return digest_bytes(hmac_sha256(key, message));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  return hex_encode(hmac_sha256_bytes(key, message));
}

}  // namespace credprobe
