// The answers the Lambda Cloud API documents for GET /api/v1/instances, as data (answers.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "credprobe/answers.hpp"

namespace credprobe {

const AnswerTable& lambda_answer_table();

// An answer the row `row` of `request` matches, for the replay test; nullopt for no such row.
// Test data (instances_answer_examples.cpp): nothing the wasm exports calls it.
std::optional<HttpResponse> lambda_answer_example(std::string_view request, std::string_view row);

// " with a body that is not JSON" or " but the body has no "data" list": why a 2xx is not the
// instance list, for the shared answer's summary; "" when it is.
std::string instances_shape_problem(const std::string& body);

}  // namespace credprobe
