// AWS Signature Version 4 as pure functions: the caller passes the request, the credentials and
// the time in, and gets back every intermediate (canonical request, string to sign) along with
// the signature, so tests can compare each against the published suite and the emulator can
// verify with the same code. Header signing (Authorization) and query presigning are both here:
// browsers use presigned GETs because they need no CORS preflight.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credprobe/http.hpp"

namespace credprobe {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct SigV4Request {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;        // host[:port]; signed as the Host header unless `headers` has one
  std::string path = "/";  // as it goes on the wire, already percent-encoded where needed
  QueryParams query;       // decoded names and values, in sending order; the signer encodes them
  Headers headers;         // every one is signed
  std::string body;
  // Hex SHA-256 of the body, or a literal such as "UNSIGNED-PAYLOAD"; computed when empty.
  std::string payload_hash;
};

struct SigV4Options {
  std::string region;
  std::string service;
  std::int64_t timestamp = 0;  // Unix seconds, read by the driver
  // Remove dot segments and empty segments from the path (every service but S3).
  bool normalize_path = true;
  // URI-encode the wire path once more (every service but S3), so "%20" is signed as "%2520".
  bool double_encode_path = true;
  // Header signing only: send and sign x-amz-content-sha256.
  bool sign_body = false;
  // Send the session token but leave it out of the signature, for services that want it added
  // after signing (aws-c-auth's omit_session_token).
  bool omit_session_token = false;
  std::int64_t expires_in = 3600;  // query presigning: X-Amz-Expires, seconds
};

struct SigV4Signature {
  std::string amz_date;          // "20150830T123600Z"
  std::string credential_scope;  // "20150830/us-east-1/sts/aws4_request"
  std::string signed_headers;    // "host;x-amz-date"
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // lower-case hex
  // Header signing: the headers the signer adds, in sending order; the last is Authorization.
  Headers added_headers;
  // Query presigning: the query string to send (the request's parameters, then the X-Amz-* ones).
  std::string query_string;
  // The signed request for a driver: absolute URL, the caller's headers plus `added_headers`.
  HttpRequest request;
};

SigV4Signature sigv4_sign_headers(const SigV4Request& request, const AwsCredentials& credentials,
                                  const SigV4Options& options);
SigV4Signature sigv4_presign_query(const SigV4Request& request, const AwsCredentials& credentials,
                                   const SigV4Options& options);

// The building blocks, exposed for tests and for verifiers.
std::string sigv4_amz_date(std::int64_t unix_seconds);  // "YYYYMMDDTHHMMSSZ", UTC
std::string sigv4_canonical_path(std::string_view path, bool normalize, bool double_encode);
std::string sigv4_canonical_query(const QueryParams& params);
// kSigning = HMAC chain over date (YYYYMMDD), region, service and "aws4_request"; raw bytes.
std::string sigv4_signing_key(std::string_view secret_access_key, std::string_view date,
                              std::string_view region, std::string_view service);

}  // namespace credprobe
