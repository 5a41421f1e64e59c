// AWS STS for the emulator: GetCallerIdentity at "/", signed with SigV4 in a header (POST form,
// as the SDKs send it) or presigned in the query string (GET, as browsers send it).
#pragma once

#include <httplib.h>

#include "emulator.hpp"

// Fixtures, under "aws":
//   "regions": ["us-east-1"]          regions this endpoint plays (credential scope); default
//                                      us-east-1
//   "clock_window_seconds": 900       how far X-Amz-Date may be from the emulator's clock
//   "principals": [{
//     "access_key_id": "AKIA...", "secret_access_key": "...",
//     "session_token": "...",          temporary (ASIA) keys: the token issued with the key
//     "arn": "arn:aws:iam::123456789012:user/alice",
//     "user_id": "AIDA...",            default: derived from the ARN as STS forms it
//     "expired": true,                 the session has ended: ExpiredToken
//     "fault": "rate_limit", ...       a shared fault (faults.hpp); {"fault": "rate_limit",
//                                      "status": 400} is STS's own Throttling answer
//   }]
void add_aws_routes(httplib::Server& svr, EmulatorState& state);
