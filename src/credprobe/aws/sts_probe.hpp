// The AWS probe: one STS GetCallerIdentity call, which every valid credential may make (no IAM
// permission is needed, and an explicit Deny cannot stop it), signed with SigV4 in the core.
//
// By default it is a query-string presigned GET with `Accept: application/json`: no Authorization
// header and no custom header, so browsers send it without a CORS preflight. The option
// `aws_sts_method=POST` sends the header-signed form POST the AWS SDKs send instead.
#pragma once

#include <memory>

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

inline constexpr const char* kAwsStsMethodOption = "aws_sts_method";

std::unique_ptr<Probe> make_sts_probe(const Fields& fields, const CheckContext& context);

}  // namespace credprobe
