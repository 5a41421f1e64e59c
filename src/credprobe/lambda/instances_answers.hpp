// The answers the Lambda Cloud API documents for GET /api/v1/instances, as data (answers.hpp).
#pragma once

#include "credprobe/answers.hpp"

namespace credprobe {

AnswerTable lambda_answer_table();

// " with a body that is not JSON" or " but the body has no "data" list": why a 2xx is not the
// instance list, for the shared answer's summary; "" when it is.
std::string instances_shape_problem(const std::string& body);

}  // namespace credprobe
