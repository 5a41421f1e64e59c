// The answers AWS STS documents for GetCallerIdentity, as data (see answers.hpp): the probe
// classifies through this table, the docs' outcome table is generated from it, and a unit test
// replays every row's example.
#pragma once

#include "credprobe/answers.hpp"

namespace credprobe {

AnswerTable aws_answer_table();

}  // namespace credprobe
