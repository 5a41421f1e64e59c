#include "azure_routes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "arm_compute_routes.hpp"
#include "cors.hpp"
#include "faults.hpp"

namespace {

using nlohmann::json;

// ---- small encodings (the emulator does not link the credprobe core it tests) ----

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string base64url(const std::string& bytes) {
  static const char* const alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
  }
  return out;
}

std::string base64url_decode(const std::string& text, bool& ok) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  ok = true;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-')
      v = 62;
    else if (c == '_')
      v = 63;
    else {
      ok = false;
      return {};
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

// application/x-www-form-urlencoded, as Entra reads token request bodies.
std::map<std::string, std::string> parse_form(const std::string& body) {
  auto decode = [](const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '+') {
        out += ' ';
      } else if (text[i] == '%' && i + 2 < text.size() &&
                 std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const std::string pair = body.substr(start, end - start);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      const std::string name = decode(pair.substr(0, eq));
      // The first value wins, and a repeated parameter is refused below as Entra does.
      if (!fields.count(name))
        fields[name] = eq == std::string::npos ? "" : decode(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return fields;
}

std::string random_guid() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += hex[rng() % 16];
  }
  return out;
}

std::string random_text(size_t length) {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += alphabet[rng() % alphabet.size()];
  return out;
}

// "2023-06-07 08:06:56Z", the form of Entra's timestamp field.
std::string entra_timestamp(std::time_t when) {
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &utc);
  return text;
}

bool is_guid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

bool is_dns_name(const std::string& text) {
  if (text.find('.') == std::string::npos) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

// ---- fixtures ----

struct Tenant {
  std::string id;  // lower-case GUID
  std::vector<std::string> domains;
  std::string display_name;
  std::string region_scope;
};

struct Subscription {
  std::string id;
  std::string name;
  std::string state;
  std::string tenant;
};

struct Principal {
  json fixture;  // the raw entry: its `fault` and fault parameters
  std::string tenant;
  std::string client_id;
  std::string secret;
  std::string display_name;
  std::string object_id;
  std::vector<std::string> roles;
  std::vector<std::string> subscriptions;
  bool secret_expired = false;
  bool conditional_access_block = false;
  std::string fault_on = "token";
};

struct Directory {
  std::vector<Tenant> tenants;
  std::map<std::string, Subscription> subscriptions;  // by lower-case id
  std::vector<Principal> principals;
  std::string signing_key;  // HS256 key for the access tokens, made at start-up

  const Tenant* tenant(const std::string& id_or_domain) const {
    const std::string wanted = lower(id_or_domain);
    for (const auto& t : tenants) {
      if (t.id == wanted) return &t;
      for (const auto& d : t.domains) {
        if (lower(d) == wanted) return &t;
      }
    }
    return nullptr;
  }
  const Principal* principal(const std::string& tenant_id, const std::string& client_id) const {
    for (const auto& p : principals) {
      if (p.tenant == tenant_id && p.client_id == lower(client_id)) return &p;
    }
    return nullptr;
  }
};

std::string string_member(const json& entry, const char* key, const std::string& where,
                          bool required, const std::string& fallback = "") {
  const auto it = entry.find(key);
  if (it == entry.end()) {
    if (required) throw std::invalid_argument(where + " needs a string \"" + key + "\"");
    return fallback;
  }
  if (!it->is_string()) throw std::invalid_argument(where + "." + key + " must be a string");
  return it->get<std::string>();
}

std::vector<std::string> string_list(const json& entry, const char* key, const std::string& where) {
  std::vector<std::string> out;
  const auto it = entry.find(key);
  if (it == entry.end()) return out;
  if (!it->is_array()) throw std::invalid_argument(where + "." + key + " must be an array");
  for (const auto& item : *it) {
    if (!item.is_string()) throw std::invalid_argument(where + "." + key + " must hold strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::shared_ptr<const Directory> load_directory(const json& fixtures) {
  auto dir = std::make_shared<Directory>();
  unsigned char key[32];
  if (RAND_bytes(key, sizeof key) != 1) throw std::runtime_error("no randomness for the key");
  dir->signing_key.assign(reinterpret_cast<const char*>(key), sizeof key);
  const auto azure = fixtures.find("azure");
  if (azure == fixtures.end()) return dir;
  if (!azure->is_object()) throw std::invalid_argument("azure must be an object");

  const json tenants = azure->value("tenants", json::array());
  for (size_t i = 0; i < tenants.size(); ++i) {
    const std::string where = "azure.tenants[" + std::to_string(i) + "]";
    const json& entry = tenants[i];
    Tenant t;
    t.id = lower(string_member(entry, "id", where, true));
    if (!is_guid(t.id)) throw std::invalid_argument(where + ".id must be a GUID");
    t.domains = string_list(entry, "domains", where);
    t.display_name = string_member(entry, "display_name", where, false, "Default Directory");
    t.region_scope = string_member(entry, "region_scope", where, false, "NA");
    dir->tenants.push_back(std::move(t));
  }
  const json subscriptions = azure->value("subscriptions", json::array());
  for (size_t i = 0; i < subscriptions.size(); ++i) {
    const std::string where = "azure.subscriptions[" + std::to_string(i) + "]";
    const json& entry = subscriptions[i];
    Subscription s;
    s.id = lower(string_member(entry, "id", where, true));
    s.name = string_member(entry, "name", where, false, "Subscription " + std::to_string(i));
    s.state = string_member(entry, "state", where, false, "Enabled");
    s.tenant = lower(string_member(entry, "tenant", where, true));
    dir->subscriptions[s.id] = std::move(s);
  }
  const json principals = azure->value("principals", json::array());
  for (size_t i = 0; i < principals.size(); ++i) {
    const std::string where = "azure.principals[" + std::to_string(i) + "]";
    const json& entry = principals[i];
    if (!entry.is_object()) throw std::invalid_argument(where + " must be an object");
    Principal p;
    p.fixture = entry;
    p.tenant = lower(string_member(entry, "tenant", where, true));
    if (!dir->tenant(p.tenant)) throw std::invalid_argument(where + ".tenant is not a tenant");
    p.client_id = lower(string_member(entry, "client_id", where, true));
    p.secret = string_member(entry, "secret", where, true);
    p.display_name =
        string_member(entry, "display_name", where, false, "emulated-app-" + std::to_string(i));
    p.object_id = lower(string_member(entry, "object_id", where, false, random_guid()));
    p.roles = string_list(entry, "roles", where);
    p.subscriptions = string_list(entry, "subscriptions", where);
    for (auto& s : p.subscriptions) {
      s = lower(s);
      if (!dir->subscriptions.count(s)) {
        throw std::invalid_argument(where + ".subscriptions names an unknown subscription");
      }
    }
    p.secret_expired = entry.value("secret_expired", false);
    p.conditional_access_block = entry.value("conditional_access_block", false);
    p.fault_on = string_member(entry, "fault_on", where, false, "token");
    if (p.fault_on != "token" && p.fault_on != "subscriptions") {
      throw std::invalid_argument(where + ".fault_on must be \"token\" or \"subscriptions\"");
    }
    if (entry.contains("fault") &&
        (!entry["fault"].is_string() || !is_known_fault(entry["fault"].get<std::string>()))) {
      throw std::invalid_argument(where + ": unknown fault");
    }
    dir->principals.push_back(std::move(p));
  }
  return dir;
}

// ---- Entra ID ----

// The scheme and host the client used, so the OpenID configuration points back at the emulator
// (a TLS-terminating front says https in X-Forwarded-Proto, as Entra's own front doors do).
std::string base_url(const httplib::Request& req) {
  const std::string proto = req.get_header_value("X-Forwarded-Proto");
  std::string host = req.get_header_value("Host");
  if (host.empty()) host = "127.0.0.1:" + std::to_string(req.local_port);
  return (proto == "https" ? "https://" : "http://") + host;
}

void entra_headers(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store, no-cache");
  res.set_header("Pragma", "no-cache");
  res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("P3P", "CP=\"DSP CUR OTPi IND OTRi ONL FIN\"");
  res.set_header("x-ms-request-id", random_guid());
  res.set_header("x-ms-ests-server", "2.1.emulated - SCUS ProdSlices");
}

// Entra's error body. The correlation ID echoes the client's client-request-id, as Entra does.
void entra_error(const httplib::Request& req, httplib::Response& res, int status,
                 const std::string& error, long code, const std::string& message,
                 const json& extra = json::object()) {
  const std::time_t now = std::time(nullptr);
  const std::string trace = random_guid();
  std::string correlation = lower(req.get_header_value("client-request-id"));
  if (!is_guid(correlation)) correlation = random_guid();
  const std::string stamp = entra_timestamp(now);
  json body = {
      {"error", error},
      {"error_description", "AADSTS" + std::to_string(code) + ": " + message +
                                "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation +
                                "\r\nTimestamp: " + stamp},
      {"error_codes", json::array({code})},
      {"timestamp", stamp},
      {"trace_id", trace},
      {"correlation_id", correlation},
      {"error_uri", "https://login.microsoftonline.com/error?code=" + std::to_string(code)}};
  body.update(extra);
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void tenant_not_found(const httplib::Request& req, httplib::Response& res, const std::string& error,
                      const std::string& tenant) {
  entra_error(req, res, 400, error, 90002,
              "Tenant '" + tenant +
                  "' not found. Check to make sure you have the correct tenant ID and are "
                  "signing into the correct cloud. Check with your subscription administrator, "
                  "this may happen if there are no active subscriptions for the tenant.");
}

// Neither a GUID nor a DNS name: Entra refuses the identifier itself.
bool refuse_bad_tenant_identifier(const httplib::Request& req, httplib::Response& res,
                                  const std::string& tenant) {
  if (is_guid(tenant) || is_dns_name(tenant)) return false;
  entra_error(req, res, 400, "invalid_request", 900023,
              "Specified tenant identifier '" + tenant +
                  "' is neither a valid DNS name, nor a valid external domain.");
  return true;
}

FaultStyle entra_fault_style() {
  FaultStyle style;
  // Entra has no documented 429 body for the token endpoint; this is the shape its request
  // throttling (AADSTS50196, client request loop) takes.
  style.rate_limited = [](httplib::Response& res, int) {
    res.set_content(json{{"error", "temporarily_unavailable"},
                         {"error_description",
                          "AADSTS50196: The server terminated an operation because it "
                          "encountered a client request loop. Please contact your app vendor."},
                         {"error_codes", {50196}}}
                        .dump(),
                    "application/json; charset=utf-8");
  };
  style.server_error = [](httplib::Response& res) {
    res.set_content(json{{"error", "server_error"},
                         {"error_description",
                          "AADSTS50000: There was an error issuing a token or an issue with our "
                          "sign-in service."},
                         {"error_codes", {50000}}}
                        .dump(),
                    "application/json; charset=utf-8");
  };
  style.unavailable = [](httplib::Response& res) {
    res.set_content(json{{"error", "temporarily_unavailable"},
                         {"error_description",
                          "AADSTS90033: A transient error has occurred. Please try again."},
                         {"error_codes", {90033}}}
                        .dump(),
                    "application/json; charset=utf-8");
  };
  return style;
}

void answer(EmulatorState& state, const httplib::Request& req, httplib::Response& res,
            const json* fixture_entry, const FaultStyle& style, const NormalAnswer& normal) {
  if (auto fault = fault_for(state, req, fixture_entry)) {
    serve_fault(state, req, res, *fault, style, normal);
  } else {
    normal(res);
  }
}

void openid_configuration(EmulatorState& state, const Directory& dir, const httplib::Request& req,
                          httplib::Response& res) {
  static const FaultStyle style = entra_fault_style();
  entra_headers(res);
  // Discovery documents are public: Entra lets any page read them.
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Allow-Methods", "GET, OPTIONS");
  const std::string tenant_name = req.matches[1];
  answer(state, req, res, nullptr, style, [&](httplib::Response& out) {
    if (refuse_bad_tenant_identifier(req, out, tenant_name)) return;
    const Tenant* tenant = dir.tenant(tenant_name);
    if (!tenant) return tenant_not_found(req, out, "invalid_tenant", tenant_name);
    const std::string base = base_url(req);
    const std::string t = base + "/" + tenant->id;
    const json body = {
        {"token_endpoint", t + "/oauth2/v2.0/token"},
        {"token_endpoint_auth_methods_supported",
         {"client_secret_post", "private_key_jwt", "client_secret_basic"}},
        {"jwks_uri", t + "/discovery/v2.0/keys"},
        {"response_modes_supported", {"query", "fragment", "form_post"}},
        {"subject_types_supported", {"pairwise"}},
        {"id_token_signing_alg_values_supported", {"RS256"}},
        {"response_types_supported", {"code", "id_token", "code id_token", "id_token token"}},
        {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
        {"issuer", t + "/v2.0"},
        {"request_uri_parameter_supported", false},
        {"userinfo_endpoint", "https://graph.microsoft.com/oidc/userinfo"},
        {"authorization_endpoint", t + "/oauth2/v2.0/authorize"},
        {"device_authorization_endpoint", t + "/oauth2/v2.0/devicecode"},
        {"http_logout_supported", true},
        {"frontchannel_logout_supported", true},
        {"end_session_endpoint", t + "/oauth2/v2.0/logout"},
        {"claims_supported",
         {"sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
          "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username",
          "name", "tid", "ver", "at_hash", "c_hash", "email"}},
        {"kerberos_endpoint", t + "/kerberos"},
        {"tenant_region_scope", tenant->region_scope},
        {"cloud_instance_name", "microsoftonline.com"},
        {"cloud_graph_host_name", "graph.windows.net"},
        {"msgraph_host", "graph.microsoft.com"},
        {"rbac_url", "https://pas.windows.net"}};
    out.status = 200;
    out.set_content(body.dump(), "application/json; charset=utf-8");
  });
}

// Resources a token may be issued for: each cloud's Resource Manager, under both of its names.
const std::vector<std::string>& arm_resources() {
  static const std::vector<std::string> resources = {
      "https://management.azure.com/",         "https://management.core.windows.net/",
      "https://management.usgovcloudapi.net/", "https://management.core.usgovcloudapi.net/",
      "https://management.chinacloudapi.cn/",  "https://management.core.chinacloudapi.cn/"};
  return resources;
}

std::string issue_token(const Directory& dir, const Principal& p, const std::string& audience) {
  const std::time_t now = std::time(nullptr);
  const std::string sts = "https://sts.windows.net/" + p.tenant + "/";
  json claims = {{"aud", audience},
                 {"iss", sts},
                 {"iat", now - 300},
                 {"nbf", now - 300},
                 {"exp", now + 3599},
                 {"aio", random_text(56)},
                 {"app_displayname", p.display_name},
                 {"appid", p.client_id},
                 {"appidacr", "1"},
                 {"idp", sts},
                 {"idtyp", "app"},
                 {"oid", p.object_id},
                 {"rh", "0." + random_text(40) + "."},
                 {"sub", p.object_id},
                 {"tid", p.tenant},
                 {"uti", random_text(22)},
                 {"ver", "1.0"},
                 {"xms_tcdt", 1600000000}};
  if (!p.roles.empty()) claims["roles"] = p.roles;
  const json header = {{"typ", "JWT"}, {"alg", "HS256"}, {"kid", "credprobe-emulator"}};
  const std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());
  return signing_input + "." + base64url(hmac_sha256(dir.signing_key, signing_input));
}

void token(EmulatorState& state, const Directory& dir, const httplib::Request& req,
           httplib::Response& res) {
  static const FaultStyle style = entra_fault_style();
  entra_headers(res);
  const std::string tenant_name = req.matches[1];
  // Entra refuses to redeem a client secret for a page on another origin, and says so without
  // CORS headers: the page itself sees only a network error.
  const std::string origin = req.get_header_value("Origin");
  if (!origin.empty()) {
    return entra_error(req, res, 400, "invalid_request", 9002326,
                       "Cross-origin token redemption is permitted only for the 'Single-Page "
                       "Application' client-type. Request origin: '" +
                           origin + "'.");
  }
  const auto form = parse_form(req.body);
  auto param = [&](const char* name) {
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  const Tenant* tenant = dir.tenant(tenant_name);
  const Principal* principal = tenant ? dir.principal(tenant->id, param("client_id")) : nullptr;
  const json* fixture = principal && principal->fault_on == "token" ? &principal->fixture : nullptr;
  answer(state, req, res, fixture, style, [&](httplib::Response& out) {
    if (refuse_bad_tenant_identifier(req, out, tenant_name)) return;
    if (!tenant) return tenant_not_found(req, out, "invalid_request", tenant_name);
    for (const char* required : {"grant_type", "client_id", "scope"}) {
      if (param(required).empty()) {
        return entra_error(req, out, 400, "invalid_request", 900144,
                           std::string("The request body must contain the following parameter: '") +
                               required + "'.");
      }
    }
    if (param("grant_type") != "client_credentials") {
      return entra_error(
          req, out, 400, "unsupported_grant_type", 70003,
          "The app requested an unsupported grant type '" + param("grant_type") + "'.");
    }
    if (!principal) {
      return entra_error(req, out, 400, "unauthorized_client", 700016,
                         "Application with identifier '" + param("client_id") +
                             "' was not found in the directory '" + tenant->display_name +
                             "'. This can happen if the application has not been installed by "
                             "the administrator of the tenant or consented to by any user in "
                             "the tenant. You may have sent your authentication request to the "
                             "wrong tenant.");
    }
    const std::string secret = param("client_secret");
    if (secret.empty()) {
      return entra_error(req, out, 401, "invalid_client", 7000218,
                         "The request body must contain the following parameter: "
                         "'client_assertion' or 'client_secret'.");
    }
    if (secret.size() != principal->secret.size() ||
        CRYPTO_memcmp(secret.data(), principal->secret.data(), secret.size()) != 0) {
      return entra_error(req, out, 401, "invalid_client", 7000215,
                         "Invalid client secret provided. Ensure the secret being sent in the "
                         "request is the client secret value, not the client secret ID, for a "
                         "secret added to app '" +
                             principal->client_id + "'.");
    }
    if (principal->secret_expired) {
      return entra_error(req, out, 401, "invalid_client", 7000222,
                         "The provided client secret keys for app '" + principal->client_id +
                             "' are expired. Visit the Azure portal to create new keys for your "
                             "app: https://aka.ms/NewClientSecret, or consider using "
                             "certificate credentials for added security: "
                             "https://aka.ms/certCreds.");
    }
    const std::string scope = param("scope");
    const std::string suffix = "/.default";
    std::string resource =
        scope.size() > suffix.size() &&
                scope.compare(scope.size() - suffix.size(), suffix.size(), suffix) == 0
            ? scope.substr(0, scope.size() - suffix.size() + 1)
            : std::string();
    bool known = false;
    for (const auto& r : arm_resources()) known = known || lower(resource) == r;
    if (!known) {
      return entra_error(req, out, 400, "invalid_scope", 1002012,
                         "The provided value for scope " + scope +
                             " is not valid. Client credential flows must have a scope value "
                             "with /.default suffixed to the resource identifier "
                             "(application ID URI), or name a resource this emulator plays.");
    }
    if (principal->conditional_access_block) {
      return entra_error(req, out, 400, "interaction_required", 53003,
                         "Access has been blocked by Conditional Access policies. The access "
                         "policy does not allow token issuance.",
                         {{"suberror", "message_only"},
                          {"error_uri", "https://login.microsoft.com/error?code=53003"}});
    }
    out.status = 200;
    out.set_content(json{{"token_type", "Bearer"},
                         {"expires_in", 3599},
                         {"ext_expires_in", 3599},
                         {"access_token", issue_token(dir, *principal, lower(resource))}}
                        .dump(),
                    "application/json; charset=utf-8");
  });
}

// ---- Azure Resource Manager ----

const CorsPolicy kArmCors{"", "", "", "GET, POST, PUT, PATCH, DELETE, OPTIONS"};

void arm_headers(const httplib::Request& req, httplib::Response& res) {
  if (!req.get_header_value("Origin").empty()) add_cors_headers(req, res, kArmCors);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Pragma", "no-cache");
  res.set_header("Expires", "-1");
  res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  res.set_header("X-Content-Type-Options", "nosniff");
  const std::string id = random_guid();
  res.set_header("x-ms-request-id", id);
  res.set_header("x-ms-correlation-request-id", id);
  res.set_header("x-ms-routing-request-id", "EMULATED:20260101T000000Z:" + id);
  res.set_header("x-ms-ratelimit-remaining-tenant-reads", "249");
}

void arm_error(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.status = status;
  res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                  "application/json; charset=utf-8");
}

FaultStyle arm_fault_style() {
  FaultStyle style;
  style.rate_limited = [](httplib::Response& res, int) {
    arm_error(res, 429, "TooManyRequests",
              "The request is being throttled as the limit has been reached for operation type "
              "- Read_ObservationWindow_00:05:00.");
  };
  style.server_error = [](httplib::Response& res) {
    arm_error(res, 500, "InternalServerError",
              "Encountered internal server error. Diagnostic information: timestamp "
              "'20260101T000000Z'.");
  };
  style.unavailable = [](httplib::Response& res) {
    arm_error(res, 503, "ServiceUnavailable",
              "The server is currently unable to handle the request due to a temporary "
              "overloading or maintenance of the server.");
  };
  return style;
}

// Verifies the emulator's own HS256 token; fills `claims` or says what ARM would.
std::string verify_token(const Directory& dir, const std::string& token, json& claims) {
  const size_t a = token.find('.');
  const size_t b = a == std::string::npos ? a : token.find('.', a + 1);
  if (b == std::string::npos) return "InvalidAuthenticationToken";
  bool ok = false;
  const std::string signature = base64url_decode(token.substr(b + 1), ok);
  const std::string expected = hmac_sha256(dir.signing_key, token.substr(0, b));
  if (!ok || signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return "InvalidAuthenticationToken";
  }
  const std::string payload = base64url_decode(token.substr(a + 1, b - a - 1), ok);
  claims = json::parse(payload, nullptr, false);
  if (!ok || !claims.is_object()) return "InvalidAuthenticationToken";
  bool audience = false;
  for (const auto& r : arm_resources()) audience = audience || claims.value("aud", "") == r;
  if (!audience) return "InvalidAuthenticationTokenAudience";
  if (claims.value("exp", 0LL) < static_cast<long long>(std::time(nullptr))) {
    return "ExpiredAuthenticationToken";
  }
  return {};
}

json subscription_body(const Subscription& s) {
  return {{"id", "/subscriptions/" + s.id},
          {"authorizationSource", "RoleBased"},
          {"managedByTenants", json::array()},
          {"subscriptionId", s.id},
          {"tenantId", s.tenant},
          {"displayName", s.name},
          {"state", s.state},
          {"subscriptionPolicies",
           {{"locationPlacementId", "Public_2014-09-01"},
            {"quotaId", "PayAsYouGo_2014-09-01"},
            {"spendingLimit", "Off"}}}};
}

// The principal a Resource Manager request's bearer token proves, or null after answering the
// authentication failure as ARM does.
const Principal* authenticated(const Directory& dir, const httplib::Request& req,
                               httplib::Response& out, const std::string& problem,
                               const json& claims) {
  if (!req.has_param("api-version")) {
    arm_error(out, 400, "MissingApiVersionParameter",
              "The api-version query parameter (?api-version=) is required for all "
              "requests.");
    return nullptr;
  }
  if (problem == "missing") {
    out.set_header("WWW-Authenticate",
                   "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", "
                   "error=\"invalid_token\", error_description=\"The authentication failed "
                   "because of missing 'Authorization' header.\"");
    arm_error(out, 401, "AuthenticationFailed",
              "Authentication failed. The 'Authorization' header is missing.");
    return nullptr;
  }
  if (problem == "ExpiredAuthenticationToken") {
    arm_error(out, 401, problem,
              "The access token expiry UTC time is earlier than current UTC time.");
    return nullptr;
  }
  if (problem == "InvalidAuthenticationTokenAudience") {
    arm_error(out, 401, problem,
              "The access token has been obtained for wrong audience or resource.");
    return nullptr;
  }
  const Principal* principal =
      problem.empty() ? dir.principal(claims.value("tid", ""), claims.value("appid", "")) : nullptr;
  if (!principal) arm_error(out, 401, "InvalidAuthenticationToken", "The access token is invalid.");
  return principal;
}

std::string bearer_problem(const Directory& dir, const httplib::Request& req, json& claims) {
  const std::string header = req.get_header_value("Authorization");
  if (header.size() > 7 && lower(header.substr(0, 7)) == "bearer ") {
    return verify_token(dir, header.substr(7), claims);
  }
  return "missing";
}

void subscriptions(EmulatorState& state, const Directory& dir, const httplib::Request& req,
                   httplib::Response& res) {
  static const FaultStyle style = arm_fault_style();
  arm_headers(req, res);
  json claims;
  const std::string problem = bearer_problem(dir, req, claims);
  const Principal* known =
      problem.empty() ? dir.principal(claims.value("tid", ""), claims.value("appid", "")) : nullptr;
  const json* fixture = known && known->fault_on == "subscriptions" ? &known->fixture : nullptr;
  answer(state, req, res, fixture, style, [&](httplib::Response& out) {
    const Principal* principal = authenticated(dir, req, out, problem, claims);
    if (!principal) return;
    json value = json::array();
    for (const auto& id : principal->subscriptions) {
      value.push_back(subscription_body(dir.subscriptions.at(id)));
    }
    out.status = 200;
    const auto count = value.size();
    out.set_content(
        json{{"value", std::move(value)}, {"count", {{"type", "Total"}, {"value", count}}}}.dump(),
        "application/json; charset=utf-8");
  });
}

// A readiness read (arm_compute_routes.hpp), behind the same token check. Faults come only from
// the control endpoint (armed per path), never from the principal's fixture entry.
void compute_read(EmulatorState& state, const Directory& dir, const ArmComputeConfig& config,
                  ArmComputeRead read, const httplib::Request& req, httplib::Response& res) {
  static const FaultStyle style = arm_fault_style();
  arm_headers(req, res);
  json claims;
  const std::string problem = bearer_problem(dir, req, claims);
  answer(state, req, res, nullptr, style, [&](httplib::Response& out) {
    const Principal* principal = authenticated(dir, req, out, problem, claims);
    if (!principal) return;
    ArmCaller caller;
    caller.principal = &principal->fixture;
    caller.object_id = principal->object_id;
    caller.subscriptions = principal->subscriptions;
    serve_arm_compute(config, caller, read, req, base_url(req), out);
  });
}

}  // namespace

void add_azure_routes(httplib::Server& svr, EmulatorState& state) {
  const auto dir = load_directory(state.fixtures);
  svr.Get("/([^/]+)/v2\\.0/\\.well-known/openid-configuration",
          [&state, dir](const httplib::Request& req, httplib::Response& res) {
            openid_configuration(state, *dir, req, res);
          });
  svr.Post("/([^/]+)/oauth2/v2\\.0/token",
           [&state, dir](const httplib::Request& req, httplib::Response& res) {
             token(state, *dir, req, res);
           });
  // No preflight is needed for a form POST, and Entra grants none to a secret redemption.
  svr.Options("/([^/]+)/oauth2/v2\\.0/token", [](const httplib::Request&, httplib::Response& res) {
    entra_headers(res);
    res.status = 204;
  });
  svr.Get("/subscriptions", [&state, dir](const httplib::Request& req, httplib::Response& res) {
    subscriptions(state, *dir, req, res);
  });
  svr.Options("/subscriptions", [](const httplib::Request& req, httplib::Response& res) {
    answer_preflight(req, res, kArmCors);
  });

  const auto compute = load_arm_compute(state.fixtures);
  const std::string sub = "/subscriptions/([^/]+)";
  const std::string group = sub + "/[rR]esource[gG]roups/([^/]+)";
  const std::vector<std::pair<std::string, ArmComputeRead>> reads = {
      {sub + "/providers/Microsoft\\.Compute", ArmComputeRead::provider},
      {group, ArmComputeRead::resource_group},
      {sub + "/providers/Microsoft\\.Compute/skus", ArmComputeRead::skus},
      {sub + "/providers/Microsoft\\.Compute/locations/([^/]+)/usages", ArmComputeRead::usages},
      {group + "/providers/Microsoft\\.Authorization/permissions", ArmComputeRead::permissions},
  };
  for (const auto& [pattern, read] : reads) {
    svr.Get(pattern, [&state, dir, compute, read = read](const httplib::Request& req,
                                                         httplib::Response& res) {
      compute_read(state, *dir, *compute, read, req, res);
    });
  }
  // The bearer header makes every readiness read preflighted; ARM answers preflights to any
  // origin.
  svr.Options(sub + "(/.*)?", [](const httplib::Request& req, httplib::Response& res) {
    answer_preflight(req, res, kArmCors);
  });

  const std::string counts = "(" + std::to_string(dir->tenants.size()) + " tenants, " +
                             std::to_string(dir->principals.size()) + " principals)";
  state.announce("azure", "GET /{tenant}/v2.0/.well-known/openid-configuration " + counts);
  state.announce("azure", "POST /{tenant}/oauth2/v2.0/token (client credentials; Origin refused)");
  state.announce("azure", "GET /subscriptions (" + std::to_string(dir->subscriptions.size()) +
                              " subscriptions)");
  state.announce("azure", "OPTIONS /subscriptions (CORS)");
  state.announce("azure",
                 "GET /subscriptions/{id}/providers/Microsoft.Compute, /resourcegroups/{group}, "
                 "Microsoft.Compute/skus, locations/{region}/usages, "
                 "{group}/providers/Microsoft.Authorization/permissions (readiness reads)");
}
