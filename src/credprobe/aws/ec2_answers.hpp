// The AWS readiness check as data: the requests it may send (each read-only but the dry run) and
// the table from each answer to a requirement. The probe classifies through the table, the docs'
// "Readiness" section is generated from it, and unit tests replay every row.
#pragma once

#include <string_view>

#include "credprobe/readiness_rows.hpp"
#include "credprobe/table.hpp"

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

// The answers, as rows of the shape every request-and-token readiness table shares
// (readiness_rows.hpp, where readiness_answer_row picks one). Detail and hint are filled from the
// probe's facts ({type}, {region}, {code}, ...).
//
// Match tokens: an error code the service names in its documented error shape ("DryRunOperation",
// "UnauthorizedOperation", ...); for successes: "listed" / "not_listed" (offerings), "described"
// (instance types), "covers" / "below" (quota), "found" / "none" (images), "decoded"; and the
// shared "denied" (AccessDenied, AccessDeniedException, UnauthorizedOperation), "throttled",
// "no_answer", "no_quota_row" (a family outside the quota table) and "*" (anything else).
Table<ReadinessAnswerRow> ec2_answer_rows();

// The requirements the check lists, in order, with their labels as templates.
Table<ReadinessRequirementSpec> ec2_requirements();

}  // namespace credprobe
