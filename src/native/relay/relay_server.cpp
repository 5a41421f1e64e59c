#include "native/relay/relay_server.hpp"

#include <curl/curl.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "native/relay/relay_forward.hpp"

namespace credprobe::relay {

namespace {

using Clock = std::chrono::steady_clock;

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

// Bounded concurrency: a forward takes a slot, waiting a little for one before giving up.
class Slots {
 public:
  explicit Slots(int count) : free_(count) {}
  bool acquire(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!freed_.wait_for(lock, wait, [this] { return free_ > 0; })) return false;
    --free_;
    return true;
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++free_;
    }
    freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  int free_;
};

// A header the request carries exactly once; "" when repeated (which then matches nothing).
std::optional<std::string> single_header(const httplib::Request& req, const char* name) {
  const size_t count = req.get_header_value_count(name);
  if (count == 0) return std::nullopt;
  if (count > 1) return std::string();
  return req.get_header_value(name);
}

// Header names a page asks to send in a preflight, echoed only if they look like names.
std::string safe_header_list(const std::string& requested) {
  for (char c : requested) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == ',' || c == ' ';
    if (!ok) return "";
  }
  return requested;
}

class Relay {
 public:
  explicit Relay(RelayServerOptions options)
      : options_(std::move(options)), slots_(options_.max_concurrent) {
    last_activity_ms_ = now_ms();
  }

  void configure(httplib::Server& svr) {
    const auto workers = static_cast<size_t>(options_.max_concurrent) + 8;
    svr.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    svr.set_keep_alive_timeout(2);
    svr.set_read_timeout(10, 0);
    svr.set_write_timeout(10, 0);
    svr.set_payload_max_length(options_.policy.max_request_bytes);
    svr.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    const auto forward_handler = [this](const httplib::Request& req, httplib::Response& res) {
      relay(req, res);
    };
    svr.Get(R"([\s\S]*)", forward_handler);
    svr.Post(R"([\s\S]*)", forward_handler);
    svr.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          return library_error(req, res);
        }));
  }

  void set_port(int port) { options_.policy.relay_port = port; }
  const RelayServerOptions& options() const { return options_; }

  bool idle() const {
    return in_flight_ == 0 && now_ms() - last_activity_ms_ > options_.idle_exit_seconds * 1000LL;
  }

 private:
  // Runs before the body is read: everything that needs no body is decided here, so a refused
  // request never has its body read and a preflight never reaches the forwarding handlers.
  httplib::Server::HandlerResponse screen(const httplib::Request& req, httplib::Response& res) {
    last_activity_ms_ = now_ms();
    const auto origin = single_header(req, "Origin");
    const Decision d =
        decide(options_.policy, req.method, req.target, single_header(req, "Host"), origin);
    if (!d.allowed()) {
      refuse(req, res, d.refusal);
      log(req, res.status, 0);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (d.preflight) {
      answer_preflight(req, res);
      log(req, res.status, 0);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void relay(const httplib::Request& req, httplib::Response& res) {
    ++in_flight_;
    const auto started = Clock::now();
    forward_allowed(req, res);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    log(req, res.status, ms);
    last_activity_ms_ = now_ms();
    --in_flight_;
  }

  void forward_allowed(const httplib::Request& req, httplib::Response& res) {
    const Decision d = decide(options_.policy, req.method, req.target, single_header(req, "Host"),
                              single_header(req, "Origin"));
    if (!d.allowed() || d.preflight) {  // screen() answered these; never forward them
      refuse(req, res, d.allowed() ? refusal("method_not_allowed") : d.refusal);
      return;
    }
    if (!slots_.acquire(std::chrono::milliseconds(static_cast<long>(kSlotWaitSeconds * 1000)))) {
      refuse(req, res, refusal("busy"));
      return;
    }
    struct SlotGuard {
      Slots& slots;
      ~SlotGuard() { slots.release(); }
    } guard{slots_};
    ForwardRequest out;
    out.method = req.method;
    out.destination = d.destination;
    out.body = req.body;
    if (!d.destination.insecure) {
      // Resolve once, check every answer, and connect only to the checked address.
      const auto addresses = resolve_addresses(d.destination.host);
      const Refusal resolved = check_resolved(addresses);
      if (resolved.status != 0) {
        refuse(req, res, resolved);
        return;
      }
      out.pinned_address = addresses.front();
    }
    const auto hop_by_hop = connection_tokens(req.get_header_value("Connection"));
    for (const auto& [name, value] : req.headers) {
      if (forward_request_header(name, hop_by_hop)) out.headers.push_back({name, value});
    }
    ForwardLimits limits;
    limits.timeout_seconds = options_.timeout_seconds;
    limits.max_response_bytes = options_.policy.max_response_bytes;
    ForwardResult result = forward(out, limits);

    switch (result.outcome) {
      case ForwardOutcome::timeout:
        refuse(req, res, upstream_timeout(options_.timeout_seconds));
        return;
      case ForwardOutcome::too_large:
        refuse(req, res, response_too_large(options_.policy.max_response_bytes));
        return;
      case ForwardOutcome::failed:
        refuse(req, res, upstream_failed(result.detail));
        return;
      case ForwardOutcome::answered:
        break;
    }
    const HttpResponse& answer = result.response;
    if (answer.status >= 300 && answer.status < 400) {
      // Redirects are never followed, and never handed to the browser either: it would follow
      // them itself, to wherever they point.
      refuse(req, res, refusal("upstream_redirect"));
      res.set_header("X-Credprobe-Upstream-Status", std::to_string(answer.status));
      return;
    }
    res.status = answer.status;
    for (const auto& header : answer.headers) {
      if (pass_response_header(header.name) && !iequals(header.name, "Content-Type")) {
        res.set_header(header.name.c_str(), header.value);
      }
    }
    common_headers(req, res, "forwarded");
    const auto type = find_header(answer.headers, "Content-Type");
    res.set_content(answer.body, type ? type->c_str() : "application/octet-stream");
  }

  // Errors cpp-httplib answers itself (an unreadable request, a body over the cap): give them
  // the relay's JSON body and CORS headers too. Responses the relay made are left alone.
  httplib::Server::HandlerResponse library_error(const httplib::Request& req,
                                                 httplib::Response& res) {
    if (res.has_header("X-Credprobe-Relay")) return httplib::Server::HandlerResponse::Unhandled;
    Refusal r = res.status == 413
                    ? body_too_large(options_.policy.max_request_bytes)
                    : Refusal{res.status, "bad_request", "the relay could not read this request"};
    const int status = res.status;
    refuse(req, res, r);
    res.status = status;
    log(req, status, 0);
    return httplib::Server::HandlerResponse::Handled;
  }

  void refuse(const httplib::Request& req, httplib::Response& res, const Refusal& r) {
    res.status = r.status;
    common_headers(req, res, "refused");
    res.set_header("X-Credprobe-Relay-Error", r.code);
    res.set_header("Connection", "close");
    res.set_content(refusal_body(r), "application/json");
  }

  // CORS for the allowed origin only; every other origin gets no CORS header at all.
  void common_headers(const httplib::Request& req, httplib::Response& res, const char* kind) {
    res.set_header("X-Credprobe-Relay", kind);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Vary", "Origin");
    const auto origin = single_header(req, "Origin");
    if (origin && *origin == options_.policy.allowed_origin) {
      res.set_header("Access-Control-Allow-Origin", *origin);
      res.set_header("Access-Control-Expose-Headers", "*");
    }
  }

  void answer_preflight(const httplib::Request& req, httplib::Response& res) {
    res.status = 204;
    common_headers(req, res, "preflight");
    res.set_header("Access-Control-Allow-Methods", "GET, POST");
    const std::string headers =
        safe_header_list(req.get_header_value("Access-Control-Request-Headers"));
    if (!headers.empty()) res.set_header("Access-Control-Allow-Headers", headers);
    res.set_header("Access-Control-Max-Age", "600");
    if (req.get_header_value("Access-Control-Request-Private-Network") == "true") {
      res.set_header("Access-Control-Allow-Private-Network", "true");
    }
  }

  // Method, destination host and path only: the token, the query, header values and bodies
  // never reach the log.
  void log(const httplib::Request& req, int status, double ms) {
    if (!options_.on_log) return;
    const RelayTarget t = split_relay_target(req.target);
    const bool token_ok = t.has_token && token_equals(options_.policy.token, t.token);
    options_.on_log(log_line(req.method, token_ok ? t.authority : "",
                             token_ok && t.has_authority ? t.path : "", status, ms));
  }

  RelayServerOptions options_;
  Slots slots_;
  std::atomic<long long> last_activity_ms_{0};
  std::atomic<int> in_flight_{0};
};

enum Stop : int { kRunning = 0, kSignal, kIdle, kEnded };

// Until the servers return: turns SIGINT/SIGTERM or idleness into a stop. stop() is repeated
// because cpp-httplib ignores it until listening has begun.
void watch(std::vector<httplib::Server*> servers, const Relay& relay, const sigset_t& signals,
           const std::atomic<bool>& done, std::atomic<int>& stop) {
  const timespec tick{0, 200 * 1000 * 1000};
  while (!done) {
    if (stop == kRunning) {
      if (sigtimedwait(&signals, nullptr, &tick) > 0) {
        stop = kSignal;
      } else if (relay.idle()) {
        stop = kIdle;
      }
    } else {
      nanosleep(&tick, nullptr);
    }
    if (stop != kRunning) {
      for (auto* svr : servers) svr->stop();
    }
  }
}

}  // namespace

RelayRunResult run_relay_server(RelayServerOptions options) {
  RelayRunResult result;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    result.error = "libcurl could not start";
    return result;
  }
  // Block the stop signals in every thread started from here on; the watcher takes them.
  sigset_t signals, previous;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  signal(SIGPIPE, SIG_IGN);  // a page that hangs up must not end the relay

  Relay relay(std::move(options));
  httplib::Server v4;
  httplib::Server v6;
  relay.configure(v4);
  relay.configure(v6);
  const int wanted = relay.options().port;
  const int port = wanted == 0 ? v4.bind_to_any_port("127.0.0.1")
                               : (v4.bind_to_port("127.0.0.1", wanted) ? wanted : -1);
  if (port <= 0) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    result.error = "cannot listen on 127.0.0.1:" + std::to_string(wanted) +
                   " (in use? choose another with --port, or --port 0 for a free one)";
    return result;
  }
  // ::1 on the same port when the machine has IPv6 loopback; the URL names 127.0.0.1 either way.
  const bool ipv6 = v6.bind_to_port("::1", port);
  relay.set_port(port);
  result.started = true;
  const std::string url =
      "http://127.0.0.1:" + std::to_string(port) + "/relay/" + relay.options().policy.token;
  if (relay.options().on_ready) relay.options().on_ready(url, ipv6);

  std::atomic<bool> done{false};
  std::atomic<int> stop{kRunning};
  std::vector<httplib::Server*> servers{&v4};
  if (ipv6) servers.push_back(&v6);
  std::thread watcher(watch, servers, std::cref(relay), std::cref(signals), std::cref(done),
                      std::ref(stop));
  std::thread v6_thread;
  if (ipv6) v6_thread = std::thread([&v6] { v6.listen_after_bind(); });
  v4.listen_after_bind();
  int expected = kRunning;
  stop.compare_exchange_strong(expected, kEnded);  // v4 ended by itself: take v6 down too
  if (v6_thread.joinable()) v6_thread.join();
  done = true;
  watcher.join();
  result.stop_reason = stop == kSignal ? "signal" : stop == kIdle ? "idle" : "ended";
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return result;
}

}  // namespace credprobe::relay
