// Byte encodings the probes need: hex, base64 (standard and URL-safe), SigV4's URI encoding,
// application/x-www-form-urlencoded, and percent-decoding. Decoders never throw: malformed
// input yields nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credprobe {

// Lower-case hex, two digits per byte.
std::string hex_encode(std::string_view bytes);
// Accepts upper- and lower-case digits; nullopt on odd length or a non-hex character.
std::optional<std::string> hex_decode(std::string_view hex);

// RFC 4648 section 4, with '=' padding.
std::string base64_encode(std::string_view bytes);
// Strict: no whitespace, length a multiple of 4, padding only at the end. Callers that accept
// wrapped text (PEM) strip the whitespace first.
std::optional<std::string> base64_decode(std::string_view text);

// RFC 4648 section 5 without padding, as JWTs (RFC 7515) require.
std::string base64url_encode(std::string_view bytes);
// Accepts the unpadded form and, leniently, correctly padded input; rejects '+' and '/'.
std::optional<std::string> base64url_decode(std::string_view text);

// SigV4's UriEncode: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XX (upper-case hex).
// '/' stays when `keep_slash` (canonical URI paths), and is encoded otherwise (query parts).
std::string uri_encode(std::string_view text, bool keep_slash = false);

// application/x-www-form-urlencoded as the WHATWG URL standard serialises it: A-Z a-z 0-9
// * - . _ stay, space becomes '+', every other byte %XX.
std::string form_urlencode(std::string_view text);
using FormFields = std::vector<std::pair<std::string, std::string>>;
// "name=value&name=value", in the given order (OAuth token request bodies).
std::string form_urlencode(const FormFields& fields);

// Percent-decoding; '+' becomes a space only when `plus_as_space` (form bodies). nullopt when a
// '%' is not followed by two hex digits.
std::optional<std::string> url_decode(std::string_view text, bool plus_as_space = false);

}  // namespace credprobe
