// Exit codes scripts can rely on. Documented in `credprobe --help` and docs/exit-codes.md.
#pragma once

namespace credprobe::cli {

constexpr int kExitValid = 0;         // every credential checked is valid
constexpr int kExitInvalid = 1;       // the provider rejected a credential (invalid or expired)
constexpr int kExitUsage = 2;         // bad command line or malformed input: nothing was sent
constexpr int kExitInsufficient = 3;  // authenticates, but lacks a permission, or not ready
constexpr int kExitCouldNotTell = 4;  // unreachable, blocked, rate limited, indeterminate, or
                                      // readiness unknown

constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  valid: every credential checked works\n"
    "  1  invalid or expired: the provider rejected a credential\n"
    "  2  usage error or malformed input: nothing was sent\n"
    "  3  insufficient: the credential works but lacks a permission, or it is valid but the\n"
    "     compute the fields name (aws_instance_type, ...) is not ready: ready is no\n"
    "  4  could not tell: unreachable, blocked, rate limited or indeterminate, or the\n"
    "     credential is valid but its readiness could not be told: ready is unknown\n"
    "With several credentials the most serious code wins, in the order 1, 2, 3, 4, 0.";

// Combines per-credential codes: the most serious wins (1, 2, 3, 4, then 0).
inline int worst_exit_code(int a, int b) {
  auto rank = [](int code) { return code == 0 ? 0 : 5 - code; };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace credprobe::cli
