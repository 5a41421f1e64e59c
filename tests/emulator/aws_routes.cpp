// STS's side of SigV4, written independently of credprobe's signer (OpenSSL for SHA-256 and
// HMAC, no credprobe code): if the two agreed only because they shared a bug, the fidelity tests
// with botocore and the AWS CLI would catch it here.
//
// Order of checks, as STS answers them: the signature's parts (IncompleteSignature), the key id
// (InvalidClientTokenId), the session token (InvalidClientTokenId / ExpiredToken), the
// credential scope and the clock window (SignatureDoesNotMatch with STS's wording), the signature
// itself (SignatureDoesNotMatch), then the action (InvalidAction).
#include "aws_routes.hpp"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ec2_routes.hpp"
#include "faults.hpp"

namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kAlgorithm = "AWS4-HMAC-SHA256";
constexpr const char* kNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
constexpr const char* kInvalidToken = "The security token included in the request is invalid.";
constexpr const char* kExpiredToken = "The security token included in the request is expired";
constexpr const char* kBadSignature =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// ---- crypto and encodings (OpenSSL; nothing from credprobe) -----------------------------------

std::string hex(const unsigned char* bytes, std::size_t size) {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex(digest, sizeof digest);
}

std::string hmac(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

// SigV4's UriEncode: unreserved characters stay, everything else is %XX in upper case.
std::string uri_encode(const std::string& text, bool keep_slash) {
  static const char* const digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& text, bool plus_as_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else if (plus_as_space && text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

Params parse_pairs(const std::string& text, bool plus_as_space) {
  Params params;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t amp = text.find('&', pos);
    if (amp == std::string::npos) amp = text.size();
    const std::string pair = text.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    params.emplace_back(percent_decode(pair.substr(0, eq), plus_as_space),
                        eq == std::string::npos
                            ? std::string()
                            : percent_decode(pair.substr(eq + 1), plus_as_space));
  }
  return params;
}

std::optional<std::string> param(const Params& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim_all(const std::string& value) {
  std::string out;
  bool pending = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = text.find(separator, pos);
    parts.push_back(text.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) return parts;
    pos = at + 1;
  }
}

// ---- time -------------------------------------------------------------------------------------

std::string amz_date(std::time_t when) {
  std::tm tm{};
  gmtime_r(&when, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string http_date(std::time_t when) {
  std::tm tm{};
  gmtime_r(&when, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

std::optional<std::time_t> parse_amz_date(const std::string& text) {
  std::tm tm{};
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const char* end = strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

std::optional<std::time_t> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

// ---- fixtures ---------------------------------------------------------------------------------

struct Principal {
  json fixture;
  std::string secret;
  std::string session_token;
  std::string arn;
  std::string account;
  std::string user_id;
  bool expired = false;
};

struct StsConfig {
  std::vector<std::string> regions;
  long long window_seconds = 900;
  std::map<std::string, Principal> principals;  // by access key id
};

std::string stable_id(const std::string& prefix, const std::string& seed) {
  static const char* const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::mt19937_64 rng(std::hash<std::string>{}(seed));
  std::string out = prefix;
  while (out.size() < 21) out += alphabet[rng() % 32];
  return out;
}

// The UserId STS reports for each kind of ARN.
std::string default_user_id(const std::string& arn, const std::string& account) {
  const std::size_t resource_at =
      arn.find(':', arn.find(':', arn.find(':', arn.find(':', 4) + 1) + 1) + 1);
  const std::string resource = resource_at == std::string::npos ? "" : arn.substr(resource_at + 1);
  if (resource == "root") return account;
  if (resource.rfind("assumed-role/", 0) == 0) {
    const auto parts = split(resource, '/');
    return stable_id("AROA", parts.size() > 1 ? parts[1] : resource) + ":" + parts.back();
  }
  if (resource.rfind("federated-user/", 0) == 0) return account + ":" + resource.substr(15);
  return stable_id("AIDA", arn);
}

std::shared_ptr<const StsConfig> load_config(const json& fixtures) {
  auto config = std::make_shared<StsConfig>();
  config->regions = {"us-east-1"};
  const auto aws = fixtures.find("aws");
  if (aws == fixtures.end()) return config;
  if (!aws->is_object()) throw std::invalid_argument("aws must be an object");
  if (aws->contains("regions"))
    config->regions = aws->at("regions").get<std::vector<std::string>>();
  config->window_seconds = aws->value("clock_window_seconds", 900LL);
  const json principals = aws->value("principals", json::array());
  for (std::size_t i = 0; i < principals.size(); ++i) {
    const json& entry = principals[i];
    const std::string where = "aws.principals[" + std::to_string(i) + "]";
    for (const char* key : {"access_key_id", "secret_access_key", "arn"}) {
      if (!entry.contains(key) || !entry[key].is_string()) {
        throw std::invalid_argument(where + " needs a string \"" + key + "\"");
      }
    }
    if (entry.contains("fault") &&
        (!entry["fault"].is_string() || !is_known_fault(entry["fault"].get<std::string>()))) {
      throw std::invalid_argument(where + ": unknown fault");
    }
    Principal p;
    p.fixture = entry;
    p.secret = entry["secret_access_key"].get<std::string>();
    p.session_token = entry.value("session_token", "");
    p.arn = entry["arn"].get<std::string>();
    const auto arn_parts = split(p.arn, ':');
    if (arn_parts.size() < 6 || arn_parts[0] != "arn") {
      throw std::invalid_argument(where + ": arn is not an ARN");
    }
    p.account = entry.value("account", arn_parts[4]);
    p.user_id = entry.value("user_id", default_user_id(p.arn, p.account));
    p.expired = entry.value("expired", false);
    config->principals[entry["access_key_id"].get<std::string>()] = std::move(p);
  }
  return config;
}

// ---- answers ----------------------------------------------------------------------------------

std::string request_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-a%03llx-%012llx",
                static_cast<unsigned long long>(rng() & 0xffffffffULL),
                static_cast<unsigned long long>(rng() & 0xffffULL),
                static_cast<unsigned long long>(rng() & 0xfffULL),
                static_cast<unsigned long long>(rng() & 0xfffULL),
                static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return text;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// What STS puts on every answer; CORS headers only when a browser sent an Origin, as AWS's
// service front ends do (Access-Control-Allow-Origin: * and this list of exposed headers).
void sts_headers(const httplib::Request& req, httplib::Response& res, const std::string& id) {
  res.set_header("x-amzn-RequestId", id);
  res.set_header("Date", http_date(std::time(nullptr)));
  if (req.has_header("Origin")) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Expose-Headers",
                   "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date");
  }
}

struct Answerer {
  bool json_wanted = false;
  std::string id;

  void error(httplib::Response& res, int status, const std::string& type, const std::string& code,
             const std::string& message) const {
    res.status = status;
    if (json_wanted) {
      res.set_content(
          json{{"Error", {{"Code", code}, {"Message", message}, {"Type", type}}}, {"RequestId", id}}
              .dump(),
          "application/json");
    } else {
      res.set_content(
          std::string("<ErrorResponse xmlns=\"") + kNamespace + "\">\n  <Error>\n    <Type>" +
              type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + xml_escape(message) +
              "</Message>\n  </Error>\n  <RequestId>" + id + "</RequestId>\n</ErrorResponse>\n",
          "text/xml");
    }
  }

  void sender(httplib::Response& res, int status, const std::string& code,
              const std::string& message) const {
    error(res, status, "Sender", code, message);
  }

  void identity(httplib::Response& res, const Principal& p) const {
    res.status = 200;
    if (json_wanted) {
      res.set_content(json{{"GetCallerIdentityResponse",
                            {{"GetCallerIdentityResult",
                              {{"Account", p.account}, {"Arn", p.arn}, {"UserId", p.user_id}}},
                             {"ResponseMetadata", {{"RequestId", id}}}}}}
                          .dump(),
                      "application/json");
    } else {
      res.set_content(std::string("<GetCallerIdentityResponse xmlns=\"") + kNamespace +
                          "\">\n  <GetCallerIdentityResult>\n    <Arn>" + xml_escape(p.arn) +
                          "</Arn>\n    <UserId>" + xml_escape(p.user_id) +
                          "</UserId>\n    <Account>" + p.account +
                          "</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n"
                          "    <RequestId>" +
                          id +
                          "</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
                      "text/xml");
    }
  }
};

FaultStyle sts_fault_style(const Answerer& answer) {
  FaultStyle style;
  style.rate_limited = [answer](httplib::Response& res, int) {
    answer.sender(res, 429, "Throttling", "Rate exceeded");
  };
  style.server_error = [answer](httplib::Response& res) {
    answer.error(res, 500, "Receiver", "InternalFailure",
                 "The request processing has failed because of an unknown error, exception or "
                 "failure.");
  };
  style.unavailable = [answer](httplib::Response& res) {
    answer.error(res, 503, "Receiver", "ServiceUnavailable",
                 "The request has failed due to a temporary failure of the server.");
  };
  return style;
}

// ---- the request's signature ------------------------------------------------------------------

struct Signed {
  bool query_mode = false;
  std::string algorithm;
  std::string credential;
  std::string signed_headers;
  std::string signature;
  std::string date;  // X-Amz-Date form
  std::optional<std::string> expires;
  std::optional<std::string> token;
  std::string problem;  // IncompleteSignature message, when the parts are not all there
};

Params raw_query(const httplib::Request& req) {
  const std::size_t q = req.target.find('?');
  return q == std::string::npos ? Params() : parse_pairs(req.target.substr(q + 1), false);
}

std::string raw_path(const httplib::Request& req) {
  return req.target.substr(0, req.target.find('?'));
}

// nullopt when the request carries no SigV4 signature at all.
std::optional<Signed> read_signature(const httplib::Request& req, const Params& query) {
  Signed s;
  const std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    const std::size_t space = authorization.find(' ');
    s.algorithm = authorization.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : authorization.substr(space + 1);
    for (const std::string& part : split(rest, ',')) {
      const std::string item = trim_all(part);
      const std::size_t eq = item.find('=');
      const std::string name = item.substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
      if (name == "Credential") s.credential = value;
      if (name == "SignedHeaders") s.signed_headers = value;
      if (name == "Signature") s.signature = value;
    }
    std::string missing;
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"Credential", &s.credential},
          {"Signature", &s.signature},
          {"SignedHeaders", &s.signed_headers}}) {
      if (value->empty())
        missing += std::string("Authorization header requires '") + name + "' parameter. ";
    }
    if (req.has_header("X-Amz-Date")) {
      s.date = req.get_header_value("X-Amz-Date");
    } else if (req.has_header("Date")) {
      if (auto when = parse_http_date(req.get_header_value("Date"))) s.date = amz_date(*when);
    } else {
      missing +=
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (!missing.empty()) s.problem = missing + "Authorization=" + s.algorithm;
    if (req.has_header("X-Amz-Security-Token"))
      s.token = req.get_header_value("X-Amz-Security-Token");
    return s;
  }
  if (!param(query, "X-Amz-Algorithm") && !param(query, "X-Amz-Signature") &&
      !param(query, "X-Amz-Credential")) {
    return std::nullopt;
  }
  s.query_mode = true;
  s.algorithm = param(query, "X-Amz-Algorithm").value_or("");
  s.credential = param(query, "X-Amz-Credential").value_or("");
  s.signed_headers = param(query, "X-Amz-SignedHeaders").value_or("");
  s.signature = param(query, "X-Amz-Signature").value_or("");
  s.date = param(query, "X-Amz-Date").value_or("");
  s.expires = param(query, "X-Amz-Expires");
  s.token = param(query, "X-Amz-Security-Token");
  std::string missing;
  for (const char* name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature",
                           "X-Amz-SignedHeaders", "X-Amz-Date"}) {
    if (!param(query, name)) missing += std::string(name) + ", ";
  }
  if (!missing.empty()) {
    s.problem = "AWS query-string parameters must include " +
                missing.substr(0, missing.size() - 2) + ". Re-examine the query-string parameters.";
  }
  return s;
}

// RFC 3986 remove_dot_segments plus AWS's dropping of empty segments, then UriEncode once more.
std::string canonical_path(const std::string& path) {
  std::vector<std::string> segments;
  bool trailing = false;
  for (const std::string& segment : split(path.empty() ? "/" : path, '/')) {
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing = true;
    } else if (segment.empty() || segment == ".") {
      trailing = true;
    } else {
      segments.push_back(segment);
      trailing = false;
    }
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) out += (i ? "/" : "") + segments[i];
  if (trailing && !segments.empty()) out += '/';
  return uri_encode(out, true);
}

std::string canonical_query(const Params& query, bool drop_signature) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [name, value] : query) {
    if (drop_signature && name == "X-Amz-Signature") continue;
    encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

std::string canonical_headers(const httplib::Request& req, const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    std::string joined;
    const auto range = req.headers.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
      joined += (joined.empty() ? "" : ",") + trim_all(it->second);
    }
    out += name + ":" + joined + "\n";
  }
  return out;
}

std::string expected_signature(const httplib::Request& req, const Params& query, const Signed& s,
                               const std::string& secret, const std::vector<std::string>& scope) {
  std::string payload_hash = sha256_hex(req.body);
  if (!s.query_mode && req.has_header("X-Amz-Content-Sha256")) {
    payload_hash = req.get_header_value("X-Amz-Content-Sha256");
  }
  const std::vector<std::string> names = split(s.signed_headers, ';');
  const std::string canonical_request = req.method + "\n" + canonical_path(raw_path(req)) + "\n" +
                                        canonical_query(query, s.query_mode) + "\n" +
                                        canonical_headers(req, names) + "\n" + s.signed_headers +
                                        "\n" + payload_hash;
  const std::string scope_text = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + s.date + "\n" + scope_text +
                                     "\n" + sha256_hex(canonical_request);
  std::string key = hmac("AWS4" + secret, scope[1]);
  key = hmac(key, scope[2]);
  key = hmac(key, scope[3]);
  key = hmac(key, scope[4]);
  const std::string mac = hmac(key, string_to_sign);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

bool same_text(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- SigV4 authentication, shared by STS, EC2 and Service Quotas -------------------------------

struct AuthFailure {
  int status;
  std::string code;
  std::string message;
};

// Who signed the request, or why AWS would refuse it, in STS's order of checks. `service` is the
// service the request is for: the credential scope must name it.
struct Authenticated {
  const Principal* principal = nullptr;
  std::string region;
  std::optional<AuthFailure> failure;
};

Authenticated authenticate(const StsConfig& config, const httplib::Request& req,
                           const Params& query, const std::string& service) {
  Authenticated out;
  auto fail = [&](int status, const std::string& code, const std::string& message) {
    out.failure = AuthFailure{status, code, message};
    return out;
  };
  auto s = read_signature(req, query);
  if (!s) return fail(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  if (!s->problem.empty()) return fail(400, "IncompleteSignature", s->problem);
  if (s->algorithm != kAlgorithm) {
    return fail(400, "IncompleteSignature", "Unsupported AWS 'algorithm': '" + s->algorithm + "'");
  }
  const std::vector<std::string> scope = split(s->credential, '/');
  if (scope.size() != 5) {
    return fail(400, "IncompleteSignature",
                "Credential must have exactly 5 slash-delimited elements, e.g. "
                "keyid/date/region/service/term, got '" +
                    s->credential + "'");
  }
  const auto principal = config.principals.find(scope[0]);
  if (principal == config.principals.end()) {
    return fail(403, "InvalidClientTokenId", kInvalidToken);
  }
  const Principal& p = principal->second;
  if (p.session_token.empty() ? s->token.has_value()
                              : !s->token || !same_text(*s->token, p.session_token)) {
    return fail(403, "InvalidClientTokenId", kInvalidToken);
  }
  if (p.expired) return fail(403, "ExpiredToken", kExpiredToken);

  if (scope[4] != "aws4_request") {
    return fail(403, "SignatureDoesNotMatch",
                "Credential should be scoped with a valid terminator: 'aws4_request', "
                "not '" +
                    scope[4] + "'. ");
  }
  if (scope[3] != service) {
    return fail(403, "SignatureDoesNotMatch",
                "Credential should be scoped to correct service: '" + service + "'. ");
  }
  if (std::find(config.regions.begin(), config.regions.end(), scope[2]) == config.regions.end()) {
    return fail(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ");
  }
  const auto signed_at = parse_amz_date(s->date);
  if (!signed_at) {
    return fail(400, "IncompleteSignature",
                "Date must be in ISO-8601 'basic format'. Got '" + s->date +
                    "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  if (scope[1] != s->date.substr(0, 8)) {
    return fail(403, "SignatureDoesNotMatch",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
                "of date from HTTP: '" +
                    scope[1] + "' != '" + s->date.substr(0, 8) + "', from '" + s->date + "'.");
  }
  if (s->query_mode) {
    // STS holds presigned requests to its own 15-minute window whatever X-Amz-Expires says (as
    // aws-iam-authenticator's maintainers found), but the value must still be well formed.
    const std::string expires = s->expires.value_or("");
    const bool digits = !expires.empty() && expires.size() <= 7 &&
                        expires.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stol(expires) < 1 || std::stol(expires) > 604800) {
      return fail(400, "AuthorizationQueryParametersError",
                  "X-Amz-Expires must be a number of seconds from 1 to 604800 (a week).");
    }
  }
  const std::vector<std::string> names = split(s->signed_headers, ';');
  if (std::find(names.begin(), names.end(), "host") == names.end()) {
    return fail(403, "SignatureDoesNotMatch", "'Host' must be a signed header.");
  }
  const std::time_t now = std::time(nullptr);
  const long long window = config.window_seconds;
  const std::string minutes = std::to_string(window / 60) + " min.)";
  if (*signed_at < now - window) {
    return fail(403, "SignatureDoesNotMatch",
                "Signature expired: " + s->date + " is now earlier than " + amz_date(now - window) +
                    " (" + amz_date(now) + " - " + minutes);
  }
  if (*signed_at > now + window) {
    return fail(403, "SignatureDoesNotMatch",
                "Signature not yet current: " + s->date + " is still later than " +
                    amz_date(now + window) + " (" + amz_date(now) + " + " + minutes);
  }
  if (!same_text(lower(s->signature), expected_signature(req, query, *s, p.secret, scope))) {
    return fail(403, "SignatureDoesNotMatch", kBadSignature);
  }
  out.principal = &p;
  out.region = scope[2];
  return out;
}

AwsCaller caller_of(const Authenticated& auth) {
  AwsCaller caller;
  caller.fixture = &auth.principal->fixture;
  caller.arn = auth.principal->arn;
  caller.account = auth.principal->account;
  caller.region = auth.region;
  return caller;
}

// ---- GetCallerIdentity and DecodeAuthorizationMessage ----------------------------------------

void decode_authorization(const Authenticated& auth, const Params& params, const Answerer& answer,
                          httplib::Response& res) {
  const AwsCaller caller = caller_of(auth);
  if (!caller_may(caller, "sts:DecodeAuthorizationMessage")) {
    return answer.sender(res, 403, "AccessDenied",
                         "User: " + caller.arn +
                             " is not authorized to perform: sts:DecodeAuthorizationMessage "
                             "because no identity-based policy allows the "
                             "sts:DecodeAuthorizationMessage action");
  }
  auto decoded = decode_authorization_message(param(params, "EncodedMessage").value_or(""));
  if (!decoded) {
    return answer.sender(res, 400, "InvalidAuthorizationMessageException",
                         "The encoded authorization message is invalid.");
  }
  res.status = 200;
  res.set_content(
      std::string("<DecodeAuthorizationMessageResponse xmlns=\"") + kNamespace +
          "\">\n  <DecodeAuthorizationMessageResult>\n    <DecodedMessage>" + xml_escape(*decoded) +
          "</DecodedMessage>\n  </DecodeAuthorizationMessageResult>\n"
          "  <ResponseMetadata>\n    <RequestId>" +
          answer.id +
          "</RequestId>\n  </ResponseMetadata>\n</DecodeAuthorizationMessageResponse>\n",
      "text/xml");
}

// The action: from the query, or (POST) the form body.
Params action_params_of(const httplib::Request& req, const Params& query) {
  Params action_params = query;
  if (req.method == "POST") {
    const Params form = parse_pairs(req.body, true);
    action_params.insert(action_params.end(), form.begin(), form.end());
  }
  return action_params;
}

void get_caller_identity(const StsConfig& config, const httplib::Request& req, const Params& query,
                         const Answerer& answer, httplib::Response& res) {
  const Authenticated auth = authenticate(config, req, query, "sts");
  if (auth.failure) {
    return answer.sender(res, auth.failure->status, auth.failure->code, auth.failure->message);
  }
  const Principal& p = *auth.principal;

  const Params action_params = action_params_of(req, query);
  const std::string action = param(action_params, "Action").value_or("");
  const std::string version = param(action_params, "Version").value_or("");
  if (action == "DecodeAuthorizationMessage" && version == "2011-06-15") {
    return decode_authorization(auth, action_params, answer, res);
  }
  if (action != "GetCallerIdentity" || version != "2011-06-15") {
    return answer.sender(res, 400, "InvalidAction",
                         "Could not find operation " + action + " for version " + version);
  }
  answer.identity(res, p);
}

const Principal* principal_named(const StsConfig& config, const httplib::Request& req,
                                 const Params& query) {
  std::string credential = param(query, "X-Amz-Credential").value_or("");
  const std::string authorization = req.get_header_value("Authorization");
  const std::size_t at = authorization.find("Credential=");
  if (at != std::string::npos) credential = authorization.substr(at + 11);
  const auto it = config.principals.find(credential.substr(0, credential.find('/')));
  return it == config.principals.end() ? nullptr : &it->second;
}

void sts(EmulatorState& state, const StsConfig& config, const Ec2Config* ec2,
         const httplib::Request& req, httplib::Response& res) {
  Answerer answer;
  answer.json_wanted = req.get_header_value("Accept").find("application/json") != std::string::npos;
  answer.id = request_id();
  sts_headers(req, res, answer.id);
  const Params query = raw_query(req);
  const Principal* p = principal_named(config, req, query);
  const std::string action = param(action_params_of(req, query), "Action").value_or("");
  const bool quotas = req.has_header("X-Amz-Target") &&
                      req.get_header_value("X-Amz-Target").rfind("ServiceQuotasV20190624.", 0) == 0;
  const NormalAnswer normal = [&](httplib::Response& out) {
    if (quotas || is_ec2_action(action)) {
      const Authenticated auth = authenticate(config, req, query, quotas ? "servicequotas" : "ec2");
      if (quotas) {
        if (auth.failure) {
          return service_quotas_error(out, auth.failure->status, auth.failure->code,
                                      auth.failure->message);
        }
        return serve_service_quotas(*ec2, caller_of(auth), req, out);
      }
      // EC2 names every authentication failure AuthFailure.
      if (auth.failure) return ec2_error(out, 401, "AuthFailure", auth.failure->message);
      return serve_ec2(*ec2, caller_of(auth), action_params_of(req, query), out);
    }
    get_caller_identity(config, req, query, answer, out);
  };
  auto fault = fault_for(state, req, p != nullptr ? &p->fixture : nullptr);
  if (!fault) return normal(res);
  // STS's own throttling answer is a 400 with code Throttling and no Retry-After.
  if (fault->value("fault", "") == "rate_limit" && fault->value("status", 429) == 400) {
    return answer.sender(res, 400, "Throttling", "Rate exceeded");
  }
  serve_fault(state, req, res, *fault, sts_fault_style(answer), normal);
}

}  // namespace

void add_aws_routes(httplib::Server& svr, EmulatorState& state) {
  const auto config = load_config(state.fixtures);
  const auto ec2 = load_ec2_config(state.fixtures);
  auto handler = [&state, config, ec2](const httplib::Request& req, httplib::Response& res) {
    sts(state, *config, ec2.get(), req, res);
  };
  svr.Get("/", handler);
  svr.Post("/", handler);
  // Preflights: any origin, the method and headers asked for, cached for two days.
  svr.Options("/", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 200;
    res.set_header("Access-Control-Allow-Origin", "*");
    const std::string method = req.get_header_value("Access-Control-Request-Method");
    res.set_header("Access-Control-Allow-Methods", method.empty() ? "GET, POST" : method);
    const std::string headers = req.get_header_value("Access-Control-Request-Headers");
    if (!headers.empty()) res.set_header("Access-Control-Allow-Headers", headers);
    res.set_header("Access-Control-Max-Age", "172800");
    res.set_header("x-amzn-RequestId", request_id());
  });

  std::string regions;
  for (const auto& r : config->regions) regions += (regions.empty() ? "" : ",") + r;
  const std::string count =
      "(" + std::to_string(config->principals.size()) + " principals, " + regions + ")";
  state.announce("aws", "GET / Action=GetCallerIdentity, presigned query " + count);
  state.announce("aws", "POST / Action=GetCallerIdentity, signed headers " + count);
  state.announce("aws", "OPTIONS / (CORS)");
  state.announce("aws",
                 "POST / EC2 DescribeInstanceTypeOfferings, DescribeInstanceTypes, DescribeImages, "
                 "RunInstances (dry runs only); STS DecodeAuthorizationMessage");
  state.announce("aws", "POST / Service Quotas GetServiceQuota (X-Amz-Target, JSON 1.1)");
}
