// `credprobe relay`'s server: listens on loopback only (127.0.0.1, and ::1 when the machine
// has it), answers CORS for one origin, refuses what relay_policy refuses, forwards the rest
// with relay_forward, and stops on SIGINT/SIGTERM or after a stretch without requests.
//
// It faces other local processes, so every read is bounded before the token is checked: the
// request head (line, field count, bytes) is scanned by check_request_head, the whole request
// must arrive within request_deadline_seconds, bodies (chunked ones too) are held to
// policy.max_request_bytes, and at most max_connections sockets are open at once. The HTTP
// parser is Boost.Beast's, driven asynchronously by one I/O thread; forwards (blocking libcurl)
// run on a small pool, so a slow client or a slow provider never stalls anyone else.
#pragma once

#include <functional>
#include <string>

#include "native/relay/relay_policy.hpp"

namespace credprobe::relay {

struct RelayServerOptions {
  RelayPolicy policy;  // relay_port is filled in once the port is bound
  int port = 8787;     // 0 picks a free port
  double timeout_seconds = 10;
  int max_concurrent = 16;  // forwards in flight; more wait up to kSlotWaitSeconds, then 503
  long idle_exit_seconds = 3600;
  int max_connections = 512;             // open sockets; more are answered 503 and closed
  double request_deadline_seconds = 10;  // the whole request, head and body, from its first byte
  double keep_alive_idle_seconds = 5;    // an idle kept-alive connection is closed after this
  HeadLimits head_limits;
  // Called once listening: the relay URL and whether ::1 is served too.
  std::function<void(const std::string& relay_url, bool ipv6)> on_ready;
  // One line per request (see log_line); called from the I/O thread.
  std::function<void(const std::string& line)> on_log;
};

// How long a forward waits for a free slot before the relay answers 503.
constexpr double kSlotWaitSeconds = 2;

struct RelayRunResult {
  bool started = false;
  std::string error;        // why it could not start
  std::string stop_reason;  // "signal" or "idle"
};

// Blocks until the relay stops.
RelayRunResult run_relay_server(RelayServerOptions options);

}  // namespace credprobe::relay
