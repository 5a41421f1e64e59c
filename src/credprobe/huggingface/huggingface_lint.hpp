// Offline checks of a Hugging Face user access token.
#pragma once

#include "credprobe/fields.hpp"
#include "credprobe/lint.hpp"

namespace credprobe {

// User tokens are "hf_" followed by 34 letters and digits.
LintIssues lint_huggingface(const Fields& fields);

}  // namespace credprobe
