#include "credprobe/decimal.hpp"

#include <cstdint>
#include <cstring>

namespace credprobe {

namespace {

constexpr int kMaxDigits = 800;
// The largest shift that cannot overflow 64 bits: (9 << 60) plus a carry stays below 2^64.
constexpr int kMaxShift = 60;

// value = 0.d[0]d[1]...d[nd-1] * 10^dp, digits as values 0..9.
struct Decimal {
  unsigned char d[kMaxDigits];
  int nd = 0;
  int dp = 0;
  bool negative = false;
  bool trunc = false;  // nonzero digits were dropped beyond d[nd-1]
};

void trim(Decimal& a) {
  while (a.nd > 0 && a.d[a.nd - 1] == 0) --a.nd;
  if (a.nd == 0) a.dp = 0;
}

void assign(Decimal& a, std::uint64_t value) {
  unsigned char reversed[24];
  int n = 0;
  for (; value > 0; value /= 10) reversed[n++] = static_cast<unsigned char>(value % 10);
  a.nd = 0;
  for (int i = n - 1; i >= 0; --i) a.d[a.nd++] = reversed[i];
  a.dp = n;
  trim(a);
}

// a /= 2^k, k <= kMaxShift.
void right_shift(Decimal& a, int k) {
  int r = 0;
  int w = 0;
  std::uint64_t n = 0;
  for (; (n >> k) == 0; ++r) {
    if (r >= a.nd) {
      if (n == 0) {
        a.nd = 0;
        return;
      }
      while ((n >> k) == 0) {
        n *= 10;
        ++r;
      }
      break;
    }
    n = n * 10 + a.d[r];
  }
  a.dp -= r - 1;
  const std::uint64_t mask = (std::uint64_t(1) << k) - 1;
  for (; r < a.nd; ++r) {
    const auto digit = static_cast<unsigned char>(n >> k);
    n &= mask;
    a.d[w++] = digit;
    n = n * 10 + a.d[r];
  }
  while (n > 0) {
    const auto digit = static_cast<unsigned char>(n >> k);
    n &= mask;
    if (w < kMaxDigits) {
      a.d[w++] = digit;
    } else if (digit > 0) {
      a.trunc = true;
    }
    n *= 10;
  }
  a.nd = w;
  trim(a);
}

// a *= 2^k, k <= kMaxShift: digits multiplied from the right, the carry adding new leading ones.
void left_shift(Decimal& a, int k) {
  unsigned char out[kMaxDigits + 24];
  int w = kMaxDigits + 24;
  std::uint64_t carry = 0;
  for (int r = a.nd - 1; r >= 0; --r) {
    const std::uint64_t n = (std::uint64_t(a.d[r]) << k) + carry;
    out[--w] = static_cast<unsigned char>(n % 10);
    carry = n / 10;
  }
  for (; carry > 0; carry /= 10) out[--w] = static_cast<unsigned char>(carry % 10);
  int count = kMaxDigits + 24 - w;
  a.dp += count - a.nd;
  if (count > kMaxDigits) {
    for (int i = kMaxDigits; i < count; ++i) a.trunc = a.trunc || out[w + i] != 0;
    count = kMaxDigits;
  }
  std::memcpy(a.d, out + w, static_cast<std::size_t>(count));
  a.nd = count;
  trim(a);
}

// a *= 2^k for any k.
void shift(Decimal& a, int k) {
  if (a.nd == 0) return;
  for (; k > kMaxShift; k -= kMaxShift) left_shift(a, kMaxShift);
  for (; k < -kMaxShift; k += kMaxShift) right_shift(a, kMaxShift);
  if (k > 0) left_shift(a, k);
  if (k < 0) right_shift(a, -k);
}

// Whether keeping nd digits must round up (half to even; dropped digits count as above half).
bool should_round_up(const Decimal& a, int nd) {
  if (nd < 0 || nd >= a.nd) return false;
  if (a.d[nd] == 5 && nd + 1 == a.nd) {
    if (a.trunc) return true;
    return nd > 0 && a.d[nd - 1] % 2 == 1;
  }
  return a.d[nd] >= 5;
}

// The integer part, rounded by the first fractional digits.
std::uint64_t rounded_integer(const Decimal& a) {
  if (a.dp > 20) return ~std::uint64_t(0);
  std::uint64_t n = 0;
  int i = 0;
  for (; i < a.dp && i < a.nd; ++i) n = n * 10 + a.d[i];
  for (; i < a.dp; ++i) n *= 10;
  if (should_round_up(a, a.dp)) ++n;
  return n;
}

// Keeps the first nd digits, rounded to nearest, ties to even.
void round_to(Decimal& a, int nd) {
  if (nd < 0 || nd >= a.nd) return;
  if (!should_round_up(a, nd)) {
    a.nd = nd;
    trim(a);
    return;
  }
  for (int i = nd - 1; i >= 0; --i) {
    if (a.d[i] < 9) {
      ++a.d[i];
      a.nd = i + 1;
      return;
    }
  }
  a.d[0] = 1;
  a.nd = 1;
  ++a.dp;
}

double from_bits(std::uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// The nearest double (IEEE binary64: 52 mantissa bits, exponent bias 1023). Consumes `a`.
double to_double(Decimal& a) {
  constexpr int kMantissaBits = 52;
  constexpr int kBias = -1023;
  const std::uint64_t sign = a.negative ? std::uint64_t(1) << 63 : 0;
  const std::uint64_t infinity = sign | (std::uint64_t(0x7FF) << kMantissaBits);
  if (a.nd == 0 || a.dp < -330) return from_bits(sign);
  if (a.dp > 310) return from_bits(infinity);
  // Powers of two that each move the decimal point by about one more place.
  static const int kPowers[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
  int exp = 0;
  while (a.dp > 0) {
    const int n = a.dp >= 9 ? 27 : kPowers[a.dp];
    shift(a, -n);
    exp += n;
  }
  while (a.dp < 0 || (a.dp == 0 && a.d[0] < 5)) {
    const int n = -a.dp >= 9 ? 27 : kPowers[-a.dp];
    shift(a, n);
    exp -= n;
  }
  // Now in [0.5, 1); binary64's significand is in [1, 2).
  --exp;
  if (exp < kBias + 1) {  // subnormal: move up to the minimum exponent
    const int n = kBias + 1 - exp;
    shift(a, -n);
    exp += n;
  }
  if (exp - kBias >= 0x7FF) return from_bits(infinity);
  shift(a, 1 + kMantissaBits);
  std::uint64_t mantissa = rounded_integer(a);
  if (mantissa == std::uint64_t(2) << kMantissaBits) {  // rounding carried into a new bit
    mantissa >>= 1;
    ++exp;
    if (exp - kBias >= 0x7FF) return from_bits(infinity);
  }
  if ((mantissa & (std::uint64_t(1) << kMantissaBits)) == 0) exp = kBias;
  const std::uint64_t bits = (mantissa & ((std::uint64_t(1) << kMantissaBits) - 1)) |
                             (static_cast<std::uint64_t>((exp - kBias) & 0x7FF) << kMantissaBits);
  return from_bits(sign | bits);
}

// Exactly representable powers of ten, for the common case that needs one IEEE operation.
const double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace

double decimal_to_double(std::string_view token) {
  Decimal a;
  std::size_t i = 0;
  a.negative = i < token.size() && token[i] == '-';
  if (a.negative) ++i;
  long dp = 0;
  // Up to 19 significant digits also kept as an integer, for the exact fast path.
  std::uint64_t small = 0;
  int significant = 0;
  auto push = [&](char c) {
    if (significant < 19) small = small * 10 + static_cast<unsigned>(c - '0');
    ++significant;
    if (a.nd < kMaxDigits) {
      a.d[a.nd++] = static_cast<unsigned char>(c - '0');
    } else if (c != '0') {
      a.trunc = true;
    }
  };
  for (; i < token.size() && token[i] >= '0' && token[i] <= '9'; ++i) {
    if (token[i] == '0' && a.nd == 0) continue;
    push(token[i]);
    ++dp;
  }
  if (i < token.size() && token[i] == '.') {
    for (++i; i < token.size() && token[i] >= '0' && token[i] <= '9'; ++i) {
      if (token[i] == '0' && a.nd == 0) {
        --dp;
        continue;
      }
      push(token[i]);
    }
  }
  long written = 0;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    const bool negative_exponent = i < token.size() && token[i] == '-';
    if (i < token.size() && (token[i] == '-' || token[i] == '+')) ++i;
    for (; i < token.size(); ++i) {
      const long next = written * 10 + (token[i] - '0');
      written = next > 1000000 ? 1000000 : next;
    }
    if (negative_exponent) written = -written;
  }
  // The decimal point, clamped where the answer is already 0 or infinity either way.
  long point = dp + written;
  if (point > 100000) point = 100000;
  if (point < -100000) point = -100000;
  a.dp = static_cast<int>(point);
  // Fast path: an integer below 2^53 times or divided by an exact power of ten is one
  // correctly rounded IEEE operation.
  const long exponent10 = point - significant;  // value = small * 10^exponent10
  if (significant <= 19 && small <= (std::uint64_t(1) << 53) && exponent10 >= -22 &&
      exponent10 <= 22) {
    double value = static_cast<double>(small);
    value = exponent10 < 0 ? value / kExactPowers[-exponent10] : value * kExactPowers[exponent10];
    return a.negative ? -value : value;
  }
  trim(a);
  return to_double(a);
}

std::string shortest_decimal(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const bool negative = (bits >> 63) != 0;
  const int biased = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mantissa = bits & ((std::uint64_t(1) << 52) - 1);
  int exp2 = biased == 0 ? -1074 : biased - 1075;
  if (biased != 0) mantissa |= std::uint64_t(1) << 52;
  std::string out = negative ? "-" : "";
  if (mantissa == 0) return out + "0";

  Decimal exact;
  assign(exact, mantissa);
  shift(exact, exp2);  // exact: 767 significant digits at most
  Decimal digits = exact;
  for (int precision = 1; precision <= 17; ++precision) {
    digits = exact;
    round_to(digits, precision);
    Decimal back = digits;
    back.negative = negative;
    if (to_double(back) == value) break;
  }

  const int exponent = digits.dp - 1;  // scientific exponent of the first digit
  auto digit = [&](int i) { return static_cast<char>('0' + digits.d[i]); };
  if (exponent >= -6 && exponent < 21) {
    if (digits.dp <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-digits.dp), '0');
      for (int i = 0; i < digits.nd; ++i) out += digit(i);
    } else {
      for (int i = 0; i < digits.dp; ++i) out += i < digits.nd ? digit(i) : '0';
      if (digits.nd > digits.dp) {
        out += '.';
        for (int i = digits.dp; i < digits.nd; ++i) out += digit(i);
      }
    }
    return out;
  }
  out += digit(0);
  if (digits.nd > 1) {
    out += '.';
    for (int i = 1; i < digits.nd; ++i) out += digit(i);
  }
  out += 'e';
  out += std::to_string(exponent);
  return out;
}

}  // namespace credprobe
