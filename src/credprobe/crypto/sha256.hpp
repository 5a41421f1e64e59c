// SHA-256 (FIPS 180-4), written out so the core needs no crypto library: SigV4 signs
// synchronously, and WebCrypto is async-only and missing in insecure browser contexts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace credprobe {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  static constexpr std::size_t kBlockSize = 64;

  Sha256();
  void update(std::string_view data);
  // Pads and returns the digest; the context is reset afterwards and can hash a new message.
  Sha256Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, kBlockSize> buffer_;
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Sha256Digest sha256(std::string_view data);
// Lower-case hex of the digest, the form SigV4 and most APIs print.
std::string sha256_hex(std::string_view data);
// The digest as a byte string, for feeding into HMAC or base64.
std::string digest_bytes(const Sha256Digest& digest);

}  // namespace credprobe
