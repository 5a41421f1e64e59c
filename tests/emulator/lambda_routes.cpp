#include "lambda_routes.hpp"

#include <cctype>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "faults.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kInstancesPath = "/api/v1/instances";
constexpr const char* kInstanceTypesPath = "/api/v1/instance-types";
constexpr const char* kSshKeysPath = "/api/v1/ssh-keys";

// Lambda's error envelope. The codes, messages and suggestions of 401 and 403 are the ones in
// Lambda's OpenAPI spec (ApiErrorUnauthorized, ApiErrorAccountInactive).
void lambda_error(httplib::Response& res, int status, const std::string& code,
                  const std::string& message, const std::string& suggestion) {
  res.status = status;
  json error = {{"code", code}, {"message", message}};
  if (!suggestion.empty()) error["suggestion"] = suggestion;
  res.set_content(json{{"error", error}}.dump(), "application/json");
}

void invalid_key(httplib::Response& res) {
  lambda_error(res, 401, "global/invalid-api-key", "API key was invalid, expired, or deleted.",
               "Check your API key or create a new one, then try again.");
}

void account_inactive(httplib::Response& res) {
  lambda_error(res, 403, "global/account-inactive", "Your account is inactive.",
               "Make sure you have verified your email address and have a valid payment method. "
               "Contact Support if problems continue.");
}

// Lambda documents the one-request-per-second limit but not the body of its 429; this one uses
// its error envelope with a code of our own. Probes must rely on the status and Retry-After only.
void too_many_requests(httplib::Response& res, int retry_after_s) {
  lambda_error(res, 429, "global/too-many-requests", "Too many requests.",
               "Wait " + std::to_string(retry_after_s) + " second(s), then try again.");
}

FaultStyle lambda_fault_style() {
  FaultStyle style;
  style.rate_limited = too_many_requests;
  style.server_error = [](httplib::Response& res) {
    lambda_error(res, 500, "global/internal-error", "An internal error occurred.",
                 "Try again shortly. Contact Support if problems continue.");
  };
  // The upstream-provider error Lambda's API reference shows as its example.
  style.unavailable = [](httplib::Response& res) {
    lambda_error(res, 503, "provider/internal-unavailable", "Provider unavailable",
                 "Try again shortly");
  };
  return style;
}

std::string stable_hex(const std::string& seed, std::size_t digits) {
  static const char* const hex = "0123456789abcdef";
  std::mt19937_64 rng(std::hash<std::string>{}(seed));
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) out.push_back(hex[rng() % 16]);
  return out;
}

// One instance as GET /api/v1/instances lists it (Lambda's OpenAPI Instance schema); the
// fixture's own values win everywhere it says something.
json instance_body(const json& given, const std::string& where) {
  if (!given.is_object()) throw std::invalid_argument(where + " must be an object");
  const std::string id = stable_hex(where, 32);
  const std::string token = stable_hex(where + "jupyter", 32);
  json body = {
      {"id", id},
      {"ip", "198.51.100." + std::to_string(std::hash<std::string>{}(where) % 250 + 2)},
      {"private_ip", "10.19.60.24"},
      {"status", "active"},
      {"ssh_key_names", json::array({"emulated-key"})},
      {"file_system_names", json::array()},
      {"region", {{"name", "us-east-1"}, {"description", "Virginia, USA"}}},
      {"instance_type",
       {{"name", "gpu_1x_a10"},
        {"description", "1x A10 (24 GB PCIe)"},
        {"gpu_description", "A10 (24 GB PCIe)"},
        {"price_cents_per_hour", 75},
        {"specs", {{"vcpus", 30}, {"memory_gib", 200}, {"storage_gib", 1400}, {"gpus", 1}}}}},
      {"hostname", "198-51-100-2.cloud.lambda.ai"},
      {"jupyter_token", token},
      {"jupyter_url", "https://jupyter-" + id.substr(0, 8) + ".lambdaspaces.com/?token=" + token},
      {"actions",
       {{"migrate",
         {{"available", false},
          {"reason_code", "not_supported"},
          {"reason_description", "Migration is not supported for this instance."}}},
        {"rebuild",
         {{"available", false},
          {"reason_code", "not_supported"},
          {"reason_description", "Rebuild is not supported for this instance."}}},
        {"restart", {{"available", true}}},
        {"cold_reboot",
         {{"available", false},
          {"reason_code", "not_supported"},
          {"reason_description", "Cold reboot is not supported."}}},
        {"terminate", {{"available", true}}}}}};
  body.update(given, /*merge_objects=*/true);
  return body;
}

// Where a region code is, as Lambda describes its regions.
std::string region_description(const std::string& code) {
  static const std::map<std::string, std::string> known = {
      {"us-east-1", "Virginia, USA"},      {"us-west-1", "California, USA"},
      {"us-west-2", "Arizona, USA"},       {"us-south-1", "Texas, USA"},
      {"us-midwest-1", "Illinois, USA"},   {"europe-central-1", "Germany"},
      {"asia-northeast-1", "Tokyo, Japan"}};
  const auto it = known.find(code);
  return it == known.end() ? "Region " + code : it->second;
}

// One entry of GET /api/v1/instance-types's `data` map (Lambda's OpenAPI InstanceTypesItem):
// {"regions": [codes with capacity now], ...instance_type fields that override the defaults}.
json instance_type_item(const std::string& name, const json& given, const std::string& where) {
  if (!given.is_object()) throw std::invalid_argument(where + " must be an object");
  const json regions = given.value("regions", json::array());
  if (!regions.is_array()) throw std::invalid_argument(where + ".regions must be an array");
  json available = json::array();
  for (const auto& region : regions) {
    if (!region.is_string()) throw std::invalid_argument(where + ".regions must hold strings");
    const std::string code = region.get<std::string>();
    available.push_back({{"name", code}, {"description", region_description(code)}});
  }
  json type = {{"name", name},
               {"description", "1x Emulated GPU (" + name + ")"},
               {"gpu_description", "Emulated GPU"},
               {"price_cents_per_hour", 129},
               {"specs", {{"vcpus", 30}, {"memory_gib", 200}, {"storage_gib", 512}, {"gpus", 1}}}};
  for (const auto& [key, value] : given.items()) {
    if (key != "regions") type[key] = value;
  }
  return {{"instance_type", type}, {"regions_with_capacity_available", available}};
}

// One SSH key as GET /api/v1/ssh-keys lists it (Lambda's OpenAPI SSHKey); the public key is an
// obviously fake ed25519 line.
json ssh_key_body(const std::string& name, const std::string& where) {
  return {{"id", stable_hex(where, 32)},
          {"name", name},
          {"public_key",
           "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + stable_hex(where + "pub", 43) + " " + name}};
}

struct KeyEntry {
  json fixture;  // the raw entry (its `fault` and fault parameters)
  json instances = json::array();
  json ssh_keys = json::array();
  bool revoked = false;
  bool inactive = false;
};

struct LambdaConfig {
  std::map<std::string, KeyEntry> keys;
  json instance_types = json::object();  // the same for every key: capacity is Lambda's
  bool limit = true;
  std::chrono::milliseconds interval{1000};
};

std::shared_ptr<const LambdaConfig> load_config(const json& fixtures) {
  auto config = std::make_shared<LambdaConfig>();
  const auto lambda = fixtures.find("lambda");
  if (lambda == fixtures.end()) return config;
  if (!lambda->is_object()) throw std::invalid_argument("lambda must be an object");
  const json limit = lambda->value("rate_limit", json(true));
  if (limit.is_boolean()) {
    config->limit = limit.get<bool>();
  } else if (limit.is_object() && limit.value("interval_ms", json(1000)).is_number_integer() &&
             limit.value("interval_ms", 1000) > 0) {
    config->interval = std::chrono::milliseconds(limit.value("interval_ms", 1000));
  } else {
    throw std::invalid_argument("lambda.rate_limit must be true, false or {\"interval_ms\": N}");
  }
  const json keys = lambda->value("keys", json::array());
  if (!keys.is_array()) throw std::invalid_argument("lambda.keys must be an array");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const json& entry = keys[i];
    const std::string where = "lambda.keys[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("key") || !entry["key"].is_string() ||
        entry["key"].get<std::string>().empty()) {
      throw std::invalid_argument(where + " needs a string \"key\"");
    }
    if (entry.contains("fault") &&
        (!entry["fault"].is_string() || !is_known_fault(entry["fault"].get<std::string>()))) {
      throw std::invalid_argument(where + ": unknown fault");
    }
    KeyEntry parsed;
    parsed.fixture = entry;
    parsed.revoked = entry.value("revoked", false);
    parsed.inactive = entry.value("account_inactive", false);
    const json instances = entry.value("instances", json::array());
    if (!instances.is_array()) throw std::invalid_argument(where + ".instances must be an array");
    for (std::size_t j = 0; j < instances.size(); ++j) {
      parsed.instances.push_back(
          instance_body(instances[j], where + ".instances[" + std::to_string(j) + "]"));
    }
    const json ssh_keys = entry.value("ssh_keys", json::array());
    if (!ssh_keys.is_array()) throw std::invalid_argument(where + ".ssh_keys must be an array");
    for (std::size_t j = 0; j < ssh_keys.size(); ++j) {
      if (!ssh_keys[j].is_string())
        throw std::invalid_argument(where + ".ssh_keys must hold key names");
      parsed.ssh_keys.push_back(ssh_key_body(ssh_keys[j].get<std::string>(),
                                             where + ".ssh_keys[" + std::to_string(j) + "]"));
    }
    config->keys[entry["key"].get<std::string>()] = std::move(parsed);
  }
  const json types = lambda->value("instance_types", json::object());
  if (!types.is_object()) throw std::invalid_argument("lambda.instance_types must be an object");
  for (const auto& [name, given] : types.items()) {
    config->instance_types[name] = instance_type_item(name, given, "lambda.instance_types." + name);
  }
  return config;
}

// Standard base64 (with or without padding); empty optional-like result on bad input.
bool base64_decode(const std::string& text, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  unsigned buffer = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    const int v = value(text[i]);
    if (v < 0) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  for (; i < text.size(); ++i) {
    if (text[i] != '=') return false;
  }
  return true;
}

std::string trim(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// The key from "Authorization: Bearer <key>", or from "Authorization: Basic base64(<key>:)" as
// `curl -u '<key>:'` sends it (Lambda documents the key as the user name with an empty password;
// what it does with a non-empty password is not documented, so the password is ignored here).
// Empty when no usable header came.
std::string presented_key(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const auto space = header.find(' ');
  if (space == std::string::npos) return {};
  std::string scheme = header.substr(0, space);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string credentials = trim(header.substr(space + 1));
  if (scheme == "bearer") return credentials;
  if (scheme == "basic") {
    std::string decoded;
    if (!base64_decode(credentials, decoded)) return {};
    const auto colon = decoded.find(':');
    return colon == std::string::npos ? std::string() : decoded.substr(0, colon);
  }
  return {};
}

// One request per `interval` per key: a request that comes sooner is refused, and refused
// requests do not move the window.
class Limiter {
 public:
  explicit Limiter(std::chrono::milliseconds interval) : interval_(interval) {}

  // 0 when admitted, else the whole seconds to wait (at least 1).
  int admit(const std::string& key) {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = last_.find(key);
    if (it != last_.end() && now - it->second < interval_) {
      const auto wait =
          std::chrono::duration_cast<std::chrono::milliseconds>(interval_ - (now - it->second));
      return static_cast<int>((wait.count() + 999) / 1000);
    }
    last_[key] = now;
    return 0;
  }

 private:
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::map<std::string, Clock::time_point> last_;
};

// What a valid key's account answers on one path.
using AccountAnswer = std::function<json(const KeyEntry&, const LambdaConfig&)>;

// Every Lambda route: the per-key limiter, the key, the fault, then the account's answer.
void serve(EmulatorState& state, const LambdaConfig& config, Limiter& limiter,
           const AccountAnswer& data, const httplib::Request& req, httplib::Response& res) {
  static const FaultStyle style = lambda_fault_style();
  const std::string key = presented_key(req);
  if (config.limit && !key.empty()) {
    if (const int wait = limiter.admit(key)) {
      too_many_requests(res, wait);
      res.set_header("Retry-After", std::to_string(wait));
      return;
    }
  }
  const auto found = key.empty() ? config.keys.end() : config.keys.find(key);
  const KeyEntry* entry = found == config.keys.end() ? nullptr : &found->second;
  const NormalAnswer normal = [entry, &config, &data](httplib::Response& out) {
    if (entry == nullptr || entry->revoked) return invalid_key(out);
    if (entry->inactive) return account_inactive(out);
    out.status = 200;
    out.set_content(json{{"data", data(*entry, config)}}.dump(), "application/json");
  };
  if (auto fault = fault_for(state, req, entry != nullptr ? &entry->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

}  // namespace

void add_lambda_routes(httplib::Server& svr, EmulatorState& state) {
  const auto config = load_config(state.fixtures);
  auto limiter = std::make_shared<Limiter>(config->interval);
  const std::vector<std::pair<const char*, AccountAnswer>> routes = {
      {kInstancesPath, [](const KeyEntry& entry, const LambdaConfig&) { return entry.instances; }},
      {kInstanceTypesPath, [](const KeyEntry&, const LambdaConfig& c) { return c.instance_types; }},
      {kSshKeysPath, [](const KeyEntry& entry, const LambdaConfig&) { return entry.ssh_keys; }},
  };
  for (const auto& [path, data] : routes) {
    svr.Get(path, [&state, config, limiter, answer = data](const httplib::Request& req,
                                                           httplib::Response& res) {
      serve(state, *config, *limiter, answer, req, res);
    });
    // Lambda is not known to answer cross-origin requests: a preflight gets no CORS headers, so
    // a browser refuses the request and the page must use a relay.
    svr.Options(path, [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "GET");
    });
  }

  const std::string limit =
      config->limit ? "one request per " + std::to_string(config->interval.count()) + " ms per key"
                    : "no rate limit";
  state.announce("lambda", std::string("GET ") + kInstancesPath + ", " + kInstanceTypesPath + " (" +
                               std::to_string(config->instance_types.size()) + " types), " +
                               kSshKeysPath + " (" + std::to_string(config->keys.size()) +
                               " keys, " + limit + ", shared by the three paths)");
  state.announce("lambda", "OPTIONS on each (405, no CORS)");
}
