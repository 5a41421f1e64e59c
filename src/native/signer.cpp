#include "native/signer.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace credprobe::native {

namespace {
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

SignResult failure(const char* why) {
  ERR_clear_error();
  SignResult r;
  r.error = why;
  return r;
}
}  // namespace

SignResult openssl_sign(const SignStep& step) {
  if (step.algorithm != "RS256") return failure("unsupported signature algorithm");
  if (step.private_key_pem.size() > 64 * 1024) return failure("the private key is too large");
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(step.private_key_pem.data(), static_cast<int>(step.private_key_pem.size())));
  if (!bio) return failure("out of memory");
  // An empty passphrase callback: an encrypted key fails instead of prompting on the terminal.
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(
      bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (!key) return failure("the private key could not be read as a PEM private key");
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return failure("the private key is not RSA");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return failure("the signer could not be initialised with this key");
  }
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(step.data.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &length, data, step.data.size()) != 1) {
    return failure("signing failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(&signature[0]), &length, data,
                     step.data.size()) != 1) {
    return failure("signing failed");
  }
  signature.resize(length);
  SignResult r;
  r.signature = std::move(signature);
  return r;
}

}  // namespace credprobe::native
