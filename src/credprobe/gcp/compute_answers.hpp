// The Google Cloud readiness check as data: the read-only requests it may send and the table from
// each answer to a requirement. The check classifies through the table, the docs' "Readiness"
// section is generated from it, and unit tests replay every row. Same shape as the AWS table
// (aws/ec2_answers.hpp), with the AnswerEffect every readiness table shares (answer_effect.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

#include "credprobe/answer_effect.hpp"  // AnswerEffect

namespace credprobe {

struct GcpReadinessRequest {
  std::string_view action;       // "machineTypes.get"
  std::string_view permission;   // the IAM permission that allows it: "compute.machineTypes.get"
  std::string_view service;      // as a person names it: "Compute Engine"
  std::string_view endpoint;     // registry endpoint name: "compute", "resourcemanager"
  std::string_view requirement;  // the requirement it informs
  std::string_view method;
  std::string_view path;   // for the docs, with {project}, {zone}, ... placeholders
  std::string_view sends;  // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs: what of the
                           // credential travels and which parameters
};

// In the order they are sent.
Table<GcpReadinessRequest> gcp_readiness_requests();
const GcpReadinessRequest* gcp_readiness_request(std::string_view action);

// One row: when `request` ("*": any) answered `match` with HTTP `status` (0: any), the
// requirement gets `effect`, with `detail` and `hint` filled from the check's facts ({type},
// {zone}, {region}, {project}, {metric}, ...).
//
// Requests are the four calls above and three decisions that read an answer already received:
// "compute_api" (every Compute Engine answer, until one decides), "gpu_quota" (the region's GPU
// metric, from regions.get) and the project-wide GPUS_ALL_REGIONS (from projects.get).
//
// Match tokens: Google's ErrorInfo reason ("SERVICE_DISABLED"); for successes "described"
// (machine type), "covers" / "below" / "no_metric" (a quota), "no_gpus", "unknown_gpu",
// "all_held" / "missing" / "missing_elsewhere" / "contradicted" (testIamPermissions),
// "answered" (Compute Engine answered); and the shared "not_found" (404 in Google's shape),
// "denied" (403 in Google's shape, not SERVICE_DISABLED), "throttled" (429 or a rate-limit
// reason), "no_answer", "not_offered" / "api_disabled" / "no_machine_type" / "no_project" (not
// sent, and why) and "*" (anything else).
struct GcpAnswerRow {
  std::string_view request;
  std::string_view match;
  int status;
  AnswerEffect effect;
  std::string_view
      answer;  // CREDPROBE_DOC_TEXT, "" in the wasm; the docs' description of the answer
  std::string_view detail;
  std::string_view hint;
};

Table<GcpAnswerRow> gcp_answer_rows();

// The row for an answer, `tokens` in preference order: the request's own rows for any token, then
// its own "*" row, then the shared rows for any token, then the catch-all. Never fails.
const GcpAnswerRow& gcp_answer_row(std::string_view request, const std::vector<std::string>& tokens,
                                   int status);

// The requirements the check lists, in order, with their labels as templates.
struct GcpRequirementSpec {
  std::string_view id;
  std::string_view label;
};
Table<GcpRequirementSpec> gcp_requirements();

}  // namespace credprobe
