#include "faults.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace {

long long int_param(const nlohmann::json& spec, const char* key, long long fallback) {
  const auto it = spec.find(key);
  if (it == spec.end() || !it->is_number()) return fallback;
  return it->get<long long>();
}

// True while the client is still connected. httplib 0.11 gives a handler no way to notice a
// client hanging up, so a `hang` consults the kernel's TCP tables (Linux): the connection is
// alive while it is listed in state 01 (ESTABLISHED) with our local port and the client's port.
// When no table can be read we assume the client is still there.
bool client_still_connected(const httplib::Request& req) {
  if (req.local_port < 0 || req.remote_port < 0) return true;
  const auto port_in = [](const std::string& address) {
    const auto colon = address.rfind(':');
    return colon == std::string::npos
               ? -1
               : static_cast<int>(std::strtol(address.c_str() + colon + 1, nullptr, 16));
  };
  bool read_any = false;
  for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream table(path);
    if (!table) continue;
    read_any = true;
    std::string line;
    std::getline(table, line);  // column titles
    while (std::getline(table, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (port_in(local) == req.local_port && port_in(remote) == req.remote_port && state == "01") {
        return true;
      }
    }
  }
  // Gone from the tables, or in another state (CLOSE_WAIT): the client closed its side.
  return !read_any;
}

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

// Calls `act` with this request's socket. httplib 0.11 does not hand the socket to a handler,
// so find it among our descriptors by its two ports; httplib still owns and closes it.
template <typename Act>
void with_request_socket(const httplib::Request& req, Act act) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    struct stat info {};
    if (fd <= 2 || fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) {
      continue;
    }
    if (port_of(local) == req.local_port && port_of(peer) == req.remote_port) act(fd);
  }
  closedir(fds);
}

// Ends the connection with no answer at all (FIN). shutdown() rather than close(): the
// descriptor stays httplib's.
void drop_connection(const httplib::Request& req) {
  with_request_socket(req, [](int fd) { shutdown(fd, SHUT_RDWR); });
}

// Aborts the connection with a TCP RST, as a crashing server or a middlebox does. connect()
// with AF_UNSPEC disconnects a TCP socket (Linux sends RST from an established state) while
// the descriptor stays httplib's, which then fails to write its answer and closes it.
void reset_connection(const httplib::Request& req) {
  with_request_socket(req, [](int fd) {
    const linger abort_on_close{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    sockaddr unspecified{};
    unspecified.sa_family = AF_UNSPEC;
    connect(fd, &unspecified, sizeof unspecified);
  });
}

void hang(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
          const nlohmann::json& spec) {
  // Give up after max_ms anyway so an abandoned hang cannot hold a worker thread forever.
  const auto max_ms = int_param(spec, "max_ms", 300000);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!state.sleep_unless_stopping(std::chrono::milliseconds(100))) break;
    if (!client_still_connected(req)) break;
  }
  // Never answer: end the connection instead. The 504 only shows if the drop failed.
  drop_connection(req);
  res.status = 504;
  res.set_header("Connection", "close");
}

// Declares the full length, sends the first half, then fails so httplib drops the connection:
// the client sees a response cut off mid-body.
void reset(httplib::Response& res, const NormalAnswer& normal) {
  httplib::Response full;
  normal(full);
  auto body = std::make_shared<std::string>(full.body.empty() ? std::string(64, ' ') : full.body);
  const std::string type = full.get_header_value("Content-Type");
  res.status = 200;
  res.set_header("Connection", "close");
  res.set_content_provider(body->size(), type.empty() ? "application/json" : type,
                           [body](size_t offset, size_t, httplib::DataSink& sink) {
                             if (offset == 0) sink.write(body->data(), body->size() / 2);
                             return false;
                           });
}

// The normal answer cut to half its length, with a Content-Length that matches the cut: a
// complete HTTP answer whose JSON ends early (a proxy or cache that stored a partial body).
void truncated_body(httplib::Response& res, const NormalAnswer& normal) {
  normal(res);
  res.status = 200;
  std::string body =
      res.body.empty() ? std::string("{\"type\":\"user\",\"name\":\"x\"}") : res.body;
  body.resize(std::max<std::size_t>(1, body.size() / 2));
  res.set_content(body, "application/json; charset=utf-8");
}

// The normal answer at full length with one syntax error: the first member's colon is gone
// (`{"type" "user", ...}`), so every member is still there for a parser that guesses.
void malformed_json(httplib::Response& res, const NormalAnswer& normal) {
  normal(res);
  res.status = 200;
  std::string body =
      res.body.empty() ? std::string("{\"type\":\"user\",\"name\":\"x\"}") : res.body;
  const auto colon = body.find("\":");
  if (colon != std::string::npos) {
    body[colon + 1] = ' ';
  } else {
    body = "{\"emulator\" " + body + "}";
  }
  res.set_content(body, "application/json; charset=utf-8");
}

// The kind of page a captive portal or a misconfigured proxy returns with status 200.
void unexpected_body(httplib::Response& res) {
  res.status = 200;
  res.set_content(
      "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head>\n"
      "<body><h1>Welcome</h1><p>Please accept the terms of use to continue.</p></body></html>\n",
      "text/html; charset=utf-8");
}

// The normal answer, still valid JSON, padded to size_bytes (12 MiB by default): a client
// that reads without a cap would accept it, one that caps the body must refuse it.
void oversized(httplib::Response& res, const nlohmann::json& spec, const NormalAnswer& normal) {
  normal(res);
  res.status = 200;
  const auto target = static_cast<std::size_t>(int_param(spec, "size_bytes", 12LL << 20));
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (!body.is_object()) body = nlohmann::json::object();
  // The padding is appended as text, not dumped through the JSON writer: escaping megabytes
  // character by character takes seconds in a sanitizer build, and the answer would then come
  // after the client's timeout instead of being too large.
  std::string text = body.dump();
  text.pop_back();  // the closing brace
  text += body.empty() ? "\"emulatorPadding\":\"" : ",\"emulatorPadding\":\"";
  const std::size_t base = text.size() + 2;
  text.append(target > base ? target - base : 1, 'x');
  text += "\"}";
  res.set_content(text, "application/json; charset=utf-8");
}

// What a load balancer or proxy in front of the provider returns when the provider behind
// it does not answer: its own HTML page, not the provider's error shape.
void bad_gateway(httplib::Response& res) {
  res.status = 502;
  res.set_content(
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
      "</body>\r\n</html>\r\n",
      "text/html");
}

// A redirect to another host: by default the same emulator under another name (localhost
// instead of 127.0.0.1), so a client that followed it would get the normal answer and the
// request log would show the second request.
void redirect(const httplib::Request& req, httplib::Response& res, const nlohmann::json& spec) {
  const auto it = spec.find("location");
  const std::string location = it != spec.end() && it->is_string()
                                   ? it->get<std::string>()
                                   : "http://localhost:" + std::to_string(req.local_port) +
                                         (req.target.empty() ? req.path : req.target);
  res.status = static_cast<int>(int_param(spec, "status", 302));
  res.set_header("Location", location);
  res.set_content("<html><body>Moved: <a href=\"" + location + "\">here</a></body></html>\n",
                  "text/html; charset=utf-8");
}

// A 401 or 403 from something that is not the provider (a corporate proxy, a WAF): its own
// HTML page, none of the provider's error codes, so it proves nothing about the credential.
void foreign_denial(httplib::Response& res, const nlohmann::json& spec) {
  const int status = static_cast<int>(int_param(spec, "status", 401));
  res.status = status;
  if (status == 401) {
    res.set_header("WWW-Authenticate", "Basic realm=\"Corporate Proxy\"");
    res.set_content(
        "<html><head><title>401 Authorization Required</title></head>\n"
        "<body><h1>Authorization Required</h1><p>Sign in to the proxy to continue.</p>"
        "</body></html>\n",
        "text/html; charset=utf-8");
  } else {
    res.set_content(
        "<html><head><title>Access Denied</title></head>\n"
        "<body><h1>Access Denied</h1><p>This site is blocked by your organization's web "
        "filter. Reference #18.4f2c1b17.1733097600</p></body></html>\n",
        "text/html; charset=utf-8");
  }
}

void generic_body(httplib::Response& res, const std::string& message) {
  res.set_content(nlohmann::json{{"error", message}}.dump(), "application/json; charset=utf-8");
}

}  // namespace

const std::vector<std::string>& known_faults() {
  static const std::vector<std::string> names = {
      "latency",           "rate_limit",      "server_error", "unavailable",   "reset",
      "malformed_json",    "unexpected_body", "oversized",    "hang",          "bad_gateway",
      "reset_before_body", "truncated_body",  "redirect",     "foreign_denial"};
  return names;
}

bool is_known_fault(const std::string& name) {
  const auto& names = known_faults();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<nlohmann::json> fault_for(EmulatorState& state, const httplib::Request& req,
                                        const nlohmann::json* fixture_entry) {
  if (auto armed = state.take_armed_fault(req.path, req.body)) return armed;
  if (fixture_entry != nullptr && fixture_entry->contains("fault")) return *fixture_entry;
  return std::nullopt;
}

void serve_fault(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
                 const nlohmann::json& spec, const FaultStyle& style, const NormalAnswer& normal) {
  const std::string name = spec.value("fault", "");
  if (name == "latency") {
    state.sleep_unless_stopping(std::chrono::milliseconds(int_param(spec, "delay_ms", 2000)));
    normal(res);
  } else if (name == "rate_limit") {
    // "retry_after": null sends no Retry-After header at all.
    const auto it = spec.find("retry_after");
    const bool with_header = it == spec.end() || !it->is_null();
    const auto retry_after = static_cast<int>(int_param(spec, "retry_after", 7));
    if (style.rate_limited) {
      style.rate_limited(res, retry_after);
    } else {
      generic_body(res, "Too Many Requests");
    }
    if (with_header) {
      res.set_header("Retry-After", std::to_string(retry_after));
    } else if (res.has_header("Retry-After")) {
      res.headers.erase("Retry-After");
    }
    res.status = 429;
  } else if (name == "server_error") {
    style.server_error ? style.server_error(res) : generic_body(res, "Internal Server Error");
    res.status = 500;
  } else if (name == "unavailable") {
    style.unavailable ? style.unavailable(res) : generic_body(res, "Service Unavailable");
    res.status = 503;
  } else if (name == "bad_gateway") {
    bad_gateway(res);
  } else if (name == "reset") {
    reset(res, normal);
  } else if (name == "reset_before_body") {
    // The request was read; the connection is aborted before a byte of the answer.
    reset_connection(req);
    res.status = 500;
    res.set_header("Connection", "close");
  } else if (name == "malformed_json") {
    malformed_json(res, normal);
  } else if (name == "truncated_body") {
    truncated_body(res, normal);
  } else if (name == "redirect") {
    redirect(req, res, spec);
  } else if (name == "foreign_denial") {
    foreign_denial(res, spec);
  } else if (name == "unexpected_body") {
    unexpected_body(res);
  } else if (name == "oversized") {
    oversized(res, spec, normal);
  } else if (name == "hang") {
    hang(state, req, res, spec);
  } else {
    // Arming and fixture loading reject unknown names, so this is a bug in the emulator.
    res.status = 500;
    generic_body(res, "emulator: unknown fault");
  }
}
