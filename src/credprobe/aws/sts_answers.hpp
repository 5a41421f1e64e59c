// The answers AWS STS documents for GetCallerIdentity, as data (see answers.hpp): the probe
// classifies through this table, the docs' outcome table is generated from it, and a unit test
// replays every row with its example.
#pragma once

#include <optional>
#include <string_view>

#include "credprobe/answers.hpp"

namespace credprobe {

const AnswerTable& aws_answer_table();

// An answer the row `row` of `request` matches, for the replay test; nullopt for no such row.
// Test data (sts_answer_examples.cpp): nothing the wasm exports calls it.
std::optional<HttpResponse> aws_answer_example(std::string_view request, std::string_view row);

}  // namespace credprobe
