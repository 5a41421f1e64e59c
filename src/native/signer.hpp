// The native answer to a probe's Sign step: RS256 with OpenSSL's libcrypto. RSA is never
// written by hand; the browser build uses WebCrypto instead.
#pragma once

#include "credprobe/probe.hpp"

namespace credprobe::native {

// RSASSA-PKCS1-v1_5 with SHA-256 over step.data with the PKCS#8 PEM key. Failures come back as
// SignResult::error in plain words; OpenSSL's own messages may quote key bytes and are dropped.
SignResult openssl_sign(const SignStep& step);

}  // namespace credprobe::native
