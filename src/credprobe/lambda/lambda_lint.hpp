// Offline checks of a Lambda Cloud API key.
#pragma once

#include "credprobe/fields.hpp"
#include "credprobe/lint.hpp"

namespace credprobe {

// Lambda does not document the shape of its API keys. The keys its dashboard hands out look like
// "secret_<key name>_<32 hex>.<random>", so a key that departs from that shape earns warnings,
// never errors: only paste accidents (whitespace, quotes, a pasted "Bearer " scheme, control
// characters) are errors, since no key Lambda issues contains them.
LintIssues lint_lambda(const Fields& fields);

}  // namespace credprobe
