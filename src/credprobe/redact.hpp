// Redaction: every secret a check handles is registered here, and every text that leaves the
// core (verdict, error, log line) can be passed through `apply` as a last line of defence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/fields.hpp"

namespace credprobe {

class Redactor {
 public:
  // Registers a secret and the encodings it may travel in (URL-encoded, JSON-escaped).
  // Values shorter than 4 characters are ignored: they would redact ordinary words.
  void add(std::string_view secret);
  std::string apply(std::string_view text) const;
  bool empty() const { return secrets_.empty(); }

 private:
  // Keeps `secrets_` longest first (a longer secret may contain a shorter one), once each.
  void keep(std::string_view secret);

  std::vector<std::string> secrets_;  // longest first
};

inline constexpr const char* kRedacted = "[redacted]";

}  // namespace credprobe
