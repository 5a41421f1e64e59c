// credprobe-emulator: a loopback HTTP server that plays the credential providers for tests.
//
//   credprobe-emulator --port N --fixtures FILE [--host 127.0.0.1] [--idle-exit SECONDS]
//
// Prints "credprobe-emulator listening on http://HOST:PORT" as its first line (tests read the
// port from it), then one line per route it serves. Stops on SIGTERM/SIGINT, or by itself
// after --idle-exit seconds without a request so a test that dies cannot leave it running.
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "aws_routes.hpp"
#include "azure_routes.hpp"
#include "control_routes.hpp"
#include "emulator.hpp"
#include "gcp_routes.hpp"
#include "huggingface_routes.hpp"
#include "lambda_routes.hpp"

namespace {

struct Options {
  int port = -1;
  std::string fixtures_path;
  std::string host = "127.0.0.1";
  long idle_exit_s = 900;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "credprobe-emulator: " << problem << "\n"
            << "usage: credprobe-emulator --port N --fixtures FILE [--host 127.0.0.1] "
               "[--idle-exit SECONDS]\n";
  std::exit(2);
}

long parse_number(const std::string& flag, const std::string& text, long min, long max) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  usage(flag + " needs a number from " + std::to_string(min) + " to " + std::to_string(max));
}

// The emulator plays providers that accept credentials: it must never be reachable from
// another machine.
bool is_loopback(const std::string& host) {
  return host == "::1" || host.rfind("127.", 0) == 0;
}

Options parse_args(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--port") {
      options.port = static_cast<int>(parse_number(flag, value, 0, 65535));
    } else if (flag == "--fixtures") {
      options.fixtures_path = value;
    } else if (flag == "--host") {
      options.host = value == "localhost" ? "127.0.0.1" : value;
    } else if (flag == "--idle-exit") {
      options.idle_exit_s = parse_number(flag, value, 1, 86400);
    } else {
      usage("unknown argument " + flag);
    }
  }
  if (options.port < 0) usage("--port is required (0 picks a free port)");
  if (options.fixtures_path.empty()) usage("--fixtures is required");
  if (!is_loopback(options.host)) usage("--host must be a loopback address");
  return options;
}

// Fixtures hold tokens: a parse error reports only where it failed, never the text around it.
nlohmann::json load_fixtures(const std::string& path) {
  std::ifstream file(path);
  if (!file) usage("cannot read fixtures file " + path);
  std::stringstream text;
  text << file.rdbuf();
  try {
    auto fixtures = nlohmann::json::parse(text.str());
    if (!fixtures.is_object()) usage("fixtures must be a JSON object");
    return fixtures;
  } catch (const nlohmann::json::parse_error& e) {
    usage("fixtures are not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
}

// Runs until the server has returned from listening: turns SIGTERM/SIGINT or idleness into a
// stop. stop() is repeated because httplib ignores it until listening has begun.
void watch(httplib::Server& svr, EmulatorState& state, const sigset_t& signals, long idle_exit_s,
           const std::atomic<bool>& done) {
  const timespec tick{0, 200 * 1000 * 1000};
  while (!done) {
    const bool signalled = sigtimedwait(&signals, nullptr, &tick) > 0;
    const bool idle =
        std::chrono::steady_clock::now() - state.last_request() > std::chrono::seconds(idle_exit_s);
    if (signalled || idle || state.is_stopping()) {
      state.request_stop();
      svr.stop();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_args(argc, argv);
  EmulatorState state(load_fixtures(options.fixtures_path));

  // Block the stop signals in every thread; the watcher takes them with sigtimedwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the emulator

  httplib::Server svr;
  // Enough workers that requests held by `hang` or `latency` never starve the others.
  svr.new_task_queue = [] { return new httplib::ThreadPool(32); };
  svr.set_keep_alive_timeout(5);
  // httplib writes a response's headers and body in separate sends: with Nagle on, the body waits
  // for the client's delayed ACK of the headers (~40 ms), so every request after the first on a
  // kept-alive connection would be slowed by that (and every figure in docs/performance.md).
  // Linux hands the listening socket's TCP_NODELAY to every socket it accepts.
  svr.set_tcp_nodelay(true);
  svr.set_pre_routing_handler([&state](const httplib::Request& req, httplib::Response&) {
    if (req.path.rfind("/_emulator/", 0) != 0) state.record_request(req);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  try {
    add_control_routes(svr, state);
    add_aws_routes(svr, state);
    add_azure_routes(svr, state);
    add_gcp_routes(svr, state);
    add_huggingface_routes(svr, state);
    add_lambda_routes(svr, state);
  } catch (const std::exception& e) {
    usage(std::string("bad fixtures: ") + e.what());
  }

  const int port = options.port == 0
                       ? svr.bind_to_any_port(options.host)
                       : (svr.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    std::cerr << "credprobe-emulator: cannot bind " << options.host << ":" << options.port << "\n";
    return 1;
  }
  const std::string shown_host = options.host == "::1" ? "[::1]" : options.host;
  std::cout << "credprobe-emulator listening on http://" << shown_host << ":" << port << std::endl;
  for (const auto& line : state.announcements()) std::cout << line << "\n";
  std::cout.flush();

  std::atomic<bool> done{false};
  std::thread watcher(watch, std::ref(svr), std::ref(state), std::cref(signals),
                      options.idle_exit_s, std::cref(done));
  svr.listen_after_bind();
  state.request_stop();  // wake any handler still sleeping before the pool joins them
  done = true;
  watcher.join();
  return 0;
}
