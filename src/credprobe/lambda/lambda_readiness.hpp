// Lambda Cloud readiness: will one instance of `lambda_instance_type` launch with this key now?
// After the instance list proved the key, read-only and paced (Lambda allows about one request
// per second, so the check asks the driver to wait before each request): the type is one of
// Lambda's instance types and has capacity now (GET /api/v1/instance-types,
// regions_with_capacity_available, in `lambda_region` when given), and an SSH key is registered
// (GET /api/v1/ssh-keys). Every answer is classified through readiness_answers.hpp.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/readiness.hpp"

namespace credprobe {

// Null when `lambda_instance_type` is not given: the check is the credential check alone.
std::unique_ptr<ReadinessCheck> make_lambda_readiness(const Fields& fields,
                                                      const CheckContext& context);

}  // namespace credprobe
