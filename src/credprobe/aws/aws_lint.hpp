// Offline checks of an AWS access key: the key id's shape and prefix, the secret's length, a
// session token where the key needs one, the region's name. For a modern key id it also tells
// the account the key belongs to (an info finding), decoded from the id itself.
#pragma once

#include "credprobe/fields.hpp"
#include "credprobe/lint.hpp"

namespace credprobe {

LintIssues lint_aws(const Fields& fields);

}  // namespace credprobe
