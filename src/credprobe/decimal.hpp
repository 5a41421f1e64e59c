// Decimal text to double and back, correctly rounded, without strtod or printf (both bring
// musl's long-double formatting and 128-bit soft-float into the wasm; docs/performance.md).
//
// Both directions use one small decimal-digit buffer that is shifted by powers of two (the
// "simple decimal conversion" of Go's strconv), so they are exact without big integers: a
// double's exact decimal expansion has at most 767 significant digits, and the buffer holds 800.
// Work is bounded per number (a fixed number of shifts of at most 800 digits).
#pragma once

#include <string>
#include <string_view>

namespace credprobe {

// A JSON number token (already checked against the RFC 8259 grammar) as the nearest double,
// ties to even; out of range reads as +-HUGE_VAL or +-0, like strtod.
double decimal_to_double(std::string_view token);

// The shortest decimal text that decimal_to_double reads back as exactly `value` (which must be
// finite), in JSON syntax: plain for exponents -7 < e < 21, otherwise d.ddde[-]x.
std::string shortest_decimal(double value);

}  // namespace credprobe
