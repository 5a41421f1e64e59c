// The shapes readiness tables share. Every check lists its requirements from a table of
// ReadinessRequirementSpec. The checks that classify an answer by its request and a token
// (aws/ec2_answers, azure/compute_answers, gcp/compute_answers) share one row type and one
// lookup: the rule that picks a row is one rule, so it is written once, here, and each provider
// keeps only its own rows, tokens and texts. Hugging Face's rows (huggingface/space_answers) are
// keyed by requirement, not request, and Lambda's (lambda/readiness_answers) by request and
// requirement with a single token and no status: other rules, so they keep their own rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/answer_effect.hpp"
#include "credprobe/table.hpp"

namespace credprobe {

// One requirement a check lists, with its label as a template ({type}, {region}, ...: the check's
// own inputs).
struct ReadinessRequirementSpec {
  std::string_view id;
  std::string_view label;
};

// One row: when `request` ("*": any) answered `match` (a token the check derives from the
// answer: each provider's header lists its own) with HTTP `status` (0: any), the requirement
// gets `effect`, with `detail` and `hint` filled from the check's facts.
struct ReadinessAnswerRow {
  std::string_view request;
  std::string_view match;
  int status;
  AnswerEffect effect;
  std::string_view
      answer;  // CREDPROBE_DOC_TEXT, "" in the wasm; the docs' description of the answer
  std::string_view detail;
  std::string_view hint;
};

// The row of `rows` for an answer to `request`, `tokens` in preference order (an error code,
// then its class: "denied", "throttled"): the request's own rows for any token, then its own "*"
// row, then the shared ("*" request) rows for any token, then the table's last row (the
// catch-all). Never fails.
const ReadinessAnswerRow& readiness_answer_row(Table<ReadinessAnswerRow> rows,
                                               std::string_view request,
                                               const std::vector<std::string>& tokens, int status);

}  // namespace credprobe
