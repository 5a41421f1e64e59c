// The answers the Hub documents for whoami-v2, as data (see answers.hpp).
#pragma once

#include "credprobe/answers.hpp"

namespace credprobe {

AnswerTable huggingface_answer_table();

// " but the body does not name an account" or " with a body that is not JSON": why a 2xx is not
// whoami-v2's answer, for the shared answer's summary.
std::string whoami_shape_problem(const std::string& body);

}  // namespace credprobe
