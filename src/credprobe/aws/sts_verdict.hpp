// From STS's answer to GetCallerIdentity to a verdict, under the honesty rule: only
// InvalidClientTokenId, a plain SignatureDoesNotMatch and ExpiredToken name the credential as
// bad; a signature refused for the clock, or for its scope (region, service), proves nothing.
#pragma once

#include <cstdint>

#include "credprobe/http.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

struct StsCheckFacts {
  bool temporary_key = false;  // an ASIA key, which needs its session token
  std::string region;          // the region the request was signed for
  std::int64_t now = 0;        // our clock when the request was signed
};

// The verdict for one HTTP answer (transport failures are handled by the caller). Evidence is
// not added here.
Verdict verdict_from_sts(const HttpResponse& response, const StsCheckFacts& facts);

// The provider code for the evidence line: the STS error code, or "" for a success.
std::string sts_provider_code(const HttpResponse& response);

}  // namespace credprobe
