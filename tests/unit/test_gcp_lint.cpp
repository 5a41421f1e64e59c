// Offline checks of Google credential files: one case per problem, with its exact message.
#include <catch2/catch.hpp>

#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/gcp/json_position.hpp"
#include "test_gcp_support.hpp"

using namespace credprobe;
using nlohmann::json;

namespace {

LintIssues lint_key(const std::string& text, const std::string& project = "") {
  Fields fields = {{"gcp_service_account_key", text}};
  if (!project.empty()) fields["gcp_project_id"] = project;
  return lint_gcp(fields);
}

// The single error message, "" when there is none; fails when there are several.
std::string only_error(const LintIssues& issues) {
  std::vector<std::string> errors;
  for (const auto& i : issues) {
    if (i.severity == Severity::error) errors.push_back(i.field + " " + i.message);
  }
  INFO("errors: " << errors.size());
  REQUIRE(errors.size() <= 1);
  return errors.empty() ? std::string() : errors.front();
}

// The key's newlines pasted as the two characters \ and n.
std::string literal_newlines(std::string text) {
  for (std::size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += 2) {
    text.replace(at, 1, "\\n");
  }
  return text;
}

std::string with_private_key(const std::string& pem) {
  return gcp_test::key_file({{"private_key", pem}});
}

}  // namespace

TEST_CASE("a key file as the console downloads it has no issues") {
  CHECK(lint_key(gcp_test::key_file()).empty());
  CHECK(lint_key(gcp_test::key_file(), "other-project-42").empty());
}

TEST_CASE("not JSON: a trailing comma, with line and column") {
  CHECK(only_error(lint_key("{\n  \"type\": \"service_account\",\n}\n")) ==
        "gcp_service_account_key is not JSON: a trailing comma before '}' at line 3, column 1");
}

TEST_CASE("not JSON: cut short, pointing past the last character") {
  CHECK(only_error(lint_key("{\n  \"type\": \"service_account\",\n  \"project_id\": \"x\"")) ==
        "gcp_service_account_key is not JSON: unexpected end of input (the text is cut short, or "
        "a bracket or quote is not closed) at line 3, column 20");
}

TEST_CASE("not JSON: single quotes") {
  CHECK(only_error(lint_key("{'type': 'service_account'}")) ==
        "gcp_service_account_key is not JSON: a single quote; JSON strings use double quotes at "
        "line 1, column 2");
}

TEST_CASE("not JSON: a raw line break inside a string, columns counted in characters") {
  CHECK(only_error(lint_key("{\"note\": \"é\n\"}")) ==
        "gcp_service_account_key is not JSON: a raw control character (such as a line break) "
        "inside a string; JSON writes it as \\n at line 1, column 12");
}

TEST_CASE("not JSON: a missing comma between members") {
  CHECK(only_error(lint_key("{\n  \"type\": \"service_account\"\n  \"project_id\": \"p\"\n}")) ==
        "gcp_service_account_key is not JSON: a missing comma between two members at line 3, "
        "column 3");
}

TEST_CASE("the error position is the byte where parsing stopped") {
  auto error = find_json_syntax_error("[1, 2,, 3]");
  REQUIRE(error);
  CHECK(error->line == 1);
  CHECK(error->column == 7);
  CHECK_FALSE(find_json_syntax_error("{\"a\": [1, 2.5, true, null]}"));
}

TEST_CASE("a PEM pasted instead of the JSON file") {
  CHECK(only_error(lint_key(gcp_test::pkcs8_pem())) ==
        "gcp_service_account_key is a PEM key, not the JSON key file: give the whole JSON file the "
        "console downloaded (it holds the key together with client_email and private_key_id)");
}

TEST_CASE("a file path pasted instead of the file's contents") {
  CHECK(only_error(lint_key("/home/ada/keys/credprobe-test-7c0d1e2f3a4b.json")) ==
        "gcp_service_account_key looks like a file path, not the key's contents; pass the file as "
        "--field gcp_service_account_key=@PATH");
}

TEST_CASE("JSON that is not an object") {
  CHECK(
      only_error(lint_key("[\"service_account\"]")) ==
      "gcp_service_account_key is JSON but not an object; a key file is one JSON object ({ ... })");
}

TEST_CASE("an authorized_user file is recognised and checked with its refresh token") {
  auto issues = lint_key(gcp_test::authorized_user_file());
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::info);
  CHECK(issues[0].message ==
        "is an authorized_user file (gcloud auth application-default login): it is checked with "
        "its refresh token, not a service-account key");
}

TEST_CASE("an authorized_user file without a project warns that no project is read") {
  auto issues = lint_key(gcp_test::authorized_user_file({{"quota_project_id", nullptr}}));
  REQUIRE(issues.size() == 2);
  CHECK(issues[1].severity == Severity::warning);
  CHECK(issues[1].field == "gcp_project_id");
  CHECK(issues[1].message ==
        "is not given and the file has no quota_project_id: only the refresh token is checked, "
        "no project is read");
}

TEST_CASE("an authorized_user file without its refresh token") {
  CHECK(only_error(lint_key(gcp_test::authorized_user_file({{"refresh_token", nullptr}}))) ==
        "gcp_service_account_key is missing \"refresh_token\"");
}

TEST_CASE("an external_account file says what it is") {
  CHECK(only_error(
            lint_key(R"({"type": "external_account", "audience": "//iam.googleapis.com/x"})")) ==
        "gcp_service_account_key is an external_account file (workload identity federation): it "
        "holds no key, only how to trade another platform's token for a Google one; credprobe "
        "cannot check it. Check that platform's credential, or use a service-account key");
}

TEST_CASE("an impersonated_service_account file says what it is") {
  CHECK(only_error(lint_key(R"({"type": "impersonated_service_account"})")) ==
        "gcp_service_account_key is an impersonated_service_account file: it names a service "
        "account to impersonate with other credentials; check those source credentials instead");
}

TEST_CASE("an unknown type is named") {
  CHECK(only_error(lint_key(gcp_test::key_file({{"type", "service-account"}}))) ==
        "gcp_service_account_key has \"type\" \"service-account\"; expected \"service_account\" "
        "(or an authorized_user file from gcloud auth application-default login)");
}

TEST_CASE("a missing type") {
  CHECK(only_error(lint_key(gcp_test::key_file({{"type", nullptr}}))) ==
        "gcp_service_account_key has no \"type\"; a service-account key file says \"type\": "
        "\"service_account\"");
}

TEST_CASE("each missing member is named") {
  for (const char* member : {"client_email", "private_key", "private_key_id", "project_id"}) {
    INFO(member);
    CHECK(only_error(lint_key(gcp_test::key_file({{member, nullptr}}))) ==
          std::string("gcp_service_account_key is missing \"") + member + "\"");
  }
  CHECK(only_error(lint_key(gcp_test::key_file({{"private_key_id", 42}}))) ==
        "gcp_service_account_key has \"private_key_id\" that is not a non-empty string");
}

TEST_CASE("private_key cut short: no END line") {
  std::string pem = gcp_test::pkcs8_pem();
  CHECK(only_error(lint_key(with_private_key(pem.substr(0, pem.size() / 2)))) ==
        "gcp_service_account_key has a \"private_key\" that is not a usable PEM: the PEM is "
        "truncated: -----BEGIN PRIVATE KEY----- has no matching -----END line");
}

TEST_CASE("private_key with lines lost in the middle") {
  std::string pem = gcp_test::pkcs8_pem();
  // Drop the second to fifth body lines (64 characters each, so the base64 stays aligned).
  std::size_t first = pem.find('\n', pem.find('\n') + 1) + 1;
  std::size_t last = first;
  for (int i = 0; i < 4; ++i) last = pem.find('\n', last) + 1;
  pem.erase(first, last - first);
  CHECK(only_error(lint_key(with_private_key(pem))) ==
        "gcp_service_account_key has a \"private_key\" that is not a PKCS#8 RSA private key: the "
        "DER is truncated or not DER (was the key cut short when copied?)");
}

TEST_CASE("private_key with escaped newlines pasted literally") {
  std::string pem = gcp_test::pkcs8_pem();
  std::string escaped;
  for (char c : pem) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  CHECK(only_error(lint_key(with_private_key(escaped))) ==
        "gcp_service_account_key has a \"private_key\" that is not a usable PEM: the PEM contains "
        "literal \\n sequences (a backslash followed by n) instead of line breaks: it looks like "
        "a JSON string pasted without decoding; replace each \\n with a newline, or paste the "
        "whole JSON file instead");
}

TEST_CASE("private_key holding the public key") {
  CHECK(only_error(lint_key(with_private_key(gcp_test::vector_text("public_key_pem")))) ==
        "gcp_service_account_key has a \"private_key\" that holds a public key (BEGIN PUBLIC KEY), "
        "not the private key");
}

TEST_CASE("private_key in PKCS#1 form") {
  CHECK(only_error(lint_key(with_private_key(gcp_test::vector_text("private_key_pkcs1_pem")))) ==
        "gcp_service_account_key has a \"private_key\" that is not a PKCS#8 RSA private key: this "
        "is a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY), not PKCS#8; convert it with `openssl pkcs8 "
        "-topk8 -nocrypt`");
}

TEST_CASE("client_email that is not a service-account address") {
  CHECK(only_error(lint_key(gcp_test::key_file({{"client_email", "ada@gmail.com"}}))) ==
        "gcp_service_account_key has a \"client_email\" \"ada@gmail.com\" that is not a "
        "service-account address (NAME@PROJECT.iam.gserviceaccount.com)");
  CHECK(is_service_account_email("123-compute@developer.gserviceaccount.com"));
  CHECK(is_service_account_email("my-app@appspot.gserviceaccount.com"));
  CHECK_FALSE(is_service_account_email("a@b@c.iam.gserviceaccount.com"));
}

TEST_CASE("a token_uri that is not Google's is a warning naming its host") {
  auto issues =
      lint_key(gcp_test::key_file({{"token_uri", "https://collector.example.net/token"}}));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::warning);
  CHECK(issues[0].message ==
        "has a \"token_uri\" that points at collector.example.net, not Google's token endpoint; "
        "credprobe sends a signed assertion there only if you set that endpoint yourself "
        "(--endpoint token=URL)");
  CHECK(lint_key(gcp_test::key_file({{"token_uri", "https://accounts.google.com/o/oauth2/token"}}))
            .empty());
}

TEST_CASE("gcp_project_id must be a project ID or number") {
  CHECK(only_error(lint_key(gcp_test::key_file(), "My Project")) ==
        "gcp_project_id contains whitespace at the 3rd character");
  CHECK(only_error(lint_key(gcp_test::key_file(), "Prod_Project")) ==
        "gcp_project_id is not a project ID: IDs are 6 to 30 lowercase letters, digits and "
        "hyphens, starting with a letter (the project number works too)");
  CHECK(is_project_id("my-project-123"));
  CHECK(is_project_id("415104041262"));
  CHECK(is_project_id("example.com:my-project"));
  CHECK_FALSE(is_project_id("proj"));
  CHECK_FALSE(is_project_id("ends-with-"));
}

TEST_CASE("no lint message quotes any line of the private key") {
  const std::string pem = gcp_test::pkcs8_pem();
  REQUIRE_FALSE(pem.empty());
  std::vector<std::string> inputs = {
      pem, with_private_key(pem.substr(0, 300)), with_private_key(literal_newlines(pem)),
      gcp_test::key_file({{"client_email", "x"}}), "{\"private_key\": \"" + pem.substr(0, 200)};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    INFO("input " << i);
    const auto issues = lint_key(inputs[i]);
    REQUIRE_FALSE(issues.empty());
    for (const auto& issue : issues) {
      std::size_t start = pem.find('\n') + 1;
      while (start < pem.size()) {
        std::size_t end = pem.find('\n', start);
        std::string line = pem.substr(start, end - start);
        if (line.size() >= 16 && line.find("-----") == std::string::npos) {
          CHECK(issue.message.find(line.substr(0, 16)) == std::string::npos);
        }
        start = end + 1;
      }
    }
  }
}
