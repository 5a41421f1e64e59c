#include "gcp_routes.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cctype>
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "faults.hpp"
#include "gcp_compute_routes.hpp"
#include "google_http.hpp"

namespace {

using nlohmann::json;

const char* const kJwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const char* const kGoogleAudience = "https://oauth2.googleapis.com/token";
const char* const kScopePrefix = "https://www.googleapis.com/auth/";
// Google's words, as its token endpoint returns them.
const char* const kBadSignature = "Invalid JWT Signature.";
const char* const kAccountNotFound = "Invalid grant: account not found";
const char* const kBadTime =
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
    "Check your iat and exp values in the JWT claim.";
const char* const kBadAudience = "Invalid JWT: Failed audience check.";
const char* const kBadScope = "Invalid OAuth scope or ID token audience provided.";
const char* const kRefreshRevoked = "Token has been expired or revoked.";
// How far the emulator lets iat run ahead of its clock, as Google tolerates small skews.
constexpr long long kAllowedSkewSeconds = 300;
constexpr long long kTokenLifetimeSeconds = 3599;

struct PublicKeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PublicKey = std::shared_ptr<EVP_PKEY>;

struct ServiceAccountKey {
  std::string key_id;
  PublicKey public_key;
  bool deleted = false;
  bool disabled = false;
};

struct Principal {
  std::string name;                   // client email, or "user:CLIENT_ID"
  std::vector<std::string> projects;  // the projects it may read
  json fixture;                       // its fault, if any
};

struct ServiceAccount {
  Principal principal;
  bool disabled = false;
  bool deleted = false;
  std::vector<ServiceAccountKey> keys;
};

struct AuthorizedUser {
  Principal principal;
  std::string client_id;
  std::string client_secret;
  bool revoked = false;
};

struct Fixtures {
  std::map<std::string, ServiceAccount> accounts;  // by client_email
  std::map<std::string, AuthorizedUser> users;     // by refresh_token
  std::map<std::string, json> projects;            // by project id
  long long clock_offset = 0;
};

// Access tokens the emulator granted; handlers run on a pool, so guarded.
struct Grant {
  const Principal* who = nullptr;
  long long expiry = 0;
  std::string scope;  // space-separated, as the assertion asked (or the refresh grant gave)
};
struct Grants {
  std::mutex mutex;
  std::map<std::string, Grant> tokens;
};

long long emulator_now(const Fixtures& f) {
  return static_cast<long long>(std::time(nullptr)) + f.clock_offset;
}

std::string random_token() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const char* const alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out = "ya29.c.emulated-";
  for (int i = 0; i < 120; ++i) out.push_back(alphabet[rng() % 64]);
  return out;
}

PublicKey read_public_key(const std::string& pem, const std::string& where) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (key == nullptr || EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key);
    throw std::invalid_argument(where + ".public_key_pem is not an RSA public key PEM");
  }
  return PublicKey(key, PublicKeyFree{});
}

std::vector<std::string> string_list(const json& entry, const char* key, const std::string& where) {
  std::vector<std::string> out;
  const json list = entry.value(key, json::array());
  if (!list.is_array()) throw std::invalid_argument(where + "." + key + " must be an array");
  for (const auto& item : list) {
    if (!item.is_string()) throw std::invalid_argument(where + "." + key + " must hold strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

void check_fault(const json& entry, const std::string& where) {
  if (entry.contains("fault") &&
      (!entry["fault"].is_string() || !is_known_fault(entry["fault"].get<std::string>()))) {
    throw std::invalid_argument(where + ": unknown fault");
  }
}

std::shared_ptr<const Fixtures> load_fixtures(const json& all) {
  auto f = std::make_shared<Fixtures>();
  const auto gcp = all.find("gcp");
  if (gcp == all.end()) return f;
  if (!gcp->is_object()) throw std::invalid_argument("gcp must be an object");
  f->clock_offset = gcp->value("clock_offset_seconds", 0LL);
  const json accounts = gcp->value("service_accounts", json::array());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const json& entry = accounts[i];
    const std::string where = "gcp.service_accounts[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("client_email") ||
        !entry["client_email"].is_string()) {
      throw std::invalid_argument(where + " needs a string \"client_email\"");
    }
    check_fault(entry, where);
    ServiceAccount account;
    account.principal.name = entry["client_email"].get<std::string>();
    account.principal.projects = string_list(entry, "projects", where);
    account.principal.fixture = entry;
    account.disabled = entry.value("disabled", false);
    account.deleted = entry.value("deleted", false);
    const json keys = entry.value("keys", json::array());
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string key_where = where + ".keys[" + std::to_string(k) + "]";
      const json& key = keys[k];
      if (!key.is_object() || !key.contains("key_id") || !key.contains("public_key_pem")) {
        throw std::invalid_argument(key_where + " needs \"key_id\" and \"public_key_pem\"");
      }
      account.keys.push_back({key["key_id"].get<std::string>(),
                              read_public_key(key["public_key_pem"].get<std::string>(), key_where),
                              key.value("deleted", false), key.value("disabled", false)});
    }
    f->accounts[account.principal.name] = std::move(account);
  }
  const json users = gcp->value("authorized_users", json::array());
  for (std::size_t i = 0; i < users.size(); ++i) {
    const json& entry = users[i];
    const std::string where = "gcp.authorized_users[" + std::to_string(i) + "]";
    for (const char* key : {"client_id", "client_secret", "refresh_token"}) {
      if (!entry.is_object() || !entry.contains(key) || !entry[key].is_string()) {
        throw std::invalid_argument(where + " needs a string \"" + key + "\"");
      }
    }
    check_fault(entry, where);
    AuthorizedUser user;
    user.client_id = entry["client_id"].get<std::string>();
    user.client_secret = entry["client_secret"].get<std::string>();
    user.revoked = entry.value("revoked", false);
    user.principal.name = "user:" + user.client_id;
    user.principal.projects = string_list(entry, "projects", where);
    user.principal.fixture = entry;
    f->users[entry["refresh_token"].get<std::string>()] = std::move(user);
  }
  const json projects = gcp->value("projects", json::array());
  for (std::size_t i = 0; i < projects.size(); ++i) {
    const json& entry = projects[i];
    const std::string where = "gcp.projects[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("project_id") || !entry["project_id"].is_string()) {
      throw std::invalid_argument(where + " needs a string \"project_id\"");
    }
    const std::string id = entry["project_id"].get<std::string>();
    const std::string number = entry.value("number", std::to_string(100000000000ULL + i * 7919));
    f->projects[id] = {{"name", "projects/" + number},
                       {"parent", entry.value("parent", "organizations/433637338589")},
                       {"projectId", id},
                       {"state", entry.value("state", "ACTIVE")},
                       {"displayName", entry.value("display_name", id)},
                       {"createTime", "2024-03-11T09:21:44.718Z"},
                       {"updateTime", "2024-03-11T09:21:46.305Z"},
                       {"etag", "W/\"" + number.substr(0, 8) + "0a1b2c3d\""}};
  }
  return f;
}

// ---- HTTP details ----

void token_headers(httplib::Response& res) {
  res.set_header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
  res.set_header("Pragma", "no-cache");
  res.set_header("Expires", "Mon, 01 Jan 1990 00:00:00 GMT");
  res.set_header("Server", "scaffolding on HTTPServer2");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("X-XSS-Protection", "0");
}

void oauth_error(httplib::Response& res, int status, const std::string& error,
                 const std::string& description) {
  res.status = status;
  res.set_content(json{{"error", error}, {"error_description", description}}.dump(2),
                  "application/json; charset=utf-8");
}

std::optional<std::string> percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%') {
      if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const std::string pair = body.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value = percent_decode(eq == std::string::npos ? "" : pair.substr(eq + 1));
    if (name && value && !name->empty()) out.emplace(*name, *value);
    start = end + 1;
  }
  return out;
}

std::optional<std::string> base64url_decode(const std::string& text) {
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    int digit;
    if (c >= 'A' && c <= 'Z')
      digit = c - 'A';
    else if (c >= 'a' && c <= 'z')
      digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      digit = c - '0' + 52;
    else if (c == '-')
      digit = 62;
    else if (c == '_')
      digit = 63;
    else
      return std::nullopt;
    value = (value << 6) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xff));
    }
  }
  return out;
}

// A string member, or "" when absent or of another type (value() would throw on a type mismatch).
std::string text_member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool verify_rs256(const PublicKey& key, const std::string& data, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

// ---- the token endpoint ----

struct Outcome {
  const Principal* principal = nullptr;  // set when a token is granted
  std::string scope;                     // the scope granted
  int status = 0;
  std::string error;
  std::string description;
};

Outcome refuse(int status, const std::string& error, const std::string& description,
               const Principal* who = nullptr) {
  Outcome o;
  o.status = status;
  o.error = error;
  o.description = description;
  o.principal = who;
  return o;
}

// Verifies a jwt-bearer assertion the way Google does; `principal` is set for fault lookup even
// when the answer is a refusal.
Outcome jwt_bearer(const Fixtures& f, const httplib::Request& req, const std::string& assertion,
                   const Principal** matched) {
  const std::size_t dot1 = assertion.find('.');
  const std::size_t dot2 = dot1 == std::string::npos ? dot1 : assertion.find('.', dot1 + 1);
  if (dot2 == std::string::npos || assertion.find('.', dot2 + 1) != std::string::npos) {
    return refuse(400, "invalid_grant", kBadSignature);
  }
  auto header_text = base64url_decode(assertion.substr(0, dot1));
  auto claims_text = base64url_decode(assertion.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(assertion.substr(dot2 + 1));
  const json header = header_text ? json::parse(*header_text, nullptr, false) : json();
  const json claims = claims_text ? json::parse(*claims_text, nullptr, false) : json();
  if (!signature || !header.is_object() || !claims.is_object() ||
      text_member(header, "alg") != "RS256") {
    return refuse(400, "invalid_grant", kBadSignature);
  }
  const std::string issuer = text_member(claims, "iss");
  const auto account = f.accounts.find(issuer);
  if (account == f.accounts.end() || account->second.deleted || account->second.disabled) {
    return refuse(400, "invalid_grant", kAccountNotFound);
  }
  *matched = &account->second.principal;
  // The key named by kid when there is one, else any key of the account; deleted and disabled
  // keys verify nothing.
  const std::string kid = text_member(header, "kid");
  const std::string signing_input = assertion.substr(0, dot2);
  bool verified = false;
  for (const auto& key : account->second.keys) {
    if (key.deleted || key.disabled || (!kid.empty() && key.key_id != kid)) continue;
    if (verify_rs256(key.public_key, signing_input, *signature)) verified = true;
  }
  if (!verified) return refuse(400, "invalid_grant", kBadSignature, *matched);

  const std::string audience = text_member(claims, "aud");
  const std::string own = "http://" + req.get_header_value("Host") + "/token";
  if (audience != kGoogleAudience && audience != own) {
    return refuse(400, "invalid_grant", kBadAudience, *matched);
  }
  const json iat = claims.value("iat", json());
  const json exp = claims.value("exp", json());
  if (!iat.is_number_integer() || !exp.is_number_integer()) {
    return refuse(400, "invalid_grant", kBadTime, *matched);
  }
  const long long issued = iat.get<long long>(), expires = exp.get<long long>();
  const long long now = emulator_now(f);
  if (expires <= issued || expires - issued > 3600 || issued > now + kAllowedSkewSeconds ||
      expires < now - kAllowedSkewSeconds) {
    return refuse(400, "invalid_grant", kBadTime, *matched);
  }
  const std::string scope = text_member(claims, "scope");
  bool scope_ok = !scope.empty();
  std::size_t start = 0;
  while (scope_ok && start < scope.size()) {
    std::size_t end = scope.find(' ', start);
    if (end == std::string::npos) end = scope.size();
    const std::string one = scope.substr(start, end - start);
    scope_ok = one.rfind(kScopePrefix, 0) == 0 && one.size() > std::string(kScopePrefix).size();
    start = end + 1;
  }
  if (!scope_ok) return refuse(400, "invalid_scope", kBadScope, *matched);
  Outcome granted;
  granted.principal = *matched;
  granted.scope = scope;
  granted.status = 200;
  return granted;
}

// What gcloud's application-default login grants.
const char* const kRefreshScope =
    "https://www.googleapis.com/auth/cloud-platform openid "
    "https://www.googleapis.com/auth/userinfo.email";

Outcome refresh_grant(const Fixtures& f, const std::map<std::string, std::string>& form,
                      const Principal** matched) {
  const auto get = [&](const char* key) {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  };
  const auto user = f.users.find(get("refresh_token"));
  bool client_known = false;
  for (const auto& entry : f.users) {
    client_known = client_known || entry.second.client_id == get("client_id");
  }
  if (!client_known) return refuse(401, "invalid_client", "The OAuth client was not found.");
  if (user == f.users.end()) return refuse(400, "invalid_grant", "Bad Request");
  *matched = &user->second.principal;
  if (user->second.client_id != get("client_id")) {
    return refuse(401, "unauthorized_client", "Unauthorized", *matched);
  }
  if (user->second.client_secret != get("client_secret")) {
    return refuse(401, "invalid_client", "Unauthorized", *matched);
  }
  if (user->second.revoked) return refuse(400, "invalid_grant", kRefreshRevoked, *matched);
  Outcome granted;
  granted.principal = *matched;
  granted.scope = kRefreshScope;
  granted.status = 200;
  return granted;
}

void token_endpoint(EmulatorState& state, const Fixtures& f, Grants& grants,
                    const httplib::Request& req, httplib::Response& res) {
  static const FaultStyle style = google_fault_style();
  google_cors(req, res);
  token_headers(res);
  const auto form = form_fields(req.body);
  const auto grant = form.find("grant_type");
  const Principal* matched = nullptr;
  Outcome outcome;
  if (grant == form.end() || grant->second.empty()) {
    outcome = refuse(400, "unsupported_grant_type", "Invalid grant_type: ");
  } else if (grant->second == kJwtBearer) {
    const auto assertion = form.find("assertion");
    outcome = assertion == form.end()
                  ? refuse(400, "invalid_request", "Missing required parameter: assertion")
                  : jwt_bearer(f, req, assertion->second, &matched);
  } else if (grant->second == "refresh_token") {
    outcome = refresh_grant(f, form, &matched);
  } else {
    outcome = refuse(400, "unsupported_grant_type", "Invalid grant_type: " + grant->second);
  }
  const NormalAnswer normal = [&](httplib::Response& out) {
    if (outcome.status != 200)
      return oauth_error(out, outcome.status, outcome.error, outcome.description);
    const std::string token = random_token();
    {
      std::lock_guard<std::mutex> lock(grants.mutex);
      grants.tokens[token] = {outcome.principal, emulator_now(f) + kTokenLifetimeSeconds,
                              outcome.scope};
    }
    out.status = 200;
    json body = {
        {"access_token", token}, {"expires_in", kTokenLifetimeSeconds}, {"token_type", "Bearer"}};
    if (grant->second == "refresh_token") body["scope"] = kRefreshScope;
    out.set_content(body.dump(2), "application/json; charset=utf-8");
  };
  if (auto fault = fault_for(state, req, matched != nullptr ? &matched->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

// ---- Cloud Resource Manager v3 ----

void project_get(EmulatorState& state, const Fixtures& f, Grants& grants,
                 const httplib::Request& req, httplib::Response& res) {
  static const FaultStyle style = google_fault_style();
  google_cors(req, res);
  const std::string id = req.matches.size() > 1 ? req.matches[1].str() : "";
  const std::string header = req.get_header_value("Authorization");
  const Principal* who = nullptr;
  if (header.rfind("Bearer ", 0) == 0) {
    std::lock_guard<std::mutex> lock(grants.mutex);
    const auto it = grants.tokens.find(header.substr(7));
    if (it != grants.tokens.end() && it->second.expiry > emulator_now(f)) who = it->second.who;
  }
  const NormalAnswer normal = [&](httplib::Response& out) {
    if (who == nullptr) {
      out.set_header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
      return api_error(
          out, 401,
          "Request had invalid authentication credentials. Expected OAuth 2 access "
          "token, login cookie or other valid authentication credential. See "
          "https://developers.google.com/identity/sign-in/web/devconsole-project.",
          "UNAUTHENTICATED",
          json::array({{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                        {"reason",
                         header.empty() ? "CREDENTIALS_MISSING" : "ACCESS_TOKEN_TYPE_UNSUPPORTED"},
                        {"domain", "googleapis.com"},
                        {"metadata",
                         {{"service", "cloudresourcemanager.googleapis.com"},
                          {"method", "google.cloud.resourcemanager.v3.Projects.GetProject"}}}}}));
    }
    const auto project = f.projects.find(id);
    bool allowed = false;
    for (const auto& p : who->projects) allowed = allowed || p == id;
    if (project == f.projects.end() || !allowed) {
      // Google gives the same 403 whether the project is missing or refused, so that project
      // IDs cannot be probed.
      const std::string resource = "projects/" + id;
      return api_error(
          out, 403,
          "Permission 'resourcemanager.projects.get' denied on resource "
          "'//cloudresourcemanager.googleapis.com/" +
              resource + "' (or it may not exist).",
          "PERMISSION_DENIED",
          json::array(
              {{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                {"reason", "IAM_PERMISSION_DENIED"},
                {"domain", "cloudresourcemanager.googleapis.com"},
                {"metadata",
                 {{"permission", "resourcemanager.projects.get"}, {"resource", resource}}}}}));
    }
    out.status = 200;
    out.set_content(project->second.dump(2), "application/json; charset=UTF-8");
  };
  if (auto fault = fault_for(state, req, who != nullptr ? &who->fixture : nullptr)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

}  // namespace

void add_gcp_routes(httplib::Server& svr, EmulatorState& state) {
  const auto fixtures = load_fixtures(state.fixtures);
  const auto grants = std::make_shared<Grants>();
  svr.Post("/token",
           [&state, fixtures, grants](const httplib::Request& req, httplib::Response& res) {
             token_endpoint(state, *fixtures, *grants, req, res);
           });
  svr.Get(R"(/v3/projects/([^/]+))",
          [&state, fixtures, grants](const httplib::Request& req, httplib::Response& res) {
            project_get(state, *fixtures, *grants, req, res);
          });
  svr.Options(
      R"(/token|/v3/projects/[^/]+)",
      [](const httplib::Request& req, httplib::Response& res) { google_preflight(req, res); });
  GcpDirectory directory;
  directory.caller = [fixtures, grants](const std::string& header) -> std::optional<GcpCaller> {
    if (header.rfind("Bearer ", 0) != 0) return std::nullopt;
    std::lock_guard<std::mutex> lock(grants->mutex);
    const auto it = grants->tokens.find(header.substr(7));
    if (it == grants->tokens.end() || it->second.expiry <= emulator_now(*fixtures)) {
      return std::nullopt;
    }
    const Principal* who = it->second.who;
    return GcpCaller{&who->fixture, who->name, who->projects, it->second.scope};
  };
  directory.project_number = [fixtures](const std::string& project) -> std::optional<std::string> {
    const auto it = fixtures->projects.find(project);
    if (it == fixtures->projects.end()) return std::nullopt;
    return it->second["name"].get<std::string>().substr(9);  // "projects/NUMBER"
  };
  add_gcp_compute_routes(svr, state, std::move(directory));
  state.announce("gcp", "POST /token (jwt-bearer, refresh_token; " +
                            std::to_string(fixtures->accounts.size()) + " service accounts, " +
                            std::to_string(fixtures->users.size()) + " authorized users)");
  state.announce(
      "gcp", "GET /v3/projects/{id} (" + std::to_string(fixtures->projects.size()) + " projects)");
  state.announce("gcp", "OPTIONS /token, /v3/projects/{id} (CORS)");
}
