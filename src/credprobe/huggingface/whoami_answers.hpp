// The answers the Hub documents for whoami-v2, as data (see answers.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "credprobe/answers.hpp"

namespace credprobe {

const AnswerTable& huggingface_answer_table();

// An answer the row `row` of `request` matches, for the replay test; nullopt for no such row.
// Test data (whoami_answer_examples.cpp): nothing the wasm exports calls it.
std::optional<HttpResponse> huggingface_answer_example(std::string_view request,
                                                       std::string_view row);

// " but the body does not name an account" or " with a body that is not JSON": why a 2xx is not
// whoami-v2's answer, for the shared answer's summary.
std::string whoami_shape_problem(const std::string& body);

}  // namespace credprobe
