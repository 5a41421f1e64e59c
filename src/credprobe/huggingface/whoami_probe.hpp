// The Hugging Face probe: GET {hub}/api/whoami-v2 with the token as a bearer. whoami-v2 answers
// only with a valid token, so a 200 proves it; public endpoints such as /api/models answer
// without one and are never used to conclude anything.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/huggingface/space_readiness.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

// With `keep`, the probe leaves its whoami-v2 request and answer there for the readiness check.
std::unique_ptr<Probe> make_whoami_probe(const Fields& fields, const CheckContext& context,
                                         WhoamiExchange* keep = nullptr);

}  // namespace credprobe
