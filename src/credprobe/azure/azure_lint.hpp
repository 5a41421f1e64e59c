// Offline checks of an Azure service principal: GUID shapes, the cloud's name, and the most
// common mistake of all, pasting the client secret's ID (a GUID) instead of its value.
#pragma once

#include <string_view>

#include "credprobe/fields.hpp"
#include "credprobe/lint.hpp"

namespace credprobe {

LintIssues lint_azure(const Fields& fields);

// 8-4-4-4-12 hex digits, either case, no braces.
bool is_guid(std::string_view text);

}  // namespace credprobe
