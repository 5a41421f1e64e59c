// The answers Entra ID and Azure Resource Manager document for the probe's three requests, as
// data (see answers.hpp).
#pragma once

#include <optional>
#include <string_view>

#include "credprobe/answers.hpp"

namespace credprobe {

const AnswerTable& azure_answer_table();

// An answer the row `row` of `request` matches, for the replay test; nullopt for no such row.
// Test data (azure_answer_examples.cpp): nothing the wasm exports calls it.
std::optional<HttpResponse> azure_answer_example(std::string_view request, std::string_view row);

}  // namespace credprobe
