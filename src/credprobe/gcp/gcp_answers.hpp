// The answers Google documents for the OAuth token endpoint and Cloud Resource Manager's
// projects.get, as data (see answers.hpp).
#pragma once

#include <optional>
#include <string_view>

#include "credprobe/answers.hpp"

namespace credprobe {

const AnswerTable& gcp_answer_table();

// An answer the row `row` of `request` matches, for the replay test; nullopt for no such row.
// Test data (gcp_answer_examples.cpp): nothing the wasm exports calls it.
std::optional<HttpResponse> gcp_answer_example(std::string_view request, std::string_view row);

}  // namespace credprobe
