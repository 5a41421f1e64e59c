// The browser driver: runs probes with emscripten_fetch (XMLHttpRequest underneath) and answers
// Sign steps through WebCrypto, mirroring src/native/curl_driver.cpp. Everything is event
// driven: a check advances when a fetch, a signature, a wait or a reachability probe comes back,
// and several checks run at once. A check performs every action its session hands out: it may
// have several requests in flight (SendAllStep), each a Request of its own with its own fetch,
// timeout, CORS precheck, relay routing and status-0 reachability probe; the session puts the
// answers back in order. Answers from JavaScript carry a token naming the request, signature or
// wait they belong to, so one that comes back after its check was cancelled or finished (or its
// id reused) is dropped.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "credprobe/check.hpp"
#include "credprobe/check_session.hpp"
#include "credprobe/registry.hpp"

namespace credprobe::wasm {

struct DriverSettings {
  std::string relay;      // relay base URL; empty for none
  Headers relay_headers;  // added to requests sent through the relay, never to a provider
  double timeout_ms = 10000;
  std::size_t max_response_bytes = 4 * 1024 * 1024;
  std::int64_t now = 0;  // Unix seconds, for verdicts decided by the driver itself
};

class FetchDriver {
 public:
  FetchDriver();
  FetchDriver(const FetchDriver&) = delete;
  FetchDriver& operator=(const FetchDriver&) = delete;
  ~FetchDriver();

  // Runs `prepared` to a verdict, delivered through credprobe_js_done (possibly before this
  // returns, when nothing needs the network). False when `id` is already running.
  bool start(int id, const ProviderSpec& provider, PreparedCheck prepared, DriverSettings settings);
  // Stops a check without a verdict: its requests are aborted and its answer never delivered.
  void cancel(int id);

  // Answers from the JS library. `token` names the request, signature or wait within check `id`
  // (never 0); an answer whose token is no longer live there is stale and dropped.
  void on_signature(int id, unsigned token, SignResult result);
  void on_reachability(int id, unsigned token, bool host_answered);
  void on_waited(int id, unsigned token);

  // Public so the C fetch callbacks can reach them.
  struct Check;
  struct Request;

  void on_fetch_finished(Request& request, unsigned short status, std::string body, Headers headers,
                         bool too_large);

 private:
  // Performs everything the check's session asks for, or delivers its verdict.
  void advance(Check& check);
  void perform(Check& check, Action& action);
  // Through the relay when the registry says the endpoint refuses browsers, or when forced.
  void send(Request& request, bool force_relay);
  void start_fetch(Request& request, const std::string& method, const std::string& url,
                   const Headers& headers, const std::string& body);
  // Hands the request's result to the session; the request is gone, the check goes on.
  void deliver(Request& request, const HttpResult& result);
  void sign(Check& check, ActionId action, const SignStep& sign);
  void finish(Check& check);
  Check* find_check(int id);
  // The request of check `id` that carries `token`, if it is still there.
  Request* find_request(int id, unsigned token);
  // Names a request, signature or wait to the answers from JavaScript; never 0.
  unsigned next_token();

  std::map<int, std::unique_ptr<Check>> checks_;
  unsigned last_token_ = 0;
};

}  // namespace credprobe::wasm
