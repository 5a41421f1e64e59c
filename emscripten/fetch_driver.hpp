// The browser driver: runs probes with emscripten_fetch (XMLHttpRequest underneath) and answers
// Sign steps through WebCrypto, mirroring src/native/curl_driver.cpp. Everything is event
// driven: a check advances when a fetch, a signature or a reachability probe comes back, and
// several checks run at once, each request with its own timeout.
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
  // Stops a check without a verdict: its request is aborted and its answer never delivered.
  void cancel(int id);

  // Answers from the JS library.
  void on_signature(int id, SignResult result);
  void on_reachability(int id, bool host_answered);
  // A wait the check's session asked for is over (`token` names which: a cancelled check's
  // timer finds no check, or another token, and is dropped).
  void on_waited(int id, unsigned token);

  struct Check;  // public so the C fetch callbacks can reach it

  void on_fetch_finished(Check& check, unsigned short status, std::string body, Headers headers,
                         bool too_large);

 private:
  // Performs what the check's session asks for next, or delivers its verdict.
  void advance(Check& check);
  // Through the relay when the registry says the endpoint refuses browsers, or when forced.
  void send(Check& check, const SendStep& send, bool force_relay);
  void start_fetch(Check& check, const std::string& method, const std::string& url,
                   const Headers& headers, const std::string& body);
  void sign(Check& check, const SignStep& sign);
  void finish(Check& check);

  std::map<int, std::unique_ptr<Check>> checks_;
};

}  // namespace credprobe::wasm
