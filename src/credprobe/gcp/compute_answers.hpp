// The Google Cloud readiness check as data: the read-only requests it may send and the table from
// each answer to a requirement. The check classifies through the table, the docs' "Readiness"
// section is generated from it, and unit tests replay every row.
#pragma once

#include <string_view>

#include "credprobe/readiness_rows.hpp"
#include "credprobe/table.hpp"

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

// The answers, as rows of the shape every request-and-token readiness table shares
// (readiness_rows.hpp, where readiness_answer_row picks one). Detail and hint are filled from the
// check's facts ({type}, {zone}, {region}, {project}, {metric}, ...).
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
Table<ReadinessAnswerRow> gcp_answer_rows();

// The requirements the check lists, in order, with their labels as templates.
Table<ReadinessRequirementSpec> gcp_requirements();

}  // namespace credprobe
