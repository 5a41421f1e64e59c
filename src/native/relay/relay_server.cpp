// The only translation unit that includes Boost.Beast and Asio (they are heavy to compile).
#include "native/relay/relay_server.hpp"

#include <curl/curl.h>
#include <signal.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "native/relay/relay_forward.hpp"

namespace credprobe::relay {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

std::chrono::milliseconds ms_of(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
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

// Header names a page asks to send in a preflight, echoed only if they look like names.
std::string safe_header_list(std::string_view requested) {
  for (char c : requested) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == ',' || c == ' ';
    if (!ok) return "";
  }
  return std::string(requested);
}

// A header the request carries exactly once; "" when repeated (which then matches nothing).
std::optional<std::string> single_header(const Headers& headers, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& h : headers) {
    if (!iequals(h.name, name)) continue;
    if (found) return std::string();
    found = h.value;
  }
  return found;
}

std::string header_value(const Headers& headers, std::string_view name) {
  return find_header(headers, name).value_or(std::string());
}

// What a forward on the pool hands back to the I/O thread.
struct ForwardOutput {
  Refusal refusal;  // status 0: `answer` holds the destination's answer
  HttpResponse answer;
  int upstream_redirect_status = 0;
  double ms = 0;
};

class Relay {
 public:
  Relay(RelayServerOptions options, net::io_context& io)
      : options_(std::move(options)),
        io_(io),
        pool_(static_cast<std::size_t>(options_.max_concurrent) + 8),
        slots_(options_.max_concurrent) {
    touch();
  }

  ~Relay() {
    pool_.stop();
    pool_.join();
  }

  const RelayServerOptions& options() const { return options_; }
  void set_port(int port) { options_.policy.relay_port = port; }
  void touch() { last_activity_ = Clock::now(); }
  bool idle() const {
    return in_flight_ == 0 && *connections_ == 0 &&
           Clock::now() - last_activity_ > std::chrono::seconds(options_.idle_exit_seconds);
  }
  // Counts the connection in; false when max_connections are open already.
  bool open_connection() {
    touch();
    if (*connections_ >= options_.max_connections) return false;
    ++*connections_;
    return true;
  }
  const std::shared_ptr<int>& connections() const { return connections_; }

  // Method, destination host (without userinfo) and path only: the token, the query, header
  // values and bodies never reach the log.
  void log(std::string_view method, std::string_view target, int status, double ms) {
    if (!options_.on_log) return;
    const RelayTarget t = split_relay_target(target);
    const bool token_ok = t.has_token && token_equals(options_.policy.token, t.token);
    options_.on_log(log_line(method, token_ok ? t.authority : "",
                             token_ok && t.has_authority ? t.path : "", status, ms));
  }

  // Runs `forward` on the pool, then `done` on the I/O thread.
  template <class Done>
  void forward_async(ForwardRequest request, Done done) {
    ++in_flight_;
    net::post(pool_, [this, request = std::move(request), done = std::move(done)]() mutable {
      ForwardOutput out = forward_blocking(request);
      net::post(io_, [this, out = std::move(out), done = std::move(done)]() mutable {
        --in_flight_;
        touch();
        done(std::move(out));
      });
    });
  }

 private:
  ForwardOutput forward_blocking(ForwardRequest& out) {
    ForwardOutput result;
    const auto started = Clock::now();
    if (!slots_.acquire(ms_of(kSlotWaitSeconds))) {
      result.refusal = refusal("busy");
      return result;
    }
    struct SlotGuard {
      Slots& slots;
      ~SlotGuard() { slots.release(); }
    } guard{slots_};
    if (!out.destination.insecure) {
      // Resolve once, check every answer, and connect only to the checked address.
      const auto addresses = resolve_addresses(out.destination.host);
      const Refusal resolved = check_resolved(addresses);
      if (resolved.status != 0) {
        result.refusal = resolved;
        return result;
      }
      out.pinned_address = addresses.front();
    }
    ForwardLimits limits;
    limits.timeout_seconds = options_.timeout_seconds;
    limits.max_response_bytes = options_.policy.max_response_bytes;
    ForwardResult forwarded = forward(out, limits);
    result.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    switch (forwarded.outcome) {
      case ForwardOutcome::timeout:
        result.refusal = upstream_timeout(options_.timeout_seconds);
        return result;
      case ForwardOutcome::too_large:
        result.refusal = response_too_large(options_.policy.max_response_bytes);
        return result;
      case ForwardOutcome::failed:
        result.refusal = upstream_failed(forwarded.detail);
        return result;
      case ForwardOutcome::answered:
        break;
    }
    if (forwarded.response.status >= 300 && forwarded.response.status < 400) {
      // Redirects are never followed, and never handed to the browser either: it would follow
      // them itself, to wherever they point.
      result.refusal = refusal("upstream_redirect");
      result.upstream_redirect_status = forwarded.response.status;
      return result;
    }
    result.answer = std::move(forwarded.response);
    return result;
  }

  RelayServerOptions options_;
  net::io_context& io_;
  net::thread_pool pool_;
  Slots slots_;
  std::shared_ptr<int> connections_ = std::make_shared<int>(0);  // I/O thread only
  std::atomic<int> in_flight_{0};
  Clock::time_point last_activity_;
};

// One connection: reads a request head with its own bounded scan, lets Beast parse it, decides,
// reads the body (bounded) only for an allowed forward, answers, and reads the next request on
// a kept-alive connection. Everything here runs on the one I/O thread.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `connections` outlives the relay: a session whose handler never ran is destroyed with the
  // I/O context, after the relay.
  Session(tcp::socket socket, Relay& relay, std::shared_ptr<int> connections)
      : stream_(std::move(socket)), relay_(relay), connections_(std::move(connections)) {}
  ~Session() {
    if (counted_) --*connections_;
  }

  void start(bool counted) {
    counted_ = counted;
    if (!counted) {
      method_ = "-";
      return refuse(refusal("busy"));
    }
    read_head();
  }

 private:
  const RelayServerOptions& options() const { return relay_.options(); }

  void read_head() {
    const size_t end = pending_.find("\r\n\r\n");
    if (end != std::string::npos) return on_head(end + 4);
    for (size_t i = 0; i < pending_.size(); ++i) {
      // A bare LF, or a CR followed by anything but LF: refused now, not after the deadline.
      const bool bare_lf = pending_[i] == '\n' && (i == 0 || pending_[i - 1] != '\r');
      const bool bare_cr =
          pending_[i] == '\r' && i + 1 < pending_.size() && pending_[i + 1] != '\n';
      if (bare_lf || bare_cr) return refuse(refusal("bad_request"));
    }
    if (pending_.size() >= options().head_limits.max_head_bytes) {
      return refuse(refusal("header_too_large"));
    }
    // An idle connection waits keep_alive_idle_seconds for a request; from its first byte on,
    // the whole request has request_deadline_seconds, however slowly it trickles in.
    if (pending_.empty() && !request_started_) {
      stream_.expires_after(ms_of(options().keep_alive_idle_seconds));
    } else if (!request_started_) {
      start_request_clock();
    }
    stream_.async_read_some(
        net::buffer(chunk_),
        [self = shared_from_this()](error_code ec, std::size_t n) { self->on_read_some(ec, n); });
  }

  void start_request_clock() {
    request_started_ = true;
    stream_.expires_after(ms_of(options().request_deadline_seconds));
  }

  void on_read_some(error_code ec, std::size_t n) {
    if (ec) {
      if (ec == beast::error::timeout && request_started_)
        return refuse(refusal("request_timeout"));
      return close();  // an idle keep-alive ending, or the client hung up
    }
    if (!request_started_) start_request_clock();
    pending_.append(chunk_.data(), n);  // at most max_head_bytes + one chunk: read_head checks
    read_head();
  }

  void on_head(size_t head_size) {
    const std::string head = pending_.substr(0, head_size);
    pending_.erase(0, head_size);  // what follows is the body, or the next request
    const Refusal scanned = check_request_head(head, options().head_limits);
    if (scanned.status != 0) return refuse(scanned);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().head_limits.max_head_bytes + 4));
    parser_->body_limit(boost::none);  // decided after the token check (see below)
    error_code ec;
    parser_->put(net::buffer(head), ec);
    if (ec || !parser_->is_header_done()) return refuse(refusal("bad_request"));
    const auto& req = parser_->get();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    headers_.clear();
    for (const auto& field : req) {
      headers_.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    const Refusal framing = check_framing(headers_);
    if (framing.status != 0) return refuse(framing);
    if (req.version() != 11 && req.version() != 10) return refuse(refusal("bad_request"));
    origin_ = single_header(headers_, "Origin");
    decision_ =
        decide(options().policy, method_, target_, single_header(headers_, "Host"), origin_);
    if (!decision_.allowed()) return refuse(decision_.refusal);
    if (decision_.preflight) return answer_preflight();  // the body, if any, is never read
    const auto length = parser_->content_length();
    if (length && *length > options().policy.max_request_bytes) {
      return refuse(body_too_large(options().policy.max_request_bytes));
    }
    // Only now, for an authenticated and allowed request, is a body read: held to the cap
    // whatever its framing (Beast counts chunked bodies against body_limit too).
    parser_->body_limit(static_cast<std::uint64_t>(options().policy.max_request_bytes));
    buffer_.consume(buffer_.size());
    if (parser_->is_done()) return forward();  // no body: pending_ holds the next request
    const std::string rest = std::move(pending_);
    pending_.clear();
    if (!rest.empty()) {
      auto space = buffer_.prepare(rest.size());
      net::buffer_copy(space, net::buffer(rest));
      buffer_.commit(rest.size());
    }
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](error_code read_ec, std::size_t) { self->on_body(read_ec); });
  }

  void on_body(error_code ec) {
    if (ec == http::error::body_limit) {
      return refuse(body_too_large(options().policy.max_request_bytes));
    }
    if (ec == beast::error::timeout) return refuse(refusal("request_timeout"));
    if (ec) return refuse(refusal("bad_request"));
    // Bytes after the body belong to the next request on this connection.
    pending_.assign(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    forward();
  }

  void forward() {
    stream_.expires_never();  // the forward has its own timeout; the client waits for it
    ForwardRequest out;
    out.method = method_;
    out.destination = decision_.destination;
    out.body = std::move(parser_->get().body());
    const auto hop_by_hop = connection_tokens(header_value(headers_, "Connection"));
    for (const auto& h : headers_) {
      if (forward_request_header(h.name, hop_by_hop)) out.headers.push_back(h);
    }
    keep_alive_ = parser_->get().keep_alive();
    relay_.forward_async(std::move(out), [self = shared_from_this()](ForwardOutput result) {
      self->on_forwarded(std::move(result));
    });
  }

  void on_forwarded(ForwardOutput result) {
    if (result.refusal.status != 0) {
      refuse(result.refusal, result.ms, result.upstream_redirect_status);
      return;
    }
    const HttpResponse& answer = result.answer;
    res_ = {};
    res_.version(11);
    res_.result(
        static_cast<unsigned>(answer.status >= 100 && answer.status <= 999 ? answer.status : 502));
    for (const auto& header : answer.headers) {
      if (pass_response_header(header.name, header.value)) res_.insert(header.name, header.value);
    }
    common_headers("forwarded");
    res_.set(http::field::content_type,
             safe_content_type(header_value(answer.headers, "Content-Type")));
    res_.body() = answer.body;
    res_.keep_alive(keep_alive_);
    res_.prepare_payload();
    relay_.log(method_, target_, answer.status, result.ms);
    write(keep_alive_);
  }

  void refuse(const Refusal& r, double ms = 0, int upstream_status = 0) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(r.status));
    common_headers("refused");
    res_.set("X-Credprobe-Relay-Error", r.code);
    if (upstream_status != 0)
      res_.set("X-Credprobe-Upstream-Status", std::to_string(upstream_status));
    res_.set(http::field::content_type, "application/json");
    res_.body() = refusal_body(r);
    res_.keep_alive(false);
    res_.prepare_payload();
    if (method_ == "HEAD") res_.body().clear();  // the length stays; a HEAD answer has no body
    relay_.log(method_.empty() ? "-" : method_, target_, r.status, ms);
    write(false);
  }

  void answer_preflight() {
    res_ = {};
    res_.version(11);
    res_.result(http::status::no_content);
    common_headers("preflight");
    res_.set(http::field::access_control_allow_methods, "GET, POST");
    const std::string requested =
        safe_header_list(header_value(headers_, "Access-Control-Request-Headers"));
    if (!requested.empty()) res_.set(http::field::access_control_allow_headers, requested);
    res_.set(http::field::access_control_max_age, "600");
    if (header_value(headers_, "Access-Control-Request-Private-Network") == "true") {
      res_.set("Access-Control-Allow-Private-Network", "true");
    }
    keep_alive_ = parser_->get().keep_alive();
    res_.keep_alive(keep_alive_);
    res_.prepare_payload();
    relay_.log(method_, target_, 204, 0);
    // A preflight may carry a body; the connection is not reused then (it was never read).
    write(keep_alive_ && parser_->is_done());
  }

  // Every answer is the relay's own: never a page, never cached; CORS for the allowed origin
  // only, every other origin gets no CORS header at all.
  void common_headers(const char* kind) {
    res_.set("X-Credprobe-Relay", kind);
    res_.set(http::field::cache_control, "no-store");
    res_.set("X-Content-Type-Options", "nosniff");
    res_.set("Content-Security-Policy", kContentSecurityPolicy);
    res_.set(http::field::vary, "Origin");
    if (origin_ && *origin_ == options().policy.allowed_origin) {
      res_.set(http::field::access_control_allow_origin, *origin_);
      res_.set(http::field::access_control_expose_headers, "*");
    }
  }

  void write(bool keep) {
    stream_.expires_after(ms_of(options().request_deadline_seconds));
    http::async_write(stream_, res_, [self = shared_from_this(), keep](error_code ec, std::size_t) {
      if (ec || !keep) return self->close();
      self->next_request();
    });
  }

  void next_request() {
    relay_.touch();
    request_started_ = false;
    parser_.reset();
    origin_.reset();
    method_.clear();
    target_.clear();
    read_head();
  }

  void close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Relay& relay_;
  std::shared_ptr<int> connections_;
  bool counted_ = false;
  std::array<char, 4096> chunk_{};
  std::string pending_;  // bytes read and not yet parsed
  bool request_started_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string method_;
  std::string target_;
  Headers headers_;
  std::optional<std::string> origin_;
  Decision decision_;
  bool keep_alive_ = false;
  http::response<http::string_body> res_;
};

void set_nodelay(tcp::socket& socket) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
}

class Listener {
 public:
  Listener(net::io_context& io, Relay& relay) : acceptor_(io), relay_(relay) {}

  // Binds address:port with a backlog of SOMAXCONN; false when it cannot.
  bool listen(const net::ip::address& address, unsigned short port) {
    error_code ec;
    const tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return false;
    if (address.is_v6()) acceptor_.set_option(net::ip::v6_only(true), ec);
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    acceptor_.bind(endpoint, ec);
    if (ec) return false;
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    return !ec;
  }
  unsigned short port() const {
    error_code ec;
    return acceptor_.local_endpoint(ec).port();
  }
  void accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec) {
        set_nodelay(socket);
        const bool counted = relay_.open_connection();
        std::make_shared<Session>(std::move(socket), relay_, relay_.connections())->start(counted);
      }
      accept();
    });
  }
  void close() {
    error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  tcp::acceptor acceptor_;
  Relay& relay_;
};

}  // namespace

RelayRunResult run_relay_server(RelayServerOptions options) {
  RelayRunResult result;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    result.error = "libcurl could not start";
    return result;
  }
  signal(SIGPIPE, SIG_IGN);  // a page that hangs up must not end the relay

  net::io_context io(1);
  const int wanted = options.port;
  Relay relay(std::move(options), io);
  Listener v4(io, relay);
  Listener v6(io, relay);
  if (!v4.listen(net::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(wanted))) {
    result.error = "cannot listen on 127.0.0.1:" + std::to_string(wanted) +
                   " (in use? choose another with --port, or --port 0 for a free one)";
    return result;
  }
  const unsigned short port = v4.port();
  // ::1 on the same port when the machine has IPv6 loopback; the URL names 127.0.0.1 either way.
  const bool ipv6 = v6.listen(net::ip::make_address_v6("::1"), port);
  relay.set_port(port);
  result.started = true;

  std::string stop_reason = "ended";
  auto stop = [&](const char* reason) {
    stop_reason = reason;
    v4.close();
    v6.close();
    io.stop();
  };
  // Caught from before the URL is printed: whoever reads the URL may stop the relay at once, and
  // a SIGTERM before this point would end the process without its goodbye line (exit -15).
  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](error_code ec, int) {
    if (!ec) stop("signal");
  });
  const std::string url =
      "http://127.0.0.1:" + std::to_string(port) + "/relay/" + relay.options().policy.token;
  if (relay.options().on_ready) relay.options().on_ready(url, ipv6);

  v4.accept();
  if (ipv6) v6.accept();

  net::steady_timer idle_timer(io);
  std::function<void()> watch_idle = [&] {
    idle_timer.expires_after(std::chrono::milliseconds(200));
    idle_timer.async_wait([&](error_code ec) {
      if (ec) return;
      if (relay.idle()) return stop("idle");
      watch_idle();
    });
  };
  watch_idle();
  io.run();
  result.stop_reason = stop_reason;
  return result;
}

}  // namespace credprobe::relay
