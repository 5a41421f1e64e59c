// The AWS readiness check as data: the requests it may send (each read-only but the dry run) and
// the table from each answer to a requirement. The probe classifies through the table, the docs'
// "Readiness" section is generated from it, and unit tests replay every row.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

#include "credprobe/answer_effect.hpp"

namespace credprobe {

struct Ec2ReadinessRequest {
  std::string_view action;  // "DescribeInstanceTypeOfferings"
  std::string_view
      permission;             // the IAM action that allows it: "ec2:DescribeInstanceTypeOfferings"
  std::string_view service;   // as a person names it: "EC2", "Service Quotas", "STS"
  std::string_view endpoint;  // registry endpoint name: "ec2", "servicequotas", "sts"
  std::string_view requirement;  // the requirement it informs
  std::string_view method;
  std::string_view sends;  // CREDPROBE_DOC_TEXT, "" in the wasm; for the docs: what of the
                           // credential travels and which parameters
};

// In the order they are sent.
Table<Ec2ReadinessRequest> ec2_readiness_requests();
const Ec2ReadinessRequest* ec2_readiness_request(std::string_view action);

// One row: when `request` ("*": any) answered `match` (a token the probe derives from the answer,
// below) with HTTP `status` (0: any), the requirement gets `effect`, with `detail` and `hint`
// filled from the probe's facts ({type}, {region}, {code}, ...).
//
// Match tokens: an error code the service names in its documented error shape ("DryRunOperation",
// "UnauthorizedOperation", ...); for successes: "listed" / "not_listed" (offerings), "described"
// (instance types), "covers" / "below" (quota), "found" / "none" (images), "decoded"; and the
// shared "denied" (AccessDenied, AccessDeniedException, UnauthorizedOperation), "throttled",
// "no_answer", "no_quota_row" (a family outside the quota table) and "*" (anything else).
struct Ec2AnswerRow {
  std::string_view request;
  std::string_view match;
  int status;
  AnswerEffect effect;
  std::string_view
      answer;  // CREDPROBE_DOC_TEXT, "" in the wasm; the docs' description of the answer
  std::string_view detail;
  std::string_view hint;
};

Table<Ec2AnswerRow> ec2_answer_rows();

// The row for an answer, `tokens` in preference order (the error code, then its class:
// "denied", "throttled"): the request's own rows for any token, then its own "*" row, then the
// shared rows for any token, then the catch-all. Never fails.
const Ec2AnswerRow& ec2_answer_row(std::string_view request, const std::vector<std::string>& tokens,
                                   int status);

// The requirements the check lists, in order, with their labels as templates.
struct Ec2RequirementSpec {
  std::string_view id;
  std::string_view label;
};
Table<Ec2RequirementSpec> ec2_requirements();

}  // namespace credprobe
