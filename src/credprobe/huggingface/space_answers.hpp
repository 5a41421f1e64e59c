// Hugging Face readiness as data: the requests it reads (whoami-v2, already answered for the
// credential, and the Hub's public hardware list) and the table from each answer to a
// requirement. The check classifies through the table, the docs' "Readiness" section is generated
// from it, and unit tests replay every row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/answer_effect.hpp"   // AnswerEffect, shared by every readiness table
#include "credprobe/readiness_rows.hpp"  // ReadinessRequirementSpec
#include "credprobe/table.hpp"

namespace credprobe {

struct SpaceReadinessRequest {
  std::string_view action;  // "whoami-v2", "spaces/hardware"
  std::string_view method;
  std::string_view endpoint;    // registry endpoint name: "hub"
  std::string_view path;        // "/api/spaces/hardware"
  std::string_view permission;  // what the token needs for it
  std::string_view sends;       // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs
};

Table<SpaceReadinessRequest> space_readiness_requests();

// The requirements, in order, with their labels as templates ({namespace}, {hardware}).
Table<ReadinessRequirementSpec> space_requirements();

// One row: for `requirement`, when `request` answered `match` (a token the check derives from
// the answer) with HTTP `status` (0: any), the requirement gets `effect`, with `detail` and `hint`
// filled from the check's facts.
//
// Match tokens. namespace_write: "write_role", "fine_grained_write", "read_role",
// "fine_grained_no_write", "org_role_read", "not_member", "org_role_unknown", "role_unknown".
// hardware_flavour: "listed", "not_listed", "denied" (401/403), "throttled" (429), "no_answer",
// "*". hardware_billing: "free", "can_pay", "cannot_pay", "pay_unreported", "zero_gpu_pro",
// "zero_gpu_not_pro", "zero_gpu_org", "not_a_flavour", "not_member". token_lifetime:
// "no_expiration", "expires", "past_local_clock".
//
// Its own row type, not ReadinessAnswerRow (readiness_rows.hpp): a row is found by its
// requirement, with no shared ("*" request) rows, so the rule that picks one is another rule.
struct SpaceAnswerRow {
  std::string_view requirement;
  std::string_view request;
  std::string_view match;
  int status;
  AnswerEffect effect;
  std::string_view
      answer;  // CREDPROBE_DOC_TEXT, "" in the wasm; the docs' description of the answer
  std::string_view detail;
  std::string_view hint;
};

Table<SpaceAnswerRow> space_answer_rows();

// The row for `requirement` and the first of `tokens` that has one (with a matching status),
// else the requirement's "*" row, else the table's last row (any other answer). Never fails.
const SpaceAnswerRow& space_answer_row(std::string_view requirement,
                                       const std::vector<std::string>& tokens, int status);

}  // namespace credprobe
