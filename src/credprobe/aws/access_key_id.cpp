#include "credprobe/aws/access_key_id.hpp"

#include <cstdint>
#include "credprobe/text.hpp"

namespace credprobe {

namespace {

// From AWS's "IAM identifiers" reference (unique ID prefixes).
const AwsIdPrefix kPrefixes[] = {
    {"AKIA", AwsIdKind::long_term_key, "a long-term access key"},
    {"ASIA", AwsIdKind::temporary_key, "a temporary (STS) access key"},
    {"ABIA", AwsIdKind::other_id, "an STS service bearer token id"},
    {"ACCA", AwsIdKind::other_id, "a context-specific credential id"},
    {"AGPA", AwsIdKind::other_id, "an IAM group's unique id"},
    {"AIDA", AwsIdKind::other_id, "an IAM user's unique id"},
    {"AIPA", AwsIdKind::other_id, "an EC2 instance profile's unique id"},
    {"ANPA", AwsIdKind::other_id, "a managed policy's unique id"},
    {"ANVA", AwsIdKind::other_id, "a managed policy version's unique id"},
    {"APKA", AwsIdKind::other_id, "a public key id"},
    {"AROA", AwsIdKind::other_id, "an IAM role's unique id"},
    {"ASCA", AwsIdKind::other_id, "a certificate id"},
};

constexpr std::size_t kKeyIdLength = 20;

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool is_key_shaped(std::string_view key_id) {
  if (key_id.size() != kKeyIdLength) return false;
  const AwsIdPrefix* prefix = aws_id_prefix(key_id);
  if (!prefix ||
      (prefix->kind != AwsIdKind::long_term_key && prefix->kind != AwsIdKind::temporary_key)) {
    return false;
  }
  for (char c : key_id.substr(4)) {
    if (!is_aws_base32(c)) return false;
  }
  return true;
}

}  // namespace

const AwsIdPrefix* aws_id_prefix(std::string_view id) {
  if (id.size() < 4) return nullptr;
  for (const auto& entry : kPrefixes) {
    if (id.substr(0, 4) == entry.prefix) return &entry;
  }
  return nullptr;
}

bool is_aws_base32(char c) {
  return base32_value(c) >= 0;
}

bool is_legacy_aws_key_id(std::string_view key_id) {
  return is_key_shaped(key_id) && base32_value(key_id[4]) < 16;
}

std::optional<std::string> aws_account_from_key_id(std::string_view key_id) {
  if (!is_key_shaped(key_id) || is_legacy_aws_key_id(key_id)) return std::nullopt;
  // Ten characters are 50 bits; the first 48 of them are the six bytes the account lives in.
  std::uint64_t bits = 0;
  for (char c : key_id.substr(4, 10))
    bits = (bits << 5) | static_cast<std::uint64_t>(base32_value(c));
  const std::uint64_t first_six_bytes = bits >> 2;
  const std::uint64_t account = (first_six_bytes & 0x7fffffffff80ULL) >> 7;
  if (account > 999999999999ULL) return std::nullopt;
  return zero_padded(account, 12);
}

}  // namespace credprobe
