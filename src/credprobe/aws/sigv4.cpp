#include "credprobe/aws/sigv4.hpp"

#include <algorithm>
#include <map>

#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/hmac.hpp"
#include "credprobe/crypto/sha256.hpp"
#include "credprobe/http.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// SigV4's Trimall: no blanks at either end, and each run of blanks inside becomes one space.
std::string trim_all(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (is_blank(c) || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Headers the signer writes itself in header signing; a caller's copy would be signed twice.
bool owned_by_signer(std::string_view lower_name, bool has_token, bool sign_body) {
  return lower_name == "authorization" || lower_name == "x-amz-date" ||
         (has_token && lower_name == "x-amz-security-token") ||
         (sign_body && lower_name == "x-amz-content-sha256");
}

bool owned_query_param(std::string_view name) {
  return name == "X-Amz-Algorithm" || name == "X-Amz-Credential" || name == "X-Amz-Date" ||
         name == "X-Amz-Expires" || name == "X-Amz-SignedHeaders" ||
         name == "X-Amz-Security-Token" || name == "X-Amz-Signature";
}

struct SignedHeaderSet {
  std::string canonical;  // "name:value\n" lines
  std::string names;      // "a;b;c"
};

// Names are lower-cased and sorted; repeated names join their values with ',' in sending order.
SignedHeaderSet canonical_headers(const Headers& headers) {
  std::map<std::string, std::string> merged;
  for (const auto& header : headers) {
    auto [it, inserted] = merged.emplace(ascii_lower(header.name), trim_all(header.value));
    if (!inserted) it->second += "," + trim_all(header.value);
  }
  SignedHeaderSet set;
  for (const auto& [name, value] : merged) {
    set.canonical += name + ":" + value + "\n";
    if (!set.names.empty()) set.names += ';';
    set.names += name;
  }
  return set;
}

// Everything both signing modes share, computed from the headers and query they sign.
struct Prepared {
  std::string amz_date;
  std::string date;
  std::string scope;
  Headers headers;  // caller's headers (minus signer-owned ones), Host first when derived
  bool host_derived = false;
  std::string payload_hash;
};

Prepared prepare(const SigV4Request& request, const SigV4Options& options, bool header_mode,
                 bool has_token) {
  Prepared prepared;
  prepared.amz_date = sigv4_amz_date(options.timestamp);
  prepared.date = prepared.amz_date.substr(0, 8);
  prepared.scope = prepared.date + "/" + options.region + "/" + options.service + "/aws4_request";
  bool has_host = false;
  for (const auto& header : request.headers) {
    const std::string lower = ascii_lower(header.name);
    if (lower == "authorization") continue;
    if (header_mode && owned_by_signer(lower, has_token, options.sign_body)) continue;
    if (lower == "host") has_host = true;
    prepared.headers.push_back(header);
  }
  if (!has_host) {
    prepared.headers.insert(prepared.headers.begin(), Header{"Host", request.host});
    prepared.host_derived = true;
  }
  prepared.payload_hash =
      request.payload_hash.empty() ? sha256_hex(request.body) : request.payload_hash;
  return prepared;
}

std::string encoded_query(const QueryParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += uri_encode(name) + "=" + uri_encode(value);
  }
  return out;
}

void finish(SigV4Signature& result, const SigV4Request& request, const AwsCredentials& credentials,
            const SigV4Options& options, const Prepared& prepared, const QueryParams& signed_query,
            const SignedHeaderSet& headers) {
  result.amz_date = prepared.amz_date;
  result.credential_scope = prepared.scope;
  result.signed_headers = headers.names;
  result.canonical_request =
      request.method + "\n" +
      sigv4_canonical_path(request.path, options.normalize_path, options.double_encode_path) +
      "\n" + sigv4_canonical_query(signed_query) + "\n" + headers.canonical + "\n" + headers.names +
      "\n" + prepared.payload_hash;
  result.string_to_sign = std::string(kAlgorithm) + "\n" + prepared.amz_date + "\n" +
                          prepared.scope + "\n" + sha256_hex(result.canonical_request);
  const std::string key = sigv4_signing_key(credentials.secret_access_key, prepared.date,
                                            options.region, options.service);
  result.signature = hmac_sha256_hex(key, result.string_to_sign);
}

std::string url_for(const SigV4Request& request, std::string_view query) {
  std::string url = request.scheme + "://" + request.host;
  url += request.path.empty() ? "/" : request.path;
  if (!query.empty()) {
    url += '?';
    url += query;
  }
  return url;
}

Headers headers_to_send(const Prepared& prepared) {
  // A Host header the signer derived stays out of the request: drivers set Host themselves, and
  // browsers refuse a script that tries.
  Headers out(prepared.headers.begin() + (prepared.host_derived ? 1 : 0), prepared.headers.end());
  return out;
}

}  // namespace

std::string sigv4_amz_date(std::int64_t unix_seconds) {
  // ISO 8601 basic format: the extended form without its separators.
  std::string date;
  for (char c : iso8601_utc(unix_seconds)) {
    if (c != '-' && c != ':') date += c;
  }
  return date;
}

std::string sigv4_canonical_path(std::string_view path, bool normalize, bool double_encode) {
  std::string result;
  if (normalize) {
    // RFC 3986 remove_dot_segments, plus dropping empty segments as AWS does ("//a//" -> "/a/").
    std::vector<std::string_view> segments;
    bool trailing_slash = false;
    std::size_t pos = 0;
    while (pos <= path.size()) {
      std::size_t slash = path.find('/', pos);
      if (slash == std::string_view::npos) slash = path.size();
      const std::string_view segment = path.substr(pos, slash - pos);
      const bool last = slash == path.size();
      if (segment == "..") {
        if (!segments.empty()) segments.pop_back();
        trailing_slash = true;
      } else if (segment == ".") {
        trailing_slash = true;
      } else if (segment.empty()) {
        trailing_slash = true;
      } else {
        segments.push_back(segment);
        trailing_slash = false;
      }
      if (last) break;
      pos = slash + 1;
    }
    result = "/";
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) result += '/';
      result += segments[i];
    }
    if (trailing_slash && !segments.empty()) result += '/';
  } else {
    result = std::string(path);
  }
  if (result.empty()) result = "/";
  return double_encode ? uri_encode(result, true) : result;
}

std::string sigv4_canonical_query(const QueryParams& params) {
  // Sorted by encoded name, then value, as each goes in: a request has a handful of parameters,
  // and std::sort costs 1 KB of wasm (docs/performance.md).
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size());
  for (const auto& [name, value] : params) {
    std::pair<std::string, std::string> param(uri_encode(name), uri_encode(value));
    auto after =
        std::find_if(encoded.begin(), encoded.end(), [&](const auto& p) { return param < p; });
    encoded.insert(after, std::move(param));
  }
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string sigv4_signing_key(std::string_view secret_access_key, std::string_view date,
                              std::string_view region, std::string_view service) {
  const std::string secret = "AWS4" + std::string(secret_access_key);
  const std::string date_key = hmac_sha256_bytes(secret, date);
  const std::string region_key = hmac_sha256_bytes(date_key, region);
  const std::string service_key = hmac_sha256_bytes(region_key, service);
  return hmac_sha256_bytes(service_key, "aws4_request");
}

SigV4Signature sigv4_sign_headers(const SigV4Request& request, const AwsCredentials& credentials,
                                  const SigV4Options& options) {
  const bool has_token = !credentials.session_token.empty();
  const Prepared prepared = prepare(request, options, /*header_mode=*/true, has_token);

  Headers signed_headers = prepared.headers;
  signed_headers.push_back({"X-Amz-Date", prepared.amz_date});
  if (has_token && !options.omit_session_token) {
    signed_headers.push_back({"X-Amz-Security-Token", credentials.session_token});
  }
  if (options.sign_body) signed_headers.push_back({"x-amz-content-sha256", prepared.payload_hash});

  SigV4Signature result;
  const SignedHeaderSet set = canonical_headers(signed_headers);
  finish(result, request, credentials, options, prepared, request.query, set);

  if (has_token)
    result.added_headers.push_back({"X-Amz-Security-Token", credentials.session_token});
  result.added_headers.push_back({"X-Amz-Date", prepared.amz_date});
  if (options.sign_body) {
    result.added_headers.push_back({"x-amz-content-sha256", prepared.payload_hash});
  }
  result.added_headers.push_back(
      {"Authorization", std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                            prepared.scope + ", SignedHeaders=" + set.names +
                            ", Signature=" + result.signature});

  result.request.method = request.method;
  result.request.url = url_for(request, encoded_query(request.query));
  result.request.headers = headers_to_send(prepared);
  result.request.headers.insert(result.request.headers.end(), result.added_headers.begin(),
                                result.added_headers.end());
  result.request.body = request.body;
  return result;
}

SigV4Signature sigv4_presign_query(const SigV4Request& request, const AwsCredentials& credentials,
                                   const SigV4Options& options) {
  const bool has_token = !credentials.session_token.empty();
  const Prepared prepared = prepare(request, options, /*header_mode=*/false, has_token);
  const SignedHeaderSet set = canonical_headers(prepared.headers);

  // Sending order follows aws-c-auth: the caller's parameters, then the signer's.
  QueryParams query;
  for (const auto& param : request.query) {
    if (!owned_query_param(param.first)) query.push_back(param);
  }
  query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" + prepared.scope);
  query.emplace_back("X-Amz-Date", prepared.amz_date);
  query.emplace_back("X-Amz-SignedHeaders", set.names);
  query.emplace_back("X-Amz-Expires", std::to_string(options.expires_in));
  QueryParams signed_query = query;
  if (has_token) {
    query.emplace_back("X-Amz-Security-Token", credentials.session_token);
    if (!options.omit_session_token) signed_query = query;
  }

  SigV4Signature result;
  finish(result, request, credentials, options, prepared, signed_query, set);
  query.emplace_back("X-Amz-Signature", result.signature);
  result.query_string = encoded_query(query);

  result.request.method = request.method;
  result.request.url = url_for(request, result.query_string);
  result.request.headers = headers_to_send(prepared);
  result.request.body = request.body;
  return result;
}

}  // namespace credprobe
