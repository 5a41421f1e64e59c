// Hugging Face readiness: will a Space on `hf_hardware` be created under `hf_username` with this
// token? After a valid whoami-v2 verdict, read-only: the token may write to the namespace (its
// role or fine-grained repo.write there, and for an organization the user's roleInOrg), the
// flavour is one the Hub lists (GET /api/spaces/hardware, public), paid hardware can be billed
// (canPay, isPro for ZeroGPU) and the token's expiration. Everything but the flavour comes from
// the whoami-v2 answer the credential check already has; nothing is created or changed.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/http.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

// The whoami-v2 exchange the credential probe had, kept for the readiness check so whoami-v2 is
// asked once.
struct WhoamiExchange {
  HttpRequest request;
  HttpResult result;
};

// Null when neither `hf_username` nor `hf_hardware` is given: the check is the credential check
// alone. `whoami` is filled by the credential probe before the readiness check starts.
std::unique_ptr<ReadinessCheck> make_space_readiness(const Fields& fields,
                                                     const CheckContext& context,
                                                     std::unique_ptr<const WhoamiExchange> whoami);

}  // namespace credprobe
