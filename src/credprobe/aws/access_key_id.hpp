// What an access key id says about itself, offline. The first four characters name the kind of
// identifier (AWS documents them in "IAM identifiers"); the rest is base32 (A-Z, 2-7). Key ids
// issued since about 2019 carry the account id in their first bits after the prefix, as public
// research by Aidan Steele and Tal Be'ery found: base32-decode characters 5..20, take the first
// six bytes big-endian, mask 0x7fffffffff80 and shift right by 7. Older ids (AKIAI..., AKIAJ...)
// do not encode it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

enum class AwsIdKind {
  long_term_key,  // AKIA: an IAM user's (or the root user's) access key
  temporary_key,  // ASIA: issued by STS with a session token
  other_id,       // a known prefix of something that is not an access key id (AIDA, AROA, ...)
  unknown,
};

struct AwsIdPrefix {
  const char* prefix;
  AwsIdKind kind;
  const char* what;  // "an IAM user's unique id", ...
};

// The prefix entry for `id`, or nullptr when its first four characters are none AWS documents.
const AwsIdPrefix* aws_id_prefix(std::string_view id);

// A-Z and 2-7, RFC 4648's base32 alphabet: AWS ids never contain 0, 1, 8 or 9.
bool is_aws_base32(char c);

// The 12-digit account id a modern key id encodes; nullopt for legacy ids and for anything that
// is not 20 characters of the base32 alphabet after an AKIA/ASIA prefix.
std::optional<std::string> aws_account_from_key_id(std::string_view key_id);

// True for key ids of the older format, whose fifth character is below 'Q' in base32 (the
// well-known AKIAI... and AKIAJ... ids): they carry no account id.
bool is_legacy_aws_key_id(std::string_view key_id);

}  // namespace credprobe
