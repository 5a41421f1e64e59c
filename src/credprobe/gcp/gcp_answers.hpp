// The answers Google documents for the OAuth token endpoint and Cloud Resource Manager's
// projects.get, as data (see answers.hpp).
#pragma once

#include "credprobe/answers.hpp"

namespace credprobe {

AnswerTable gcp_answer_table();

}  // namespace credprobe
