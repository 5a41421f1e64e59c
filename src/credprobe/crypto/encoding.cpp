#include "credprobe/crypto/encoding.hpp"

#include <array>
#include <cstdint>

namespace credprobe {
namespace {

constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

void append_percent(std::string& out, unsigned char byte) {
  out += '%';
  out += kHexUpper[byte >> 4];
  out += kHexUpper[byte & 0x0f];
}

std::string encode_base64(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += alphabet[(group >> 18) & 0x3f];
    out += alphabet[(group >> 12) & 0x3f];
    out += alphabet[(group >> 6) & 0x3f];
    out += alphabet[group & 0x3f];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
  if (rest == 2) group |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
  out += alphabet[(group >> 18) & 0x3f];
  out += alphabet[(group >> 12) & 0x3f];
  if (rest == 2) out += alphabet[(group >> 6) & 0x3f];
  if (pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

// Decodes unpadded base64 text in either alphabet; `url` picks the alphabet.
std::optional<std::string> decode_base64_unpadded(std::string_view text, bool url) {
  if (text.size() % 4 == 1) return std::nullopt;  // 6 bits cannot make a byte
  std::array<int, 256> values{};
  values.fill(-1);
  const char* alphabet = url ? kBase64UrlAlphabet : kBase64Alphabet;
  for (int v = 0; v < 64; ++v) values[static_cast<unsigned char>(alphabet[v])] = v;

  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t accumulator = 0;
  int bits = 0;
  for (char c : text) {
    const int v = values[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((accumulator >> bits) & 0xff);
    }
  }
  return out;
}

// Splits off valid trailing padding: the padded length must be a multiple of 4 and carry at
// most two '='. Returns the unpadded text, or nullopt when the padding is wrong.
std::optional<std::string_view> strip_padding(std::string_view text) {
  std::size_t pad = 0;
  while (pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  if (pad == 0) return text;
  if (pad > 2 || text.size() % 4 != 0) return std::nullopt;
  const std::string_view body = text.substr(0, text.size() - pad);
  if (body.size() % 4 + pad != 4) return std::nullopt;  // "QQ==" and "QUI=" only
  return body;
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += kHexLower[byte >> 4];
    out += kHexLower[byte & 0x0f];
  }
  return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>((high << 4) | low);
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  return encode_base64(bytes, kBase64Alphabet, true);
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  const auto body = strip_padding(text);
  if (!body) return std::nullopt;
  return decode_base64_unpadded(*body, false);
}

std::string base64url_encode(std::string_view bytes) {
  return encode_base64(bytes, kBase64UrlAlphabet, false);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  const auto body = strip_padding(text);
  if (!body) return std::nullopt;
  return decode_base64_unpadded(*body, true);
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += c;
    } else {
      append_percent(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string form_urlencode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (is_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      append_percent(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string form_urlencode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += form_urlencode(name);
    out += '=';
    out += form_urlencode(value);
  }
  return out;
}

std::optional<std::string> url_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>((high << 4) | low);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace credprobe
