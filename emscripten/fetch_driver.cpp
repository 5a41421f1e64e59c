#include "fetch_driver.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <vector>

#include "browser_headers.hpp"
#include "credprobe/crypto/pem.hpp"
#include "credprobe/url.hpp"
#include "js_bridge.hpp"
#include "relay_url.hpp"
#include "status_zero.hpp"

namespace credprobe::wasm {

struct FetchDriver::Check {
  FetchDriver* driver = nullptr;
  int id = 0;
  std::optional<CheckSession> session;  // the step loop, its bound, evidence and redaction
  ActionId action = 0;                  // the request or signature the session waits for
  DriverSettings settings;
  std::map<std::string, bool> browser_callable;  // endpoint name -> registry says browsers may call

  // The request in flight; its strings must outlive the fetch's start.
  emscripten_fetch_t* fetch = nullptr;
  std::vector<std::string> header_storage;
  std::vector<const char*> header_pointers;
  std::string body;
  std::string origin;  // where the request went (relay or provider), for the reachability probe
  std::string url;     // the request's URL after relay routing
  bool prechecking = false;             // a query-less GET before a URL that carries a secret
  std::set<std::string> cors_verified;  // origin + path the browser was allowed to read
  bool via_relay = false;
  double started_ms = 0;
  SendStep last_send;  // kept to re-send through the relay after a CORS refusal
  HttpResult pending;  // a status-0 answer waiting for the reachability probe
  bool awaiting_reachability = false;
  bool awaiting_signature = false;
  unsigned wait_token = 0;  // the wait in progress (0: none); a timer with another token is stale
  unsigned requests_started = 0;
  unsigned requests_finished = 0;
};

namespace {

Headers parse_response_headers(emscripten_fetch_t* fetch) {
  Headers headers;
  size_t length = emscripten_fetch_get_response_headers_length(fetch);
  if (length == 0) return headers;
  std::vector<char> raw(length + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, raw.data(), raw.size());
  char** unpacked = emscripten_fetch_unpack_response_headers(raw.data());
  if (!unpacked) return headers;
  // emscripten 3.1.6 leaves the value's leading space and trailing CRLF in place.
  auto trim = [](std::string text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    size_t last = text.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  };
  for (size_t i = 0; unpacked[i] && unpacked[i + 1] && headers.size() < 200; i += 2) {
    headers.push_back({trim(unpacked[i]), trim(unpacked[i + 1])});
  }
  emscripten_fetch_free_unpacked_response_headers(unpacked);
  return headers;
}

// onsuccess and onerror alike: emscripten_fetch reports every non-2xx answer as an error, with
// the body loaded, and a request without any answer as status 0.
void on_fetch_event(emscripten_fetch_t* fetch) {
  auto* check = static_cast<FetchDriver::Check*>(fetch->userData);
  if (!check) return;  // cancelled: the driver already let go of this fetch
  check->fetch = nullptr;
  ++check->requests_finished;
  const unsigned short status = fetch->status;
  const auto size = static_cast<std::size_t>(fetch->numBytes);
  const bool too_large = size > check->settings.max_response_bytes;
  std::string body = too_large || !fetch->data ? std::string() : std::string(fetch->data, size);
  Headers headers = status != 0 ? parse_response_headers(fetch) : Headers{};
  emscripten_fetch_close(fetch);
  check->driver->on_fetch_finished(*check, status, std::move(body), std::move(headers), too_large);
}

// A wait the session asked for, carried through emscripten_async_call (a browser timer: the
// page's event loop keeps running). The check may be cancelled meanwhile, and its id reused:
// the token tells a live wait from a stale one.
struct PendingWait {
  FetchDriver* driver;
  int check_id;
  unsigned token;
};

void on_wait_over(void* user) {
  auto* wait = static_cast<PendingWait*>(user);
  const PendingWait copy = *wait;
  delete wait;
  copy.driver->on_waited(copy.check_id, copy.token);
}

unsigned next_wait_token() {
  static unsigned counter = 0;
  if (++counter == 0) ++counter;  // 0 means "no wait"
  return counter;
}

void release_fetch(FetchDriver::Check& check) {
  if (!check.fetch) return;
  emscripten_fetch_t* fetch = check.fetch;
  check.fetch = nullptr;
  fetch->userData = nullptr;
  credprobe_js_abort_fetch(fetch->id);
  emscripten_fetch_close(fetch);
}

}  // namespace

FetchDriver::FetchDriver() = default;

FetchDriver::~FetchDriver() {
  for (auto& [id, check] : checks_) release_fetch(*check);
}

bool FetchDriver::start(int id, const ProviderSpec& provider, PreparedCheck prepared,
                        DriverSettings settings) {
  if (checks_.count(id)) return false;
  auto owned = std::make_unique<Check>();
  Check& check = *owned;
  check.driver = this;
  check.id = id;
  check.settings = std::move(settings);
  for (const auto& e : provider.endpoints) check.browser_callable[e.name] = e.browser_callable;
  check.session.emplace(std::move(prepared));
  checks_[id] = std::move(owned);
  advance(check);
  return true;
}

void FetchDriver::cancel(int id) {
  auto it = checks_.find(id);
  if (it == checks_.end()) return;
  release_fetch(*it->second);
  checks_.erase(it);  // a late signature or reachability answer finds no check and is dropped
}

void FetchDriver::advance(Check& check) {
  CheckSession& session = *check.session;
  // Probes ask for one thing at a time today; the session's ids let the browser driver take
  // several at once when a probe needs it.
  while (!session.done()) {
    std::vector<Action> actions = session.take_actions();
    if (session.done()) break;
    if (actions.empty()) return;  // an answer is on its way
    Action& action = actions.front();
    if (auto* send_action = std::get_if<SendAction>(&action)) {
      check.action = send_action->id;
      return send(check, send_action->send, false);
    }
    if (auto* sign_action = std::get_if<SignAction>(&action)) {
      check.action = sign_action->id;
      return sign(check, sign_action->sign);
    }
    // A wait (a provider's rate limit): a browser timer, then the session goes on.
    const WaitAction& wait = std::get<WaitAction>(action);
    check.action = wait.id;
    check.wait_token = next_wait_token();
    const int millis = wait.seconds > 0 ? wait.seconds * 1000 : 0;
    emscripten_async_call(on_wait_over, new PendingWait{this, check.id, check.wait_token}, millis);
    return;
  }
  finish(check);
}

void FetchDriver::on_waited(int id, unsigned token) {
  auto it = checks_.find(id);
  if (it == checks_.end() || it->second->wait_token != token || token == 0) return;
  Check& check = *it->second;
  check.wait_token = 0;
  check.session->feed_waited(check.action);
  advance(check);
}

void FetchDriver::send(Check& check, const SendStep& step, bool force_relay) {
  if (&step != &check.last_send) check.last_send = step;
  const HttpRequest& request = step.request;
  std::string url = request.url;
  auto callable = check.browser_callable.find(step.endpoint);
  const bool refuses_browsers = callable != check.browser_callable.end() && !callable->second;
  check.via_relay = false;
  if ((refuses_browsers || force_relay) && !check.settings.relay.empty()) {
    if (auto relayed = relay_url(check.settings.relay, request.url)) {
      url = *relayed;
      check.via_relay = true;
    }
  }
  auto parsed = parse_url(url);
  check.origin = parsed ? parsed->origin() : std::string();
  check.url = url;
  // Chromium prints a refused request's full URL to the console. When the URL itself carries a
  // secret (a presigned query with a session token), first ask the same path without the query:
  // only when the browser may read that answer does the real request go out.
  if (parsed && check.session->redactor().apply(url) != url &&
      !check.cors_verified.count(parsed->origin() + parsed->path)) {
    check.prechecking = true;
    return start_fetch(check, "GET", parsed->origin() + parsed->path, {}, std::string());
  }
  start_fetch(check, request.method, url, request.headers, request.body);
}

void FetchDriver::start_fetch(Check& check, const std::string& method, const std::string& url,
                              const Headers& headers, const std::string& body) {
  check.header_storage.clear();
  for (const auto& header : headers) {
    if (!browser_may_set_header(header.name)) continue;
    check.header_storage.push_back(header.name);
    check.header_storage.push_back(header.value);
  }
  if (check.via_relay) {
    for (const auto& header : check.settings.relay_headers) {
      check.header_storage.push_back(header.name);
      check.header_storage.push_back(header.value);
    }
  }
  check.header_pointers.clear();
  for (const auto& text : check.header_storage) check.header_pointers.push_back(text.c_str());
  check.header_pointers.push_back(nullptr);
  check.body = body;

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, method.c_str(), sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.timeoutMSecs = static_cast<unsigned long>(check.settings.timeout_ms);
  attr.withCredentials = 0;  // never send the page's cookies to a provider
  attr.requestHeaders = check.header_pointers.data();
  if (!check.body.empty()) {
    attr.requestData = check.body.data();
    attr.requestDataSize = check.body.size();
  }
  attr.userData = &check;
  attr.onsuccess = on_fetch_event;
  attr.onerror = on_fetch_event;
  check.started_ms = emscripten_get_now();
  const int id = check.id;
  const unsigned sequence = ++check.requests_started;
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, url.c_str());
  // XMLHttpRequest.send can fail synchronously, and then the check has already moved on (or
  // finished and been freed) by the time emscripten_fetch returns.
  auto it = checks_.find(id);
  if (it != checks_.end() && it->second.get() == &check && check.requests_finished < sequence) {
    check.fetch = fetch;
  }
}

void FetchDriver::on_fetch_finished(Check& check, unsigned short status, std::string body,
                                    Headers headers, bool too_large) {
  if (check.prechecking) {
    check.prechecking = false;
    if (status != 0) {
      // The browser may read this path's answers: send the real request.
      auto parsed = parse_url(check.url);
      if (parsed) check.cors_verified.insert(parsed->origin() + parsed->path);
      const HttpRequest& request = check.last_send.request;
      return start_fetch(check, request.method, check.url, request.headers, request.body);
    }
    // Status 0 without the secret-bearing request ever leaving: judged below as if it were it.
  }
  HttpResult result;
  result.latency_ms = emscripten_get_now() - check.started_ms;
  result.via_relay = check.via_relay;
  if (too_large) {
    result.error = TransportError::too_large;
    result.error_detail = "the answer was larger than the limit for a provider answer";
  } else if (status != 0) {
    result.response.status = status;
    result.response.headers = std::move(headers);
    result.response.body = std::move(body);
    if (check.via_relay) {
      // The relay's own refusal or timeout is not the provider's answer.
      auto meant_for = parse_url(check.last_send.request.url);
      relay_answer_to_transport_error(result, meant_for ? meant_for->host_and_port() : "");
    }
  } else if (looks_like_timeout(result.latency_ms, check.settings.timeout_ms)) {
    result.error = TransportError::timeout;
    result.error_detail = "no answer within the timeout";
  } else {
    // Status 0 before the timeout: a CORS refusal or no connection at all. Ask the browser
    // whether the host answers a request it is not allowed to read.
    check.pending = std::move(result);
    check.awaiting_reachability = true;
    const double probe_timeout = std::min(check.settings.timeout_ms, 5000.0);
    credprobe_js_reachability(check.id, check.origin.c_str(), probe_timeout);
    return;
  }
  check.session->feed_response(check.action, result);
  advance(check);
}

void FetchDriver::on_reachability(int id, bool host_answered) {
  auto it = checks_.find(id);
  if (it == checks_.end() || !it->second->awaiting_reachability) return;
  Check& check = *it->second;
  check.awaiting_reachability = false;
  // The registry said browsers may call this endpoint, yet this one refused the page (a proxy,
  // a changed policy, an emulator without CORS): with a relay at hand, take it once.
  if (host_answered && !check.via_relay && !check.settings.relay.empty()) {
    return send(check, check.last_send, /*force_relay=*/true);
  }
  HttpResult result = std::move(check.pending);
  result.error = classify_unanswered(host_answered);
  result.error_detail = unanswered_detail(host_answered);
  check.session->feed_response(check.action, result);
  advance(check);
}

void FetchDriver::sign(Check& check, const SignStep& step) {
  PemBlock pem = parse_pem(step.private_key_pem);
  if (!pem.ok() || step.algorithm != "RS256") {
    SignResult failed;
    failed.error = !pem.ok() ? "the private key is not usable: " + pem.error
                             : "the browser driver signs only RS256";
    check.session->feed_signature(check.action, failed);
    return advance(check);
  }
  check.awaiting_signature = true;
  credprobe_js_sign(check.id, reinterpret_cast<const unsigned char*>(pem.der.data()),
                    pem.der.size(), reinterpret_cast<const unsigned char*>(step.data.data()),
                    step.data.size());
  // Don't leave the key's DER lying around in the wasm heap longer than needed.
  std::fill(pem.der.begin(), pem.der.end(), '\0');
}

void FetchDriver::on_signature(int id, SignResult result) {
  auto it = checks_.find(id);
  if (it == checks_.end() || !it->second->awaiting_signature) return;
  Check& check = *it->second;
  check.awaiting_signature = false;
  check.session->feed_signature(check.action, result);
  advance(check);
}

void FetchDriver::finish(Check& check) {
  const int id = check.id;
  // The session redacted the verdict; its redactor passes over the JSON once more all the same.
  std::string text = check.session->redactor().apply(to_json(check.session->verdict()).dump());
  checks_.erase(id);  // `check` is gone from here on
  credprobe_js_done(id, text.c_str());
}

}  // namespace credprobe::wasm
