#include "credprobe/crypto/pem.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "credprobe/crypto/encoding.hpp"

namespace credprobe {
namespace {

constexpr std::string_view kDashes = "-----";
constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";

PemBlock pem_error(std::string message) {
  PemBlock block;
  block.error = std::move(message);
  return block;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Reads "LABEL-----" at `pos`; nullopt when the closing dashes are missing on that line.
std::optional<std::string> read_label(std::string_view text, std::size_t pos, std::size_t* after) {
  const std::size_t line_end = std::min(text.find('\n', pos), text.size());
  const std::size_t close = text.find(kDashes, pos);
  if (close == std::string_view::npos || close > line_end) return std::nullopt;
  *after = close + kDashes.size();
  return std::string(text.substr(pos, close - pos));
}

// A label as a message may quote it: the labels RFC 7468 and OpenSSL write, and nothing else.
// The text around a label is a private key: an unknown "label" may be a piece of it, so it is
// described, never quoted.
std::string quoted_label(const std::string& label) {
  static const char* const kKnown[] = {
      "PRIVATE KEY",           "RSA PRIVATE KEY",     "EC PRIVATE KEY", "DSA PRIVATE KEY",
      "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "PUBLIC KEY",     "RSA PUBLIC KEY",
      "CERTIFICATE",           "CERTIFICATE REQUEST", "X509 CRL",       "PKCS7"};
  for (const char* known : kKnown) {
    if (label == known) return label;
  }
  return "(an unrecognized label of " + std::to_string(label.size()) + " characters)";
}

// DER tag-length-value reader over a bounded window.
struct Tlv {
  std::uint8_t tag = 0;
  std::string_view value;
};

class DerReader {
 public:
  explicit DerReader(std::string_view data) : data_(data) {}

  bool at_end() const { return pos_ >= data_.size(); }

  // nullopt on a truncated or non-DER header (indefinite length, high tag numbers, lengths that
  // run past the window).
  std::optional<Tlv> next() {
    if (data_.size() - pos_ < 2) return std::nullopt;
    Tlv tlv;
    tlv.tag = byte(pos_);
    if ((tlv.tag & 0x1f) == 0x1f) return std::nullopt;
    std::size_t length = byte(pos_ + 1);
    std::size_t header = 2;
    if (length & 0x80) {
      const std::size_t count = length & 0x7f;
      if (count == 0 || count > 4 || data_.size() - pos_ - 2 < count) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < count; ++i) length = (length << 8) | byte(pos_ + 2 + i);
      header += count;
    }
    if (data_.size() - pos_ - header < length) return std::nullopt;
    tlv.value = data_.substr(pos_ + header, length);
    pos_ += header + length;
    return tlv;
  }

 private:
  std::uint8_t byte(std::size_t i) const { return static_cast<std::uint8_t>(data_[i]); }

  std::string_view data_;
  std::size_t pos_ = 0;
};

constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kNull = 0x05;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kSequence = 0x30;

std::string oid_to_dotted(std::string_view oid) {
  if (oid.empty()) return {};
  std::string out;
  std::uint64_t value = 0;
  bool first = true;
  for (char c : oid) {
    const auto byte = static_cast<std::uint8_t>(c);
    if (value > (UINT64_MAX >> 7)) return "(oversized OID)";
    value = (value << 7) | (byte & 0x7f);
    if (byte & 0x80) continue;
    if (first) {
      const std::uint64_t arc0 = value < 40 ? 0 : (value < 80 ? 1 : 2);
      out = std::to_string(arc0) + "." + std::to_string(value - 40 * arc0);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
  }
  return out;
}

const char* algorithm_name(const std::string& oid) {
  if (oid == "1.2.840.113549.1.1.1") return "RSA";
  if (oid == "1.2.840.113549.1.1.10") return "RSASSA-PSS";
  if (oid == "1.2.840.10045.2.1") return "EC";
  if (oid == "1.3.101.112") return "Ed25519";
  if (oid == "1.3.101.113") return "Ed448";
  if (oid == "1.2.840.10040.4.1") return "DSA";
  return nullptr;
}

PrivateKeyClass classified(PrivateKeyKind kind, std::string detail, std::string oid = {}) {
  PrivateKeyClass result;
  result.kind = kind;
  result.detail = std::move(detail);
  result.algorithm_oid = std::move(oid);
  return result;
}

}  // namespace

PemBlock parse_pem(std::string_view text) {
  // A PEM copied out of a JSON file without decoding the string carries "\n" as two characters;
  // no valid PEM contains a backslash, so this is the one diagnosis that fits.
  // Only the part from BEGIN on is searched, so a Windows path in text before it cannot trip this.
  const std::size_t begin = text.find(kBegin);
  if (text.find("\\n", begin == std::string_view::npos ? 0 : begin) != std::string_view::npos) {
    return pem_error(
        "the PEM contains literal \\n sequences (a backslash followed by n) instead of line "
        "breaks: it looks like a JSON string pasted without decoding; replace each \\n with a "
        "newline, or paste the whole JSON file instead");
  }
  if (begin == std::string_view::npos) {
    return pem_error("no -----BEGIN ...----- line: this is not a PEM");
  }
  std::size_t body_start = 0;
  const auto label = read_label(text, begin + kBegin.size(), &body_start);
  if (!label || label->empty()) {
    return pem_error("the -----BEGIN line is malformed (it must end with five dashes)");
  }
  const std::size_t end = text.find(kEnd, body_start);
  if (end == std::string_view::npos) {
    return pem_error("the PEM is truncated: -----BEGIN " + quoted_label(*label) +
                     "----- has no matching -----END line");
  }
  std::size_t after_end = 0;
  const auto end_label = read_label(text, end + kEnd.size(), &after_end);
  if (!end_label) {
    return pem_error("the -----END line is malformed (it must end with five dashes)");
  }
  if (*end_label != *label) {
    return pem_error("mismatched PEM labels: -----BEGIN " + quoted_label(*label) +
                     "----- ends with -----END " + quoted_label(*end_label) + "-----");
  }

  const std::string_view body = text.substr(body_start, end - body_start);
  if (body.find(':') != std::string_view::npos) {
    return pem_error(
        "the PEM has headers (such as Proc-Type: 4,ENCRYPTED): encrypted PEM keys "
        "are not supported; export the key unencrypted as PKCS#8");
  }
  std::string compact;
  compact.reserve(body.size());
  for (char c : body) {
    if (!is_space(c)) compact += c;
  }
  if (compact.empty()) return pem_error("the PEM body between BEGIN and END is empty");
  auto der = base64_decode(compact);
  if (!der) {
    return pem_error("the PEM body is not valid base64 (a character was changed, added or lost)");
  }
  PemBlock block;
  block.label = *label;
  block.der = std::move(*der);
  return block;
}

const char* to_string(PrivateKeyKind kind) {
  switch (kind) {
    case PrivateKeyKind::pkcs8_rsa:
      return "pkcs8_rsa";
    case PrivateKeyKind::pkcs8_other:
      return "pkcs8_other";
    case PrivateKeyKind::not_pkcs8:
      return "not_pkcs8";
    case PrivateKeyKind::malformed_der:
      return "malformed_der";
  }
  return "malformed_der";
}

PrivateKeyClass classify_private_key(std::string_view der) {
  if (der.empty()) return classified(PrivateKeyKind::malformed_der, "the key data is empty");
  DerReader top(der);
  const auto outer = top.next();
  if (!outer) {
    return classified(PrivateKeyKind::malformed_der, "the DER is truncated or not DER");
  }
  if (outer->tag != kSequence) {
    return classified(PrivateKeyKind::not_pkcs8, "the DER does not start with a SEQUENCE");
  }
  if (!top.at_end()) {
    return classified(PrivateKeyKind::malformed_der, "the DER has trailing bytes after the key");
  }

  DerReader fields(outer->value);
  const auto first = fields.next();
  if (!first) return classified(PrivateKeyKind::malformed_der, "the DER is truncated");
  if (first->tag == kSequence) {
    // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }.
    const auto second = fields.next();
    if (second && second->tag == kBitString) {
      return classified(PrivateKeyKind::not_pkcs8,
                        "this is a public key (SubjectPublicKeyInfo), not a private key");
    }
    return classified(PrivateKeyKind::not_pkcs8, "the DER is not a PKCS#8 PrivateKeyInfo");
  }
  if (first->tag != kInteger) {
    return classified(PrivateKeyKind::not_pkcs8, "the DER is not a PKCS#8 PrivateKeyInfo");
  }
  const bool version_ok = first->value.size() == 1 &&
                          (first->value[0] == 0 || first->value[0] == 1);  // v1, v2 (RFC 5958)

  const auto algorithm = fields.next();
  if (!algorithm) return classified(PrivateKeyKind::malformed_der, "the DER is truncated");
  if (algorithm->tag == kInteger) {
    // RSAPrivateKey: SEQUENCE { INTEGER version, INTEGER modulus, ... }.
    return classified(PrivateKeyKind::not_pkcs8,
                      "this is a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY), not PKCS#8; convert it "
                      "with `openssl pkcs8 -topk8 -nocrypt`");
  }
  if (!version_ok || algorithm->tag != kSequence) {
    return classified(PrivateKeyKind::not_pkcs8, "the DER is not a PKCS#8 PrivateKeyInfo");
  }

  DerReader algorithm_fields(algorithm->value);
  const auto oid = algorithm_fields.next();
  if (!oid) return classified(PrivateKeyKind::malformed_der, "the DER is truncated");
  if (oid->tag != kOid || oid->value.empty()) {
    return classified(PrivateKeyKind::not_pkcs8, "the key's algorithm identifier is not an OID");
  }
  std::optional<Tlv> parameters;
  if (!algorithm_fields.at_end()) {
    parameters = algorithm_fields.next();
    if (!parameters) return classified(PrivateKeyKind::malformed_der, "the DER is truncated");
  }

  const auto key = fields.next();
  if (!key) return classified(PrivateKeyKind::malformed_der, "the DER is truncated");
  if (key->tag != kOctetString) {
    return classified(PrivateKeyKind::not_pkcs8, "the PKCS#8 private key is not an OCTET STRING");
  }

  std::string dotted = oid_to_dotted(oid->value);
  const char* name = algorithm_name(dotted);
  if (dotted == "1.2.840.113549.1.1.1") {
    if (parameters && parameters->tag != kNull) {
      return classified(PrivateKeyKind::not_pkcs8,
                        "the rsaEncryption parameters are not NULL as PKCS#1 requires", dotted);
    }
    return classified(PrivateKeyKind::pkcs8_rsa, "a PKCS#8 RSA private key", std::move(dotted));
  }
  std::string detail = "a PKCS#8 private key for ";
  detail += name ? std::string(name) : "algorithm " + dotted;
  detail += ", not RSA";
  return classified(PrivateKeyKind::pkcs8_other, std::move(detail), std::move(dotted));
}

}  // namespace credprobe
