// SigV4 against the aws-c-auth signing suite (all 38 cases, header and query signing), plus the
// building blocks on their own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "credprobe/aws/sigv4.hpp"
#include "credprobe/crypto/encoding.hpp"

namespace fs = std::filesystem;

namespace {

std::optional<fs::path> sigv4_vectors_dir() {
  const fs::path dir = fs::path(CREDPROBE_VECTORS_DIR) / "aws-sigv4-v4";
  if (fs::is_directory(dir)) return dir;
  if (std::getenv("CI") != nullptr) {
    FAIL("vectors directory " << dir.string() << " is missing and CI is set");
  }
  WARN("SKIPPED: vectors directory " << dir.string()
                                     << " is missing; put the shared vectors at ../shared/vectors");
  return std::nullopt;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path.string());
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "2015-08-30T12:36:00Z" to Unix seconds, with Howard Hinnant's days_from_civil.
std::int64_t parse_iso8601(const std::string& text) {
  REQUIRE(text.size() == 20);
  const int year = std::stoi(text.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const unsigned day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  const std::int64_t days = std::int64_t{era} * 146097 + day_of_era - 719468;
  return days * 86400 + std::stoi(text.substr(11, 2)) * 3600 + std::stoi(text.substr(14, 2)) * 60 +
         std::stoi(text.substr(17, 2));
}

struct VectorRequest {
  credprobe::SigV4Request request;
  std::string raw_path_and_query;
};

// request.txt: "METHOD PATH HTTP/1.1", header lines (indented lines continue the previous value),
// a blank line, then the body. Paths may contain raw spaces, so the version is split off the end.
VectorRequest parse_request(const std::string& text) {
  VectorRequest parsed;
  auto& request = parsed.request;
  std::size_t line_end = text.find('\n');
  const std::string request_line = text.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t last_space = request_line.rfind(' ');
  REQUIRE(first_space != std::string::npos);
  REQUIRE(last_space > first_space);
  request.method = request_line.substr(0, first_space);
  parsed.raw_path_and_query = request_line.substr(first_space + 1, last_space - first_space - 1);

  const std::size_t question = parsed.raw_path_and_query.find('?');
  request.path = parsed.raw_path_and_query.substr(0, question);
  if (question != std::string::npos) {
    const std::string query = parsed.raw_path_and_query.substr(question + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
      std::size_t amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      const std::string pair = query.substr(pos, amp - pos);
      if (!pair.empty()) {
        const std::size_t eq = pair.find('=');
        const auto name = credprobe::url_decode(pair.substr(0, eq));
        const auto value =
            credprobe::url_decode(eq == std::string::npos ? "" : pair.substr(eq + 1));
        REQUIRE(name.has_value());
        REQUIRE(value.has_value());
        request.query.emplace_back(*name, *value);
      }
      pos = amp + 1;
    }
  }

  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 1;
    line_end = text.find('\n', start);
    const std::string line =
        text.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    if (line.empty()) {
      if (line_end != std::string::npos) request.body = text.substr(line_end + 1);
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      REQUIRE_FALSE(request.headers.empty());
      request.headers.back().value += " " + line;  // obs-fold: the signer collapses the blanks
      continue;
    }
    const std::size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    request.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
    if (credprobe::iequals(request.headers.back().name, "host")) {
      request.host = request.headers.back().value;
    }
  }
  return parsed;
}

struct VectorCase {
  std::string name;
  credprobe::SigV4Request request;
  credprobe::AwsCredentials credentials;
  credprobe::SigV4Options options;
};

VectorCase load_case(const fs::path& dir) {
  VectorCase test;
  test.name = dir.filename().string();
  test.request = parse_request(read_file(dir / "request.txt")).request;
  const auto context = nlohmann::json::parse(read_file(dir / "context.json"));
  const auto& credentials = context.at("credentials");
  test.credentials.access_key_id = credentials.at("access_key_id").get<std::string>();
  test.credentials.secret_access_key = credentials.at("secret_access_key").get<std::string>();
  test.credentials.session_token = credentials.value("token", std::string());
  test.options.region = context.at("region").get<std::string>();
  test.options.service = context.at("service").get<std::string>();
  test.options.timestamp = parse_iso8601(context.at("timestamp").get<std::string>());
  test.options.normalize_path = context.at("normalize").get<bool>();
  test.options.sign_body = context.at("sign_body").get<bool>();
  test.options.omit_session_token = context.value("omit_session_token", false);
  test.options.expires_in = context.at("expiration_in_seconds").get<std::int64_t>();
  return test;
}

std::vector<fs::path> case_dirs(const fs::path& root) {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && fs::exists(entry.path() / "context.json")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// The line of a signed-request file that starts with `prefix`, or "" when none does.
std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return {};
}

}  // namespace

TEST_CASE("the SigV4 suite has exactly 38 cases", "[sigv4][vectors]") {
  const auto root = sigv4_vectors_dir();
  if (!root) return;
  CHECK(case_dirs(*root).size() == 38);
}

TEST_CASE("SigV4 header signing matches every aws-c-auth vector", "[sigv4][vectors]") {
  const auto root = sigv4_vectors_dir();
  if (!root) return;
  for (const auto& dir : case_dirs(*root)) {
    const VectorCase test = load_case(dir);
    INFO("case " << test.name << " (header signing)");
    const auto signed_request =
        credprobe::sigv4_sign_headers(test.request, test.credentials, test.options);
    CHECK(signed_request.canonical_request == read_file(dir / "header-canonical-request.txt"));
    CHECK(signed_request.string_to_sign == read_file(dir / "header-string-to-sign.txt"));
    CHECK(signed_request.signature == read_file(dir / "header-signature.txt"));

    const std::string expected = read_file(dir / "header-signed-request.txt");
    for (const auto& header : signed_request.added_headers) {
      const std::string line = header.name + ":" + header.value;
      CHECK(line_starting(expected, header.name + ":") == line);
    }
  }
}

TEST_CASE("SigV4 query presigning matches every aws-c-auth vector", "[sigv4][vectors]") {
  const auto root = sigv4_vectors_dir();
  if (!root) return;
  for (const auto& dir : case_dirs(*root)) {
    const VectorCase test = load_case(dir);
    INFO("case " << test.name << " (query signing)");
    const auto presigned =
        credprobe::sigv4_presign_query(test.request, test.credentials, test.options);
    CHECK(presigned.canonical_request == read_file(dir / "query-canonical-request.txt"));
    CHECK(presigned.string_to_sign == read_file(dir / "query-string-to-sign.txt"));
    CHECK(presigned.signature == read_file(dir / "query-signature.txt"));

    // The signer's parameters, in the suite's sending order, end the request line's query.
    const std::string request_line = read_file(dir / "query-signed-request.txt");
    const std::string expected_query = request_line.substr(0, request_line.find(" HTTP/1.1"));
    const std::string ours = presigned.query_string.substr(presigned.query_string.find("X-Amz-"));
    CHECK(expected_query.substr(expected_query.find("X-Amz-")) == ours);
  }
}

TEST_CASE("the amz date is the UTC basic ISO 8601 form of the Unix time", "[sigv4]") {
  CHECK(credprobe::sigv4_amz_date(0) == "19700101T000000Z");
  CHECK(credprobe::sigv4_amz_date(1440938160) == "20150830T123600Z");
  CHECK(credprobe::sigv4_amz_date(951782400) == "20000229T000000Z");
  CHECK(credprobe::sigv4_amz_date(4102444799) == "20991231T235959Z");
  CHECK(credprobe::sigv4_amz_date(-1) == "19691231T235959Z");
}

TEST_CASE("the signing key derivation matches the AWS documentation example", "[sigv4]") {
  const std::string key = credprobe::sigv4_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                       "20120215", "us-east-1", "iam");
  CHECK(credprobe::hex_encode(key) ==
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST_CASE("canonical paths: normalisation removes dot and empty segments", "[sigv4]") {
  using credprobe::sigv4_canonical_path;
  CHECK(sigv4_canonical_path("", true, true) == "/");
  CHECK(sigv4_canonical_path("/", true, true) == "/");
  CHECK(sigv4_canonical_path("//example//", true, true) == "/example/");
  CHECK(sigv4_canonical_path("/a/b/../c/./d", true, true) == "/a/c/d");
  CHECK(sigv4_canonical_path("/a/b/..", true, true) == "/a/");
  CHECK(sigv4_canonical_path("/../..", true, true) == "/");
  CHECK(sigv4_canonical_path("//example//", false, true) == "//example//");
}

TEST_CASE("canonical paths: the wire path is encoded again unless told otherwise (S3)", "[sigv4]") {
  using credprobe::sigv4_canonical_path;
  CHECK(sigv4_canonical_path("/my%20file", true, true) == "/my%2520file");
  CHECK(sigv4_canonical_path("/my%20file", false, false) == "/my%20file");
}

TEST_CASE("the canonical query sorts by encoded name, then by encoded value", "[sigv4]") {
  const credprobe::QueryParams params = {
      {"Param-3", "Value3"}, {"Param", "b"}, {"Param", "a"}, {"\xe1\x88\xb4", "x y"}, {"k", ""}};
  CHECK(credprobe::sigv4_canonical_query(params) ==
        "%E1%88%B4=x%20y&Param=a&Param=b&Param-3=Value3&k=");
  CHECK(credprobe::sigv4_canonical_query({}) == "");
}

TEST_CASE("a presigned STS GetCallerIdentity is a plain GET with everything in the URL",
          "[sigv4]") {
  credprobe::SigV4Request request;
  request.host = "sts.amazonaws.com";
  request.query = {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}};
  credprobe::AwsCredentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                        "session/token+="};
  credprobe::SigV4Options options;
  options.region = "us-east-1";
  options.service = "sts";
  options.timestamp = 1440938160;
  options.expires_in = 60;
  const auto presigned = credprobe::sigv4_presign_query(request, credentials, options);
  const std::string prefix =
      "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
      "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request"
      "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Security-Token=session%2Ftoken%2B%3D&X-Amz-Signature=";
  CHECK(presigned.request.url == prefix + presigned.signature);
  CHECK(presigned.request.method == "GET");
  // The Host header was derived, so it stays out: browsers refuse scripts that set it.
  CHECK(presigned.request.headers.empty());
  CHECK(presigned.canonical_request ==
        "GET\n/\nAction=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request"
        "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60"
        "&X-Amz-Security-Token=session%2Ftoken%2B%3D&X-Amz-SignedHeaders=host\n"
        "host:sts.amazonaws.com\n\nhost\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("header signing adds X-Amz-Date and Authorization and keeps the caller's headers",
          "[sigv4]") {
  credprobe::SigV4Request request;
  request.method = "POST";
  request.host = "sts.us-west-2.amazonaws.com";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"X-Amz-Date", "stale"}};
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  credprobe::SigV4Options options;
  options.region = "us-west-2";
  options.service = "sts";
  options.timestamp = 1440938160;
  const auto signed_request =
      credprobe::sigv4_sign_headers(request, {"AKID", "secret", ""}, options);
  CHECK(signed_request.signed_headers == "content-type;host;x-amz-date");
  CHECK(signed_request.request.url == "https://sts.us-west-2.amazonaws.com/");
  CHECK(signed_request.request.body == request.body);
  REQUIRE(signed_request.request.headers.size() == 3);
  CHECK(signed_request.request.headers[0].name == "Content-Type");
  CHECK(signed_request.request.headers[1].name == "X-Amz-Date");
  CHECK(signed_request.request.headers[1].value == "20150830T123600Z");
  CHECK(signed_request.request.headers[2].name == "Authorization");
  CHECK(signed_request.request.headers[2].value ==
        "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-west-2/sts/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, Signature=" +
            signed_request.signature);
}

TEST_CASE("a precomputed payload hash is signed instead of hashing the body", "[sigv4]") {
  credprobe::SigV4Request request;
  request.host = "bucket.s3.amazonaws.com";
  request.payload_hash = "UNSIGNED-PAYLOAD";
  credprobe::SigV4Options options;
  options.region = "us-east-1";
  options.service = "s3";
  options.normalize_path = false;
  options.double_encode_path = false;
  const auto presigned = credprobe::sigv4_presign_query(request, {"AKID", "secret", ""}, options);
  CHECK(presigned.canonical_request.substr(presigned.canonical_request.rfind('\n') + 1) ==
        "UNSIGNED-PAYLOAD");
}
