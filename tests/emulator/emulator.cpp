#include "emulator.hpp"

#include <utility>

EmulatorState::EmulatorState(nlohmann::json fixtures_json)
    : fixtures(std::move(fixtures_json)),
      started(std::chrono::steady_clock::now()),
      last_request_(started) {}

std::optional<nlohmann::json> EmulatorState::take_armed_fault(const std::string& path,
                                                              const std::string& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = armed_.begin(); it != armed_.end(); ++it) {
    if (it->path != path) continue;
    if (!it->body_contains.empty() && body.find(it->body_contains) == std::string::npos) continue;
    nlohmann::json spec = it->spec;
    if (--it->remaining <= 0) armed_.erase(it);
    return spec;
  }
  return std::nullopt;
}

void EmulatorState::arm_fault(ArmedFault fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  armed_.push_back(std::move(fault));
}

void EmulatorState::clear_faults() {
  std::lock_guard<std::mutex> lock(mutex_);
  armed_.clear();
}

void EmulatorState::record_request(const httplib::Request& req) {
  nlohmann::json header_names = nlohmann::json::array();
  for (const auto& header : req.headers) {
    // httplib files the socket addresses among the headers; the client never sent them.
    const std::string& name = header.first;
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    header_names.push_back(name);
  }
  nlohmann::json query_names = nlohmann::json::array();
  for (const auto& param : req.params) query_names.push_back(param.first);
  const auto now = std::chrono::steady_clock::now();
  const auto t_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count();

  std::lock_guard<std::mutex> lock(mutex_);
  last_request_ = now;
  log_.push_back({{"seq", next_seq_++},
                  {"method", req.method},
                  {"path", req.path},
                  {"query_names", std::move(query_names)},
                  {"header_names", std::move(header_names)},
                  {"t_ms", t_ms}});
}

nlohmann::json EmulatorState::request_log() {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

void EmulatorState::clear_request_log() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_ = nlohmann::json::array();
}

std::chrono::steady_clock::time_point EmulatorState::last_request() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_request_;
}

bool EmulatorState::sleep_unless_stopping(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !stop_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void EmulatorState::request_stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
}

bool EmulatorState::is_stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void EmulatorState::announce(const std::string& provider, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  announcements_.push_back("  " + provider + ": " + what);
}

std::vector<std::string> EmulatorState::announcements() {
  std::lock_guard<std::mutex> lock(mutex_);
  return announcements_;
}
