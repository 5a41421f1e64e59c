#include "credprobe/redact.hpp"

#include <algorithm>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/json.hpp"

namespace credprobe {

namespace {

// The secret as the core's JSON writer puts it inside a string, so the redactor finds it in any
// JSON the core writes.
std::string json_escape(std::string_view text) {
  const std::string quoted = Json(text).dump();
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

void Redactor::add(std::string_view secret) {
  if (secret.size() < 4) return;
  // As typed, as a query parameter, as a form body (the token requests) and inside JSON.
  for (std::string form :
       {std::string(secret), uri_encode(secret), form_urlencode(secret), json_escape(secret)}) {
    keep(form);
  }
  // A PEM key may leak line by line: register the base64 lines between its armour lines.
  // Only a value that is a PEM block: other multi-line values (a JSON key file that holds a
  // PEM in one of its strings) have innocent lines; their PEM is registered on its own.
  size_t first = secret.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && secret.compare(first, 10, "-----BEGIN") == 0) {
    size_t start = 0;
    while (start < secret.size()) {
      size_t end = secret.find('\n', start);
      if (end == std::string_view::npos) end = secret.size();
      std::string_view line = secret.substr(start, end - start);
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.size() >= 16 && line.find("-----") == std::string_view::npos) keep(line);
      start = end + 1;
    }
  }
}

// Inserted in place rather than sorted after: a handful of secrets, and std::sort costs 1 KB of
// wasm (docs/performance.md).
void Redactor::keep(std::string_view secret) {
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  auto shorter = std::find_if(secrets_.begin(), secrets_.end(),
                              [&](const std::string& s) { return s.size() < secret.size(); });
  secrets_.emplace(shorter, secret);
}

std::string Redactor::apply(std::string_view text) const {
  std::string out(text);
  // Each secret in one pass that copies into a new string: replacing in place moved the rest of
  // the text at every occurrence, quadratic in a text that repeats a secret.
  for (const auto& secret : secrets_) {
    std::size_t pos = out.find(secret);
    if (pos == std::string::npos) continue;
    std::string next;
    next.reserve(out.size());
    std::size_t copied = 0;
    for (; pos != std::string::npos; pos = out.find(secret, copied)) {
      next.append(out, copied, pos - copied);
      next += kRedacted;
      copied = pos + secret.size();
    }
    next.append(out, copied, std::string::npos);
    out = std::move(next);
  }
  return out;
}

}  // namespace credprobe
