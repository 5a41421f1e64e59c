#include "huggingface_routes.hpp"

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "cors.hpp"
#include "faults.hpp"

namespace {

using nlohmann::json;

// What huggingface.co sends on its API responses (observed with curl): CORS reflecting the
// Origin, this exact list of exposed headers, and a day of preflight caching. Note that
// Retry-After is not exposed: a page on another origin cannot read it.
const CorsPolicy kHfCors{
    "https://huggingface.co",
    "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,"
    "Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash",
    "86400", "GET"};

const char* const kInvalidToken = "Invalid credentials in Authorization header";
// What the Hub says when no usable Authorization header came at all.
const char* const kNoCredentials = "Invalid username or password.";

std::string hex_string(std::mt19937_64& rng, std::size_t digits) {
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) out.push_back(hex[rng() % 16]);
  return out;
}

// Stable pseudo-random ids, so a fixture's defaults are the same on every run.
std::string stable_hex(const std::string& seed, std::size_t digits) {
  std::mt19937_64 rng(std::hash<std::string>{}(seed));
  return hex_string(rng, digits);
}

// "Root=1-<epoch seconds hex>-<24 hex>", the form huggingface.co's load balancer uses.
std::string request_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08lx", static_cast<unsigned long>(std::time(nullptr)));
  return std::string("Root=1-") + epoch + "-" + hex_string(rng, 24);
}

// httplib's set_header adds another line; the Hub sends each of these once.
void replace_header(httplib::Response& res, const std::string& name, const std::string& value) {
  res.headers.erase(name);
  res.set_header(name, value);
}

// RFC 7231 IMF-fixdate: the Hub's clock, which readiness and the expired-token rule read.
std::string http_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

void hub_headers(const httplib::Request& req, httplib::Response& res, int remaining) {
  add_cors_headers(req, res, kHfCors);
  res.set_header("Date", http_date_now());
  res.set_header("X-Powered-By", "huggingface-moon");
  res.set_header("X-Request-Id", request_id());
  res.set_header("RateLimit", "\"api\";r=" + std::to_string(remaining) + ";t=300");
  res.set_header("RateLimit-Policy", "\"fixed window\";\"api\";q=500;w=300");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
}

void hub_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_header("X-Error-Message", message);
  res.set_content(json{{"error", message}}.dump(), "application/json; charset=utf-8");
}

void unauthorized(httplib::Response& res, const std::string& message) {
  res.set_header("WWW-Authenticate", "Bearer realm=\"Authentication required\", charset=\"UTF-8\"");
  hub_error(res, 401, message);
}

FaultStyle hub_fault_style() {
  FaultStyle style;
  style.rate_limited = [](httplib::Response& res, int retry_after) {
    replace_header(res, "RateLimit", "\"api\";r=0;t=" + std::to_string(retry_after));
    hub_error(res, 429,
              "You have exceeded our rate limit for api requests. Please retry later or "
              "upgrade your plan.");
  };
  style.server_error = [](httplib::Response& res) {
    hub_error(res, 500, "Internal Error - We're working hard to fix this as soon as possible!");
  };
  // A 503 comes from the load balancer in front of the Hub, as an HTML page.
  style.unavailable = [](httplib::Response& res) {
    res.set_content(
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
        "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n",
        "text/html");
  };
  return style;
}

// The whoami-v2 body with huggingface.co's fields; the fixture's own values win everywhere it
// says something.
json whoami_body(const json& entry, std::size_t index) {
  const std::string n = std::to_string(index);
  json body = {{"type", "user"},
               {"id", stable_hex("user" + n, 24)},
               {"name", "emulated-user-" + n},
               {"fullname", "Emulated User " + n},
               {"email", "emulated-user-" + n + "@example.com"},
               {"emailVerified", true},
               {"canPay", false},
               {"periodEnd", nullptr},
               {"isPro", false},
               {"avatarUrl", "/avatars/" + stable_hex("avatar" + n, 32) + ".svg"},
               {"orgs", json::array()},
               {"auth",
                {{"type", "access_token"},
                 {"accessToken",
                  {{"displayName", "emulated-token-" + n},
                   {"role", "read"},
                   {"createdAt", "2024-05-01T12:00:00.000Z"}}}}}};
  if (entry.contains("whoami")) {
    if (!entry["whoami"].is_object()) {
      throw std::invalid_argument("huggingface.tokens[" + n + "].whoami must be an object");
    }
    body.update(entry["whoami"], /*merge_objects=*/true);
  }
  for (auto& org : body["orgs"]) {
    if (!org.is_object() || !org.contains("name")) {
      throw std::invalid_argument("huggingface.tokens[" + n + "]: each org needs a name");
    }
    const std::string name = org["name"].get<std::string>();
    json filled = {{"type", "org"},
                   {"id", stable_hex("org" + name, 24)},
                   {"name", name},
                   {"fullname", name},
                   {"email", nullptr},
                   {"canPay", false},
                   {"periodEnd", nullptr},
                   {"avatarUrl", "/avatars/" + stable_hex("orgavatar" + name, 32) + ".svg"},
                   {"roleInOrg", "read"},
                   {"isEnterprise", false}};
    filled.update(org);
    org = filled;
  }
  auto& token = body["auth"]["accessToken"];
  if (token.is_object() && token.value("role", "") == "fineGrained" &&
      !token.contains("fineGrained")) {
    token["fineGrained"] = {
        {"canReadGatedRepos", false}, {"global", json::array()}, {"scoped", json::array()}};
  }
  return body;
}

struct TokenEntry {
  json fixture;  // the raw entry (its `fault` and fault parameters)
  json whoami;   // the filled body
  bool revoked = false;
};

using TokenTable = std::map<std::string, TokenEntry>;

std::shared_ptr<const TokenTable> load_tokens(const json& fixtures) {
  auto table = std::make_shared<TokenTable>();
  const auto hf = fixtures.find("huggingface");
  if (hf == fixtures.end()) return table;
  const json tokens = hf->value("tokens", json::array());
  if (!tokens.is_array()) throw std::invalid_argument("huggingface.tokens must be an array");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const json& entry = tokens[i];
    const std::string where = "huggingface.tokens[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("token") || !entry["token"].is_string()) {
      throw std::invalid_argument(where + " needs a string \"token\"");
    }
    if (entry.contains("fault") &&
        (!entry["fault"].is_string() || !is_known_fault(entry["fault"].get<std::string>()))) {
      throw std::invalid_argument(where + ": unknown fault");
    }
    TokenEntry parsed{entry, whoami_body(entry, i), entry.value("revoked", false)};
    (*table)[entry["token"].get<std::string>()] = std::move(parsed);
  }
  return table;
}

enum class Auth { kNone, kUnknown, kKnown };

// The token from "Authorization: Bearer <token>" (scheme case-insensitive, as the Hub accepts).
Auth authenticate(const httplib::Request& req, const TokenTable& tokens, const TokenEntry** found) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() < 7) return Auth::kNone;
  std::string scheme = header.substr(0, 7);
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "bearer ") return Auth::kNone;
  std::string token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(token.begin());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  const auto it = tokens.find(token);
  if (it == tokens.end()) return Auth::kUnknown;
  *found = &it->second;
  return Auth::kKnown;
}

// Answers one request: the armed or fixture fault if any, else `normal`. Common Hub headers go
// on every answer, faulty or not.
void answer(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
            const TokenEntry* entry, const NormalAnswer& normal) {
  static const FaultStyle style = hub_fault_style();
  hub_headers(req, res, 499);
  if (auto fault = fault_for(state, req, entry != nullptr ? &entry->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

void whoami(EmulatorState& state, const TokenTable& tokens, const httplib::Request& req,
            httplib::Response& res) {
  const TokenEntry* entry = nullptr;
  const Auth auth = authenticate(req, tokens, &entry);
  answer(state, req, res, entry, [&](httplib::Response& out) {
    if (auth == Auth::kNone) return unauthorized(out, kNoCredentials);
    if (auth == Auth::kUnknown || entry->revoked) return unauthorized(out, kInvalidToken);
    out.status = 200;
    out.set_content(entry->whoami.dump(), "application/json; charset=utf-8");
  });
}

// Public: answers without a token. With a bad token the Hub still refuses (401), like every
// Hub endpoint does.
void models(EmulatorState& state, const TokenTable& tokens, const httplib::Request& req,
            httplib::Response& res) {
  static const json listing =
      json::array({{{"_id", "621ffdc036468d709f174338"},
                    {"id", "openai-community/gpt2"},
                    {"likes", 2900},
                    {"downloads", 9000000},
                    {"private", false},
                    {"pipeline_tag", "text-generation"},
                    {"library_name", "transformers"},
                    {"tags", {"transformers", "pytorch", "gpt2", "text-generation"}},
                    {"createdAt", "2022-03-02T23:29:04.000Z"},
                    {"modelId", "openai-community/gpt2"}},
                   {{"_id", "621ffdc036468d709f17434d"},
                    {"id", "google-bert/bert-base-uncased"},
                    {"likes", 2100},
                    {"downloads", 50000000},
                    {"private", false},
                    {"pipeline_tag", "fill-mask"},
                    {"library_name", "transformers"},
                    {"tags", {"transformers", "pytorch", "bert", "fill-mask"}},
                    {"createdAt", "2022-03-02T23:29:04.000Z"},
                    {"modelId", "google-bert/bert-base-uncased"}}});
  const TokenEntry* entry = nullptr;
  const Auth auth = authenticate(req, tokens, &entry);
  answer(state, req, res, entry, [&](httplib::Response& out) {
    if (auth == Auth::kUnknown || (auth == Auth::kKnown && entry->revoked)) {
      return unauthorized(out, kInvalidToken);
    }
    out.status = 200;
    out.set_content(listing.dump(), "application/json; charset=utf-8");
  });
}

// GET /api/spaces/hardware as huggingface_hub's list_spaces_hardware reads it (JobHardwareInfo:
// name, prettyName, cpu, ram, accelerator, unitCostMicroUSD, unitCostUSD, unitLabel). Fixtures
// give the list as huggingface.hardware; without one, a few flavours stand in.
json hardware_list(const json& fixtures) {
  const auto hf = fixtures.find("huggingface");
  if (hf != fixtures.end() && hf->contains("hardware")) {
    const json& list = (*hf)["hardware"];
    if (!list.is_array()) throw std::invalid_argument("huggingface.hardware must be an array");
    return list;
  }
  auto flavour = [](const char* name, const char* pretty, const char* cpu, const char* ram,
                    json accelerator, int micro_usd) {
    return json{{"name", name},
                {"prettyName", pretty},
                {"cpu", cpu},
                {"ram", ram},
                {"accelerator", std::move(accelerator)},
                {"unitCostMicroUSD", micro_usd},
                {"unitCostUSD", micro_usd / 1e6},
                {"unitLabel", "minute"}};
  };
  auto gpu = [](const char* model, const char* vram) {
    return json{{"type", "gpu"},
                {"model", model},
                {"quantity", "1"},
                {"vram", vram},
                {"manufacturer", "Nvidia"}};
  };
  return json::array(
      {flavour("cpu-basic", "CPU Basic", "2 vCPU", "16 GB", nullptr, 0),
       flavour("cpu-upgrade", "CPU Upgrade", "8 vCPU", "32 GB", nullptr, 500),
       flavour("t4-small", "Nvidia T4 - small", "4 vCPU", "15 GB", gpu("T4", "16 GB"), 6667),
       flavour("a10g-small", "Nvidia A10G - small", "4 vCPU", "15 GB", gpu("A10G", "24 GB"),
               16667)});
}

void hardware(EmulatorState& state, const TokenTable& tokens, const json& list,
              const httplib::Request& req, httplib::Response& res) {
  const TokenEntry* entry = nullptr;
  const Auth auth = authenticate(req, tokens, &entry);
  answer(state, req, res, entry, [&](httplib::Response& out) {
    if (auth == Auth::kUnknown || (auth == Auth::kKnown && entry->revoked)) {
      return unauthorized(out, kInvalidToken);
    }
    out.status = 200;
    out.set_content(list.dump(), "application/json; charset=utf-8");
  });
}

}  // namespace

void add_huggingface_routes(httplib::Server& svr, EmulatorState& state) {
  const auto tokens = load_tokens(state.fixtures);
  auto whoami_handler = [&state, tokens](const httplib::Request& req, httplib::Response& res) {
    whoami(state, *tokens, req, res);
  };
  svr.Get("/api/whoami-v2", whoami_handler);
  svr.Get("/api/whoami", whoami_handler);
  svr.Get("/api/models", [&state, tokens](const httplib::Request& req, httplib::Response& res) {
    models(state, *tokens, req, res);
  });
  const auto flavours = std::make_shared<const json>(hardware_list(state.fixtures));
  svr.Get("/api/spaces/hardware",
          [&state, tokens, flavours](const httplib::Request& req, httplib::Response& res) {
            hardware(state, *tokens, *flavours, req, res);
          });
  svr.Options("/api/(whoami-v2|whoami|models|spaces/hardware)",
              [](const httplib::Request& req, httplib::Response& res) {
                answer_preflight(req, res, kHfCors);
              });

  const std::string count = "(" + std::to_string(tokens->size()) + " tokens)";
  state.announce("huggingface", "GET /api/whoami-v2 " + count);
  state.announce("huggingface", "GET /api/whoami " + count);
  state.announce("huggingface", "GET /api/models (public)");
  state.announce("huggingface", "GET /api/spaces/hardware (public, " +
                                    std::to_string(flavours->size()) + " flavours)");
  state.announce("huggingface",
                 "OPTIONS /api/whoami-v2, /api/whoami, /api/models, /api/spaces/hardware (CORS)");
}
