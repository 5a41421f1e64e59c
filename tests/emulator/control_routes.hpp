// The emulator's own control surface under /_emulator/, used by tests and never by credprobe:
// arm and clear faults, read the request log, check readiness.
#pragma once

#include <httplib.h>

#include "emulator.hpp"

void add_control_routes(httplib::Server& svr, EmulatorState& state);
