// PEM framing and the PKCS#8 classifier, on keys OpenSSL generates at test time (no key file is
// ever committed) and on hostile input.
#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <string>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/pem.hpp"

using credprobe::classify_private_key;
using credprobe::parse_pem;
using credprobe::PrivateKeyKind;

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

PkeyPtr generate(int type) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(type, nullptr), &EVP_PKEY_CTX_free);
  REQUIRE(ctx != nullptr);
  REQUIRE(EVP_PKEY_keygen_init(ctx.get()) == 1);
  if (type == EVP_PKEY_RSA) {
    REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048) == 1);
  } else {
    REQUIRE(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx.get(), NID_X9_62_prime256v1) == 1);
  }
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_keygen(ctx.get(), &key) == 1);
  return PkeyPtr(key, &EVP_PKEY_free);
}

const EVP_PKEY* rsa_key() {
  static const PkeyPtr key = generate(EVP_PKEY_RSA);  // RSA keygen is slow: once per run
  return key.get();
}

const EVP_PKEY* ec_key() {
  static const PkeyPtr key = generate(EVP_PKEY_EC);
  return key.get();
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

enum class Form { pkcs8, traditional, public_key, pkcs8_der };

std::string write_key(const EVP_PKEY* key, Form form) {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  REQUIRE(bio != nullptr);
  auto* mutable_key = const_cast<EVP_PKEY*>(key);
  int ok = 0;
  switch (form) {
    case Form::pkcs8:
      ok = PEM_write_bio_PrivateKey(bio.get(), mutable_key, nullptr, nullptr, 0, nullptr, nullptr);
      break;
    case Form::traditional:
      ok = PEM_write_bio_PrivateKey_traditional(bio.get(), mutable_key, nullptr, nullptr, 0,
                                                nullptr, nullptr);
      break;
    case Form::public_key:
      ok = PEM_write_bio_PUBKEY(bio.get(), mutable_key);
      break;
    case Form::pkcs8_der:
      ok = i2d_PKCS8PrivateKey_bio(bio.get(), mutable_key, nullptr, nullptr, 0, nullptr, nullptr);
      break;
  }
  REQUIRE(ok == 1);
  return bio_text(bio.get());
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("a PKCS#8 RSA private key PEM decodes to its DER and classifies as RSA", "[pem]") {
  const std::string pem = write_key(rsa_key(), Form::pkcs8);
  const auto block = parse_pem(pem);
  REQUIRE(block.ok());
  CHECK(block.label == "PRIVATE KEY");
  CHECK(block.der == write_key(rsa_key(), Form::pkcs8_der));
  const auto kind = classify_private_key(block.der);
  CHECK(kind.kind == PrivateKeyKind::pkcs8_rsa);
  CHECK(kind.algorithm_oid == "1.2.840.113549.1.1.1");
  CHECK(kind.detail == "a PKCS#8 RSA private key");
}

TEST_CASE("text around the PEM block and CRLF line endings are accepted", "[pem]") {
  const std::string pem = write_key(rsa_key(), Form::pkcs8);
  const auto block = parse_pem("Bag Attributes\r\n    localKeyID: 01\r\n" +
                               replace_all(pem, "\n", "\r\n") + "tail");
  REQUIRE(block.ok());
  CHECK(block.label == "PRIVATE KEY");
  CHECK(classify_private_key(block.der).kind == PrivateKeyKind::pkcs8_rsa);
}

TEST_CASE("a PEM cut in the middle is reported as truncated", "[pem]") {
  const std::string pem = write_key(rsa_key(), Form::pkcs8);
  const auto block = parse_pem(pem.substr(0, pem.size() / 2));
  CHECK_FALSE(block.ok());
  CHECK(block.error ==
        "the PEM is truncated: -----BEGIN PRIVATE KEY----- has no matching -----END line");
}

TEST_CASE("a PEM with literal backslash-n sequences gets the JSON-paste diagnosis", "[pem]") {
  const std::string escaped = replace_all(write_key(rsa_key(), Form::pkcs8), "\n", "\\n");
  const auto block = parse_pem(escaped);
  CHECK_FALSE(block.ok());
  CHECK(block.error ==
        "the PEM contains literal \\n sequences (a backslash followed by n) instead of line "
        "breaks: it looks like a JSON string pasted without decoding; replace each \\n with a "
        "newline, or paste the whole JSON file instead");
}

TEST_CASE("a public key PEM is labelled PUBLIC KEY and is not a private key", "[pem]") {
  const auto block = parse_pem(write_key(rsa_key(), Form::public_key));
  REQUIRE(block.ok());
  CHECK(block.label == "PUBLIC KEY");
  const auto kind = classify_private_key(block.der);
  CHECK(kind.kind == PrivateKeyKind::not_pkcs8);
  CHECK(kind.detail == "this is a public key (SubjectPublicKeyInfo), not a private key");
}

TEST_CASE("an EC PKCS#8 key is PKCS#8 but not RSA", "[pem]") {
  const auto block = parse_pem(write_key(ec_key(), Form::pkcs8));
  REQUIRE(block.ok());
  CHECK(block.label == "PRIVATE KEY");
  const auto kind = classify_private_key(block.der);
  CHECK(kind.kind == PrivateKeyKind::pkcs8_other);
  CHECK(kind.algorithm_oid == "1.2.840.10045.2.1");
  CHECK(kind.detail == "a PKCS#8 private key for EC, not RSA");
}

TEST_CASE("a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY) is not PKCS#8", "[pem]") {
  const auto block = parse_pem(write_key(rsa_key(), Form::traditional));
  REQUIRE(block.ok());
  CHECK(block.label == "RSA PRIVATE KEY");
  const auto kind = classify_private_key(block.der);
  CHECK(kind.kind == PrivateKeyKind::not_pkcs8);
  CHECK(kind.detail ==
        "this is a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY), not PKCS#8; convert it with `openssl "
        "pkcs8 -topk8 -nocrypt`");
}

TEST_CASE("text without a BEGIN line is not a PEM", "[pem]") {
  CHECK(parse_pem("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").error ==
        "no -----BEGIN ...----- line: this is not a PEM");
  CHECK(parse_pem("").error == "no -----BEGIN ...----- line: this is not a PEM");
}

TEST_CASE("BEGIN and END with different labels are reported as mismatched", "[pem]") {
  const auto block = parse_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
  CHECK(block.error ==
        "mismatched PEM labels: -----BEGIN PRIVATE KEY----- ends with -----END PUBLIC KEY-----");
}

TEST_CASE("a PEM body that is not base64 is reported as such", "[pem]") {
  std::string pem = write_key(rsa_key(), Form::pkcs8);
  pem[pem.find('\n') + 10] = '!';
  CHECK(parse_pem(pem).error ==
        "the PEM body is not valid base64 (a character was changed, added or lost)");
  CHECK(parse_pem("-----BEGIN PRIVATE KEY-----\nAAAAA\n-----END PRIVATE KEY-----").error ==
        "the PEM body is not valid base64 (a character was changed, added or lost)");
}

TEST_CASE("an empty PEM body and a malformed BEGIN line are errors", "[pem]") {
  CHECK(parse_pem("-----BEGIN X-----\n-----END X-----\n").error ==
        "the PEM body between BEGIN and END is empty");
  CHECK(parse_pem("-----BEGIN PRIVATE KEY\nAAAA\n-----END PRIVATE KEY-----").error ==
        "the -----BEGIN line is malformed (it must end with five dashes)");
}

TEST_CASE("an encrypted legacy PEM is refused with the reason", "[pem]") {
  const auto block = parse_pem(
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
      "AAAA\n-----END RSA PRIVATE KEY-----\n");
  CHECK(block.error ==
        "the PEM has headers (such as Proc-Type: 4,ENCRYPTED): encrypted PEM keys are not "
        "supported; export the key unencrypted as PKCS#8");
}

TEST_CASE("every proper prefix of a PKCS#8 key's DER is malformed DER", "[pem][der]") {
  const std::string der = write_key(rsa_key(), Form::pkcs8_der);
  for (std::size_t length = 0; length < der.size(); ++length) {
    INFO("prefix of " << length << " bytes");
    REQUIRE(classify_private_key(std::string_view(der).substr(0, length)).kind ==
            PrivateKeyKind::malformed_der);
  }
  CHECK(classify_private_key(der + std::string(1, '\0')).kind == PrivateKeyKind::malformed_der);
}

TEST_CASE("hostile DER lengths are rejected without reading past the end", "[pem][der]") {
  using namespace std::string_literals;
  CHECK(classify_private_key("\x30\x84\xff\xff\xff\xff"s).kind == PrivateKeyKind::malformed_der);
  CHECK(classify_private_key("\x30\x80\x00\x00"s).kind == PrivateKeyKind::malformed_der);
  CHECK(classify_private_key("\x30\x89\x01\x02\x03\x04\x05\x06\x07\x08\x09"s).kind ==
        PrivateKeyKind::malformed_der);
  CHECK(classify_private_key("\x30\x03\x02\x01\x00"s).kind == PrivateKeyKind::malformed_der);
  CHECK(classify_private_key("\x30\x05\x02\x01\x00\x30\x7f"s).kind ==
        PrivateKeyKind::malformed_der);
  CHECK(classify_private_key("\x04\x00"s).kind == PrivateKeyKind::not_pkcs8);
  CHECK(classify_private_key("\x1f\x00"s).kind == PrivateKeyKind::malformed_der);
  // SEQUENCE { INTEGER 0, SEQUENCE { OID with a never-ending arc }, OCTET STRING {} }
  const std::string long_arc = "\x06\x0c"s + std::string(12, '\xff');
  const std::string algorithm = "\x30\x0e"s + long_arc;
  const std::string body = "\x02\x01\x00"s + algorithm + "\x04\x00"s;
  const auto kind = classify_private_key("\x30"s + static_cast<char>(body.size()) + body);
  CHECK(kind.kind == PrivateKeyKind::pkcs8_other);
  CHECK(kind.algorithm_oid == "(oversized OID)");
}

TEST_CASE("garbage, empty and huge inputs give errors and never crash", "[pem][der]") {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 600);
  const std::string der = write_key(rsa_key(), Form::pkcs8_der);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(length(random), '\0');
    for (char& c : junk) c = static_cast<char>(byte(random));
    CHECK_FALSE(parse_pem(junk).ok());
    const auto kind = classify_private_key(junk);
    CHECK(kind.kind != PrivateKeyKind::pkcs8_rsa);
    // A real key with one byte flipped must still be walked safely.
    std::string mutated = der;
    mutated[std::uniform_int_distribution<std::size_t>(0, der.size() - 1)(random)] =
        static_cast<char>(byte(random));
    (void)classify_private_key(mutated);
    (void)parse_pem("-----BEGIN PRIVATE KEY-----\n" + credprobe::base64_encode(junk) +
                    "\n-----END PRIVATE KEY-----\n");
  }
  CHECK_FALSE(parse_pem("").ok());
  CHECK(classify_private_key("").kind == PrivateKeyKind::malformed_der);
  CHECK_FALSE(parse_pem("-----BEGIN ").ok());
  CHECK_FALSE(parse_pem("-----BEGIN -----").ok());
  CHECK_FALSE(parse_pem("-----BEGIN X----------END X-----").ok());
  const std::string huge(16 * 1024 * 1024, 'A');
  CHECK_FALSE(parse_pem(huge).ok());
  CHECK(classify_private_key(huge).kind == PrivateKeyKind::not_pkcs8);
  const auto big =
      parse_pem("-----BEGIN PRIVATE KEY-----\n" + huge + "\n-----END PRIVATE KEY-----");
  REQUIRE(big.ok());
  CHECK(big.der.size() == 12 * 1024 * 1024);
  CHECK(classify_private_key(big.der).kind == PrivateKeyKind::not_pkcs8);
}
