// Lambda Cloud readiness as data: the requests it sends after the instance list proved the key
// (each a GET, paced one second apart), the requirements they inform, and the table from each
// answer to a requirement. The check classifies through the table, the docs' "Readiness"
// section is generated from it, and unit tests replay every row.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/readiness_rows.hpp"  // ReadinessRequirementSpec
#include "credprobe/table.hpp"

#include "credprobe/verdict.hpp"

namespace credprobe {

// Lambda documents about one request per second for its API ("Requests to the API are generally
// limited to one request per second", Lambda Cloud API 1.10.0): the check waits this long before
// each readiness request, so with the instance list that proved the key the three requests are
// at least this far apart.
inline constexpr int kLambdaPaceSeconds = 1;

struct LambdaReadinessRequest {
  std::string_view name;                         // "instance-types"
  std::string_view path;                         // "/api/v1/instance-types"
  std::array<std::string_view, 2> requirements;  // the requirements its answer decides ("": none)
  std::string_view sends;                        // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs
};

// In the order they are sent.
Table<LambdaReadinessRequest> lambda_readiness_requests();
const LambdaReadinessRequest* lambda_readiness_request(std::string_view name);

// Labels are templates: {type}, {where}.
Table<ReadinessRequirementSpec> lambda_requirements();

// One row: when `request` ("*": any) answered `match` (a token the check derives from the
// answer), `requirement` ("*": each requirement the request decides) gets `state`, with `detail`
// and `hint` filled from the check's facts ({type}, {region}, {regions}, {closest}, ...).
//
// Match tokens: for instance-types "listed" / "not_listed" (the type is a key of `data`), then
// for the capacity "in_region" (the configured region has capacity), "anywhere" (no region
// configured, some region has), "elsewhere" (only other regions have), "nowhere", "not_a_type";
// for ssh-keys "keys" / "no_keys"; and the shared "rate_limited" (429), "refused" (401, 403),
// "server_error" (5xx), "not_shape" (a 2xx that is not Lambda's {"data": ...}), "no_answer"
// (transport failure) and "*" (anything else).
//
// Its own row type, not ReadinessAnswerRow (readiness_rows.hpp): a row names its requirement and
// a state, has no status, and is found for one token: another rule.
struct LambdaReadinessRow {
  std::string_view request;
  std::string_view requirement;
  std::string_view match;
  RequirementState state;
  std::string_view
      answer;  // CREDPROBE_DOC_TEXT, "" in the wasm; the docs' description of the answer
  std::string_view detail;
  std::string_view hint;
};

Table<LambdaReadinessRow> lambda_readiness_rows();

// The row for an answer: the request's own rows for `requirement` and `token`, then the shared
// rows for `token`, then the catch-all (the last row). Never fails.
const LambdaReadinessRow& lambda_readiness_row(std::string_view request,
                                               std::string_view requirement,
                                               std::string_view token);

}  // namespace credprobe
