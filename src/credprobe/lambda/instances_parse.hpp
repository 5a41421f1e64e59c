// Reading Lambda Cloud API answers: the error envelope every endpoint uses, and the instance
// list that GET /api/v1/instances returns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "credprobe/verdict.hpp"

namespace credprobe {

// {"error": {"code": ..., "message": ..., "suggestion": ...}}; texts cut to a readable length.
// Lambda says to rely on `code` only: message and suggestion are worded for people and change.
struct LambdaError {
  std::string code;  // "global/invalid-api-key", "global/account-inactive", ...
  std::string message;
  std::string suggestion;  // may be empty
};

// nullopt when the body is not Lambda's error envelope (an HTML page from a proxy, say).
std::optional<LambdaError> parse_lambda_error(const std::string& body);

// A 200 body: `valid` when it is {"data": [instances...]}, with the facts "instances running"
// (the count) and "instance names" (each one's name, or id). Never copies anything else from
// the instances: they carry Jupyter tokens and URLs. `indeterminate` when the body is not that
// shape.
Verdict verdict_from_instances(const std::string& body, std::int64_t now);

}  // namespace credprobe
