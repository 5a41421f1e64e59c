// The Lambda Cloud probe: GET {api}/api/v1/instances with the key as a bearer. Lambda has no
// identity endpoint; listing instances is the smallest authenticated read, it changes nothing,
// and the API refuses it without a valid key, so a 200 with the list proves the key.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

std::unique_ptr<Probe> make_lambda_instances_probe(const Fields& fields,
                                                   const CheckContext& context);

// The API base a user may have copied with the version path ("https://cloud.lambda.ai/api/v1/"),
// reduced to the host part the probe joins paths to.
std::string lambda_api_base(std::string base);

}  // namespace credprobe
