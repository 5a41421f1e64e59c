// The answers Entra ID and Azure Resource Manager document for the probe's three requests, as
// data (see answers.hpp).
#pragma once

#include "credprobe/answers.hpp"

namespace credprobe {

AnswerTable azure_answer_table();

}  // namespace credprobe
