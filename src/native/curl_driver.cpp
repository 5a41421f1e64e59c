#include "native/curl_driver.hpp"

#include <curl/curl.h>

#include <chrono>
#include <string>

#include "credprobe/url.hpp"

namespace credprobe::native {

namespace {

using Clock = std::chrono::steady_clock;

// One probe's progress through the run.
struct Slot {
  Probe* probe = nullptr;
  std::optional<Verdict> verdict;
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

// Response headers beyond this many bytes end the transfer as too large (below libcurl's own
// limits, whose refusals read as other errors).
constexpr size_t kMaxHeaderBytes = 64 * 1024;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* slot = static_cast<Slot*>(user);
  size_t n = size * count;
  if (slot->response.body.size() + n > slot->max_bytes) {
    slot->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  slot->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* slot = static_cast<Slot*>(user);
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
bool is_header_refusal(CURLcode code, const Slot& slot) {
  return code == CURLE_OUT_OF_MEMORY && slot.saw_status && slot.response.body.empty();
}

TransportError classify(CURLcode code, const Slot& slot) {
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
  Run(std::vector<std::unique_ptr<Probe>>& probes, const DriverOptions& options)
      : options_(options), multi_(curl_multi_init()) {
    slots_.resize(probes.size());
    for (size_t i = 0; i < probes.size(); ++i) slots_[i].probe = probes[i].get();
  }

  ~Run() {
    for (auto& slot : slots_) release(slot);
    curl_multi_cleanup(multi_);
  }

  std::vector<Verdict> execute() {
    deadline_ = Clock::now() +
                std::chrono::milliseconds(static_cast<long>(options_.deadline_seconds * 1000));
    for (size_t i = 0; i < slots_.size(); ++i) advance(i, slots_[i].probe->start());
    while (active_ > 0) {
      int running = 0;
      curl_multi_perform(multi_, &running);
      collect_finished();
      if (active_ == 0) break;
      if (Clock::now() >= deadline_) {
        expire_all();
        break;
      }
      curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
    }
    std::vector<Verdict> verdicts;
    for (auto& slot : slots_) verdicts.push_back(slot.verdict.value_or(Verdict{}));
    return verdicts;
  }

 private:
  // Feeds steps to the probe until it needs the network or is done.
  void advance(size_t index, Step step) {
    Slot& slot = slots_[index];
    for (int guard = 0; guard < 64; ++guard) {
      if (auto* done = std::get_if<DoneStep>(&step)) {
        slot.verdict = done->verdict;
        return;
      }
      if (auto* sign = std::get_if<SignStep>(&step)) {
        SignResult signature;
        if (options_.signer) {
          signature = options_.signer(*sign);
        } else {
          signature.error = "this build has no signer";
        }
        step = slot.probe->on_signature(signature);
        continue;
      }
      start_request(index, std::get<SendStep>(step).request);
      return;
    }
    Verdict v;
    v.summary = "internal error: the probe did not finish";
    slot.verdict = v;
  }

  void start_request(size_t index, const HttpRequest& request) {
    Slot& slot = slots_[index];
    slot.response = HttpResponse{};
    slot.too_large = false;
    slot.header_bytes = 0;
    slot.saw_status = false;
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
    ++active_;
  }

  void collect_finished() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Slot* slot = nullptr;
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

  void finish(Slot& slot, const HttpResult& result) {
    size_t index = static_cast<size_t>(&slot - slots_.data());
    release(slot);
    --active_;
    advance(index, slot.probe->on_response(result));
  }

  // Past the deadline, in-flight requests end as timeouts and no new request starts.
  void expire_all() {
    for (size_t index = 0; index < slots_.size(); ++index) {
      Slot& slot = slots_[index];
      if (!slot.easy) continue;
      HttpResult timeout;
      timeout.error = TransportError::timeout;
      timeout.error_detail = "overall deadline reached";
      timeout.latency_ms = elapsed_ms(slot);
      release(slot);
      --active_;
      Step step = slot.probe->on_response(timeout);
      for (int guard = 0; guard < 64 && !std::holds_alternative<DoneStep>(step); ++guard) {
        step = std::holds_alternative<SendStep>(step)
                   ? slot.probe->on_response(timeout)
                   : slot.probe->on_signature(SignResult{"", "overall deadline reached"});
      }
      if (auto* done = std::get_if<DoneStep>(&step)) slot.verdict = done->verdict;
    }
  }

  double elapsed_ms(const Slot& slot) const {
    return std::chrono::duration<double, std::milli>(Clock::now() - slot.started).count();
  }

  void release(Slot& slot) {
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
  CURLM* multi_;
  Clock::time_point deadline_;
  std::vector<Slot> slots_;
  int active_ = 0;
};

}  // namespace

std::vector<Verdict> run_probes(std::vector<std::unique_ptr<Probe>>& probes,
                                const DriverOptions& options) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
  Run run(probes, options);
  return run.execute();
}

}  // namespace credprobe::native
