#include "fetch_driver.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/fetch.h>

#include <algorithm>
#include <cstring>
#include <list>
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

// One request the session asked for (a SendAction), from its first fetch to the result fed back:
// the CORS precheck, the request itself, a re-send through the relay and the reachability probe
// all belong to it. Owned by its Check; a fetch's userData points at it.
struct FetchDriver::Request {
  Check* check = nullptr;
  ActionId action = 0;  // the session's id for this request
  unsigned token = 0;   // names this request to the reachability answer; never 0
  SendStep send;        // kept to re-send through the relay after a CORS refusal

  // The fetch in flight; its strings must outlive the fetch's start.
  emscripten_fetch_t* fetch = nullptr;
  std::vector<std::string> header_storage;
  std::vector<const char*> header_pointers;
  std::string body;
  std::string origin;  // where the request went (relay or provider), for the reachability probe
  std::string url;     // the request's URL after relay routing
  bool prechecking = false;  // a query-less GET before a URL that carries a secret
  bool via_relay = false;
  double started_ms = 0;
  HttpResult pending;  // a status-0 answer waiting for the reachability probe
  bool awaiting_reachability = false;
  unsigned fetches_started = 0;  // the precheck, the request, the relay's re-send
  unsigned fetches_finished = 0;
};

struct FetchDriver::Check {
  // A signature or a wait handed to JavaScript, named by its token.
  struct Awaited {
    unsigned token = 0;
    ActionId action = 0;
  };

  FetchDriver* driver = nullptr;
  int id = 0;
  std::optional<CheckSession> session;  // the step loop, its bound, evidence and redaction
  DriverSettings settings;
  std::map<std::string, bool> browser_callable;  // endpoint name -> registry says browsers may call
  std::set<std::string> cors_verified;           // origin + path the browser was allowed to read
  // The requests in flight; a list keeps each where its fetch's userData points while others
  // come and go.
  std::list<Request> requests;
  std::vector<Awaited> signatures;  // the signatures WebCrypto is computing
  std::vector<Awaited> waits;       // the waits whose timers run
  bool advancing = false;           // advance() is on the stack for this check
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
  auto* request = static_cast<FetchDriver::Request*>(fetch->userData);
  if (!request) return;  // cancelled: the driver already let go of this fetch
  // emscripten_fetch_close below calls onerror again when the fetch never reached DONE
  // (XMLHttpRequest.send failed synchronously): that second call must find no request.
  fetch->userData = nullptr;
  request->fetch = nullptr;
  ++request->fetches_finished;
  const unsigned short status = fetch->status;
  const auto size = static_cast<std::size_t>(fetch->numBytes);
  const bool too_large = size > request->check->settings.max_response_bytes;
  std::string body = too_large || !fetch->data ? std::string() : std::string(fetch->data, size);
  Headers headers = status != 0 ? parse_response_headers(fetch) : Headers{};
  emscripten_fetch_close(fetch);
  request->check->driver->on_fetch_finished(*request, status, std::move(body), std::move(headers),
                                            too_large);
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

void release_fetch(FetchDriver::Request& request) {
  if (!request.fetch) return;
  emscripten_fetch_t* fetch = request.fetch;
  request.fetch = nullptr;
  fetch->userData = nullptr;
  credprobe_js_abort_fetch(fetch->id);
  emscripten_fetch_close(fetch);
}

// Every fetch of the check still in flight is aborted and closed: none runs on, and none calls
// back into the check once it is freed. Late reachability, signature and wait answers find no
// live token and are dropped.
void release_requests(FetchDriver::Check& check) {
  for (auto& request : check.requests) release_fetch(request);
  check.requests.clear();
}

// The action `token` names, taken out of `awaited`; none when the token is stale.
std::optional<ActionId> take_awaited(std::vector<FetchDriver::Check::Awaited>& awaited,
                                     unsigned token) {
  for (auto it = awaited.begin(); it != awaited.end(); ++it) {
    if (it->token != token) continue;
    const ActionId action = it->action;
    awaited.erase(it);
    return action;
  }
  return std::nullopt;
}

}  // namespace

FetchDriver::FetchDriver() = default;

FetchDriver::~FetchDriver() {
  for (auto& [id, check] : checks_) release_requests(*check);
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
  release_requests(*it->second);
  checks_.erase(it);  // a late signature or reachability answer finds no check and is dropped
}

FetchDriver::Check* FetchDriver::find_check(int id) {
  auto it = checks_.find(id);
  return it == checks_.end() ? nullptr : it->second.get();
}

FetchDriver::Request* FetchDriver::find_request(int id, unsigned token) {
  Check* check = find_check(id);
  if (!check || token == 0) return nullptr;
  for (auto& request : check->requests) {
    if (request.token == token) return &request;
  }
  return nullptr;
}

unsigned FetchDriver::next_token() {
  if (++last_token_ == 0) ++last_token_;  // 0 means "none"
  return last_token_;
}

void FetchDriver::advance(Check& check) {
  // Performing an action can answer it at once (a key that does not parse, XMLHttpRequest.send
  // failing synchronously) and so call back here: the outermost call goes on with whatever the
  // session asks next, and only it finishes the check, so nothing frees the check under a loop
  // still working on it.
  if (check.advancing) return;
  check.advancing = true;
  CheckSession& session = *check.session;
  while (!session.done()) {
    std::vector<Action> actions = session.take_actions();
    if (actions.empty()) break;  // the answers are on their way
    // Every action at once, as the native driver does: a probe may have several requests in
    // flight, and the session orders their answers itself.
    for (Action& action : actions) {
      if (session.done()) break;
      perform(check, action);
    }
  }
  check.advancing = false;
  if (session.done()) finish(check);
}

void FetchDriver::perform(Check& check, Action& action) {
  if (auto* send_action = std::get_if<SendAction>(&action)) {
    Request& request = check.requests.emplace_back();
    request.check = &check;
    request.action = send_action->id;
    request.token = next_token();
    request.send = std::move(send_action->send);
    return send(request, false);
  }
  if (auto* sign_action = std::get_if<SignAction>(&action)) {
    return sign(check, sign_action->id, sign_action->sign);
  }
  // A wait (a provider's rate limit): a browser timer, then the session goes on.
  const WaitAction& wait = std::get<WaitAction>(action);
  const unsigned token = next_token();
  check.waits.push_back({token, wait.id});
  const int millis = wait.seconds > 0 ? wait.seconds * 1000 : 0;
  emscripten_async_call(on_wait_over, new PendingWait{this, check.id, token}, millis);
}

void FetchDriver::on_waited(int id, unsigned token) {
  Check* check = find_check(id);
  if (!check) return;
  const auto action = take_awaited(check->waits, token);
  if (!action) return;
  check->session->feed_waited(*action);
  advance(*check);
}

void FetchDriver::send(Request& request, bool force_relay) {
  Check& check = *request.check;
  const SendStep& step = request.send;
  std::string url = step.request.url;
  auto callable = check.browser_callable.find(step.endpoint);
  const bool refuses_browsers = callable != check.browser_callable.end() && !callable->second;
  request.via_relay = false;
  if ((refuses_browsers || force_relay) && !check.settings.relay.empty()) {
    if (auto relayed = relay_url(check.settings.relay, step.request.url)) {
      url = *relayed;
      request.via_relay = true;
    }
  }
  auto parsed = parse_url(url);
  request.origin = parsed ? parsed->origin() : std::string();
  request.url = url;
  // Chromium prints a refused request's full URL to the console. When the URL itself carries a
  // secret (a presigned query with a session token), first ask the same path without the query:
  // only when the browser may read that answer does the real request go out.
  if (parsed && check.session->redactor().apply(url) != url &&
      !check.cors_verified.count(parsed->origin() + parsed->path)) {
    request.prechecking = true;
    return start_fetch(request, "GET", parsed->origin() + parsed->path, {}, std::string());
  }
  start_fetch(request, step.request.method, url, step.request.headers, step.request.body);
}

void FetchDriver::start_fetch(Request& request, const std::string& method, const std::string& url,
                              const Headers& headers, const std::string& body) {
  const DriverSettings& settings = request.check->settings;
  request.header_storage.clear();
  for (const auto& header : headers) {
    if (!browser_may_set_header(header.name)) continue;
    request.header_storage.push_back(header.name);
    request.header_storage.push_back(header.value);
  }
  if (request.via_relay) {
    for (const auto& header : settings.relay_headers) {
      request.header_storage.push_back(header.name);
      request.header_storage.push_back(header.value);
    }
  }
  request.header_pointers.clear();
  for (const auto& text : request.header_storage) request.header_pointers.push_back(text.c_str());
  request.header_pointers.push_back(nullptr);
  request.body = body;

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, method.c_str(), sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.timeoutMSecs = static_cast<unsigned long>(settings.timeout_ms);
  attr.withCredentials = 0;  // never send the page's cookies to a provider
  attr.requestHeaders = request.header_pointers.data();
  if (!request.body.empty()) {
    attr.requestData = request.body.data();
    attr.requestDataSize = request.body.size();
  }
  attr.userData = &request;
  attr.onsuccess = on_fetch_event;
  attr.onerror = on_fetch_event;
  request.started_ms = emscripten_get_now();
  const int check_id = request.check->id;
  const unsigned token = request.token;
  const unsigned sequence = ++request.fetches_started;
  emscripten_fetch_t* fetch = emscripten_fetch(&attr, url.c_str());
  // XMLHttpRequest.send can fail synchronously, and then the request has already moved on (or
  // been answered and freed, its check perhaps finished and freed too) by the time
  // emscripten_fetch returns: only a request its token still finds, whose fetch is still out,
  // keeps it.
  Request* still_there = find_request(check_id, token);
  if (still_there && still_there->fetches_finished < sequence) still_there->fetch = fetch;
}

void FetchDriver::on_fetch_finished(Request& request, unsigned short status, std::string body,
                                    Headers headers, bool too_large) {
  Check& check = *request.check;
  if (request.prechecking) {
    request.prechecking = false;
    if (status != 0) {
      // The browser may read this path's answers: send the real request.
      auto parsed = parse_url(request.url);
      if (parsed) check.cors_verified.insert(parsed->origin() + parsed->path);
      const HttpRequest& real = request.send.request;
      return start_fetch(request, real.method, request.url, real.headers, real.body);
    }
    // Status 0 without the secret-bearing request ever leaving: judged below as if it were it.
  }
  HttpResult result;
  result.latency_ms = emscripten_get_now() - request.started_ms;
  result.via_relay = request.via_relay;
  if (too_large) {
    result.error = TransportError::too_large;
    result.error_detail = "the answer was larger than the limit for a provider answer";
  } else if (status != 0) {
    result.response.status = status;
    result.response.headers = std::move(headers);
    result.response.body = std::move(body);
    if (request.via_relay) {
      // The relay's own refusal or timeout is not the provider's answer.
      auto meant_for = parse_url(request.send.request.url);
      relay_answer_to_transport_error(result, meant_for ? meant_for->host_and_port() : "");
    }
  } else if (looks_like_timeout(result.latency_ms, check.settings.timeout_ms)) {
    result.error = TransportError::timeout;
    result.error_detail = "no answer within the timeout";
  } else {
    // Status 0 before the timeout: a CORS refusal or no connection at all. Ask the browser
    // whether the host answers a request it is not allowed to read.
    request.pending = std::move(result);
    request.awaiting_reachability = true;
    const double probe_timeout = std::min(check.settings.timeout_ms, 5000.0);
    credprobe_js_reachability(check.id, request.token, request.origin.c_str(), probe_timeout);
    return;
  }
  deliver(request, result);
}

void FetchDriver::on_reachability(int id, unsigned token, bool host_answered) {
  Request* found = find_request(id, token);
  if (!found || !found->awaiting_reachability) return;
  Request& request = *found;
  request.awaiting_reachability = false;
  // The registry said browsers may call this endpoint, yet this one refused the page (a proxy,
  // a changed policy, an emulator without CORS): with a relay at hand, take it once.
  if (host_answered && !request.via_relay && !request.check->settings.relay.empty()) {
    return send(request, /*force_relay=*/true);
  }
  HttpResult result = std::move(request.pending);
  result.error = classify_unanswered(host_answered);
  result.error_detail = unanswered_detail(host_answered);
  deliver(request, result);
}

void FetchDriver::deliver(Request& request, const HttpResult& result) {
  Check& check = *request.check;
  const ActionId action = request.action;
  check.requests.remove_if([&](const Request& r) { return &r == &request; });
  // `request` is gone from here on
  check.session->feed_response(action, result);
  advance(check);
}

void FetchDriver::sign(Check& check, ActionId action, const SignStep& step) {
  PemBlock pem = parse_pem(step.private_key_pem);
  if (!pem.ok() || step.algorithm != "RS256") {
    SignResult failed;
    failed.error = !pem.ok() ? "the private key is not usable: " + pem.error
                             : "the browser driver signs only RS256";
    check.session->feed_signature(action, failed);
    return;  // advance() goes on with what the session asks next
  }
  const unsigned token = next_token();
  check.signatures.push_back({token, action});
  credprobe_js_sign(check.id, token, reinterpret_cast<const unsigned char*>(pem.der.data()),
                    pem.der.size(), reinterpret_cast<const unsigned char*>(step.data.data()),
                    step.data.size());
  // Don't leave the key's DER lying around in the wasm heap longer than needed.
  std::fill(pem.der.begin(), pem.der.end(), '\0');
}

void FetchDriver::on_signature(int id, unsigned token, SignResult result) {
  Check* check = find_check(id);
  if (!check) return;
  const auto action = take_awaited(check->signatures, token);
  if (!action) return;
  check->session->feed_signature(*action, result);
  advance(*check);
}

void FetchDriver::finish(Check& check) {
  const int id = check.id;
  // The session redacted the verdict; its redactor passes over the JSON once more all the same.
  std::string text = check.session->redactor().apply(to_json(check.session->verdict()).dump());
  // A session may decide with requests still out (a SendAllStep's first answers settle it).
  release_requests(check);
  checks_.erase(id);  // `check` is gone from here on
  credprobe_js_done(id, text.c_str());
}

}  // namespace credprobe::wasm
