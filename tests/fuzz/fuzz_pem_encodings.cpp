// PEM framing, the PKCS#8 classifier and the encodings on any bytes; every encoding reads back
// what it wrote.
#include <cstdlib>
#include <string>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/pem.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const PemBlock block = parse_pem(bytes);
  if (block.ok()) (void)classify_private_key(block.der);
  (void)classify_private_key(bytes);
  (void)hex_decode(bytes);
  (void)base64_decode(bytes);
  (void)base64url_decode(bytes);
  (void)url_decode(bytes);
  (void)url_decode(bytes, true);
  if (hex_decode(hex_encode(bytes)) != bytes) std::abort();
  if (base64_decode(base64_encode(bytes)) != bytes) std::abort();
  if (base64url_decode(base64url_encode(bytes)) != bytes) std::abort();
  if (url_decode(uri_encode(bytes)) != bytes) std::abort();
  if (url_decode(uri_encode(bytes, true)) != bytes) std::abort();
  if (url_decode(form_urlencode(bytes), true) != bytes) std::abort();
  return 0;
}
