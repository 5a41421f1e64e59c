// Hugging Face Hub, as huggingface.co answers it: GET /api/whoami-v2 (and the older
// /api/whoami) authenticated by a Bearer token, and the public GET /api/models and
// GET /api/spaces/hardware (the Space hardware list readiness reads).
#pragma once

#include <httplib.h>

#include "emulator.hpp"

// Reads fixtures["huggingface"]["tokens"] and ["hardware"]; throws std::invalid_argument on a
// malformed entry (the message names the entry's index, never the token).
void add_huggingface_routes(httplib::Server& svr, EmulatorState& state);
