// Offline checks of a Google credential file and project ID. Each message names the member and
// the exact problem, and never quotes key material.
#pragma once

#include <string>
#include <string_view>

#include "credprobe/fields.hpp"
#include "credprobe/lint.hpp"

namespace credprobe {

inline constexpr const char* kGcpKeyField = "gcp_service_account_key";
inline constexpr const char* kGcpProjectField = "gcp_project_id";

LintIssues lint_gcp(const Fields& fields);

// Why a PEM private_key cannot be signed with ("" when it is a PEM PKCS#8 RSA private key).
std::string private_key_problem(std::string_view pem);

// Project IDs (my-project-123), legacy domain-scoped IDs (example.com:my-project) and project
// numbers.
bool is_project_id(std::string_view text);

// NAME@PROJECT.iam.gserviceaccount.com and the older service-account domains.
bool is_service_account_email(std::string_view text);

}  // namespace credprobe
