#include "native/curl_driver.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <list>
#include <string>

#include "credprobe/url.hpp"

namespace credprobe::native {

namespace {

using Clock = std::chrono::steady_clock;

// One request in flight: which session asked for it, under which action id.
struct Transfer {
  size_t session = 0;
  ActionId action = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string request_body;  // libcurl reads POSTFIELDS during the transfer: keep it alive here
  HttpResponse response;
  bool too_large = false;
  size_t max_bytes = 0;
  size_t header_bytes = 0;
  bool saw_status = false;  // the status line arrived
  Clock::time_point started;
};

// A wait a session asked for: resumed when `until` has passed.
struct Wait {
  size_t session = 0;
  ActionId action = 0;
  Clock::time_point until;
};

// Response headers beyond this many bytes end the transfer as too large (below libcurl's own
// limits, whose refusals read as other errors).
constexpr size_t kMaxHeaderBytes = 64 * 1024;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* slot = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (slot->response.body.size() + n > slot->max_bytes) {
    slot->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  slot->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* slot = static_cast<Transfer*>(user);
  size_t n = size * count;
  slot->header_bytes += n;
  if (slot->header_bytes > kMaxHeaderBytes) {
    slot->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    slot->saw_status = true;
    slot->response.headers.clear();  // a new response (after 100 Continue): start over
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string value = line.substr(colon + 1);
  size_t first = value.find_first_not_of(" \t");
  value = first == std::string::npos ? std::string() : value.substr(first);
  if (slot->response.headers.size() < 200) {
    slot->response.headers.push_back({line.substr(0, colon), value});
  }
  return n;
}

// libcurl refuses one header line over 100 KB with CURLE_OUT_OF_MEMORY (its message says only
// "Out of memory"): after the status line and before any body, that is an oversized answer,
// not a machine out of memory.
bool is_header_refusal(CURLcode code, const Transfer& slot) {
  return code == CURLE_OUT_OF_MEMORY && slot.saw_status && slot.response.body.empty();
}

TransportError classify(CURLcode code, const Transfer& slot) {
  if (slot.too_large || is_header_refusal(code, slot)) return TransportError::too_large;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::timeout;
    case CURLE_COULDNT_CONNECT:
      return TransportError::refused;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::dns;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return TransportError::tls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return TransportError::reset;
    default:
      return TransportError::other;
  }
}

class Run {
 public:
  Run(std::vector<CheckSession>& sessions, const DriverOptions& options)
      : options_(options), sessions_(sessions), multi_(curl_multi_init()) {}

  ~Run() {
    for (auto& transfer : transfers_) release(transfer);
    curl_multi_cleanup(multi_);
  }

  void execute() {
    deadline_ = Clock::now() +
                std::chrono::milliseconds(static_cast<long>(options_.deadline_seconds * 1000));
    for (size_t i = 0; i < sessions_.size(); ++i) perform_actions(i);
    while (!transfers_.empty() || !waits_.empty()) {
      int running = 0;
      curl_multi_perform(multi_, &running);
      collect_finished();
      resume_waits();
      if (transfers_.empty() && waits_.empty()) break;
      if (Clock::now() >= deadline_) {
        expire_all();
        break;
      }
      curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
    }
  }

 private:
  // Performs what the session asks for: signatures at once, requests and waits in the loop.
  void perform_actions(size_t index) {
    CheckSession& session = sessions_[index];
    while (!session.done()) {
      std::vector<Action> actions = session.take_actions();
      if (actions.empty()) return;
      for (auto& action : actions) {
        if (auto* send = std::get_if<SendAction>(&action)) {
          start_request(index, send->id, send->send.request);
        } else if (auto* sign = std::get_if<SignAction>(&action)) {
          SignResult signature;
          if (options_.signer) {
            signature = options_.signer(sign->sign);
          } else {
            signature.error = "this build has no signer";
          }
          session.feed_signature(sign->id, signature);
        } else if (auto* wait = std::get_if<WaitAction>(&action)) {
          waits_.push_back({index, wait->id, Clock::now() + std::chrono::seconds(wait->seconds)});
        }
      }
    }
  }

  void resume_waits() {
    const auto now = Clock::now();
    for (auto it = waits_.begin(); it != waits_.end();) {
      if (it->until > now) {
        ++it;
        continue;
      }
      const Wait wait = *it;
      it = waits_.erase(it);
      sessions_[wait.session].feed_waited(wait.action);
      perform_actions(wait.session);
    }
  }

  void start_request(size_t index, ActionId action, const HttpRequest& request) {
    transfers_.emplace_back();
    Transfer& slot = transfers_.back();
    slot.session = index;
    slot.action = action;
    slot.max_bytes = options_.max_response_bytes;
    slot.easy = curl_easy_init();
    CURL* e = slot.easy;
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(options_.request_timeout_seconds * 1000));
    curl_easy_setopt(e, CURLOPT_USERAGENT, "credprobe/0.1");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &slot);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &slot);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &slot);
    if (request.method == "GET") {
      curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      if (request.method == "POST" || !request.body.empty()) {
        slot.request_body = request.body;
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(slot.request_body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, slot.request_body.c_str());
      }
    }
    for (const auto& header : request.headers) {
      slot.headers = curl_slist_append(slot.headers, (header.name + ": " + header.value).c_str());
    }
    // libcurl adds "Expect: 100-continue" to larger POSTs; providers don't need the round trip.
    slot.headers = curl_slist_append(slot.headers, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, slot.headers);
    slot.started = Clock::now();
    if (options_.on_request) {
      auto url = parse_url(request.url);
      options_.on_request(index,
                          request.method + " " + (url ? url->host_and_port() + url->path : ""));
    }
    curl_multi_add_handle(multi_, e);
  }

  void collect_finished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* slot = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot);
      HttpResult result;
      CURLcode code = message->data.result;
      result.latency_ms = elapsed_ms(*slot);
      if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(slot->easy, CURLINFO_RESPONSE_CODE, &status);
        result.response = std::move(slot->response);
        result.response.status = static_cast<int>(status);
      } else {
        result.error = classify(code, *slot);
        // curl_easy_strerror names the failure without echoing the request.
        if (result.error == TransportError::too_large) {
          result.error_detail =
              slot->header_bytes > kMaxHeaderBytes || is_header_refusal(code, *slot)
                  ? "the response headers are too large"
                  : "the response body is larger than " + std::to_string(slot->max_bytes) +
                        " bytes";
        } else {
          result.error_detail = curl_easy_strerror(code);
        }
      }
      // An answer that arrives after the overall deadline is not read (reading a hostile body
      // is work too): the check ends on time, as a timeout.
      if (Clock::now() >= deadline_) {
        result = HttpResult{};
        result.error = TransportError::timeout;
        result.error_detail = "overall deadline reached";
        result.latency_ms = elapsed_ms(*slot);
      }
      finish(*slot, result);
    }
  }

  void finish(Transfer& slot, const HttpResult& result) {
    const size_t index = slot.session;
    const ActionId action = slot.action;
    release(slot);
    for (auto it = transfers_.begin(); it != transfers_.end(); ++it) {
      if (&*it == &slot) {
        transfers_.erase(it);
        break;
      }
    }
    sessions_[index].feed_response(action, result);
    perform_actions(index);
    if (sessions_[index].done()) release_session(index);
  }

  // A session that decided with requests still in flight (an early answer settled it): they
  // are aborted, not waited for.
  void release_session(size_t index) {
    for (auto it = transfers_.begin(); it != transfers_.end();) {
      if (it->session != index) {
        ++it;
        continue;
      }
      release(*it);
      it = transfers_.erase(it);
    }
    waits_.erase(std::remove_if(waits_.begin(), waits_.end(),
                                [index](const Wait& w) { return w.session == index; }),
                 waits_.end());
  }

  // Past the deadline, in-flight requests end as timeouts and no new request starts: the
  // sessions give up, and each probe says what that means.
  void expire_all() {
    for (auto& transfer : transfers_) release(transfer);
    transfers_.clear();
    waits_.clear();
    for (auto& session : sessions_) {
      if (!session.done()) session.abandon("overall deadline reached");
    }
  }

  double elapsed_ms(const Transfer& slot) const {
    return std::chrono::duration<double, std::milli>(Clock::now() - slot.started).count();
  }

  void release(Transfer& slot) {
    if (slot.easy) {
      curl_multi_remove_handle(multi_, slot.easy);
      curl_easy_cleanup(slot.easy);
      slot.easy = nullptr;
    }
    if (slot.headers) {
      curl_slist_free_all(slot.headers);
      slot.headers = nullptr;
    }
  }

  const DriverOptions& options_;
  std::vector<CheckSession>& sessions_;
  CURLM* multi_;
  Clock::time_point deadline_;
  std::list<Transfer> transfers_;  // a list: libcurl holds pointers to its elements
  std::vector<Wait> waits_;
};

}  // namespace

void run_checks(std::vector<CheckSession>& sessions, const DriverOptions& options) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  Run run(sessions, options);
  run.execute();
}

}  // namespace credprobe::native
