// Offline checks of Azure service principal fields: one case per mistake, exact messages.
#include <catch2/catch.hpp>

#include "credprobe/azure/azure_lint.hpp"
#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/check.hpp"

using namespace credprobe;

namespace {

const std::string kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const std::string kClient = "4d856d1f-8648-456c-9bb2-f36273bbe4e3";
const std::string kSecret = "Abc8Q~xYz0123456789abcdefghijklmnopqrstu";
const std::string kSubscription = "8d65815f-a5b6-402f-9298-045155da7d74";

Fields valid_fields() {
  return {{"azure_tenant_id", kTenant},
          {"azure_client_id", kClient},
          {"azure_client_secret", kSecret},
          {"azure_subscription_id", kSubscription},
          {"azure_cloud", "public"}};
}

LintIssues lint_with(const std::string& field, const std::string& value) {
  Fields fields = valid_fields();
  fields[field] = value;
  return lint_azure(fields);
}

std::string only_error(const LintIssues& issues, const std::string& field) {
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::error);
  CHECK(issues[0].field == field);
  return issues[0].message;
}

}  // namespace

TEST_CASE("well-formed service principal fields pass") {
  CHECK(lint_azure(valid_fields()).empty());
}

TEST_CASE("a verified domain is accepted as the tenant") {
  CHECK(lint_with("azure_tenant_id", "contoso.onmicrosoft.com").empty());
  CHECK(lint_with("azure_tenant_id", "Contoso-Labs.example.co.uk").empty());
}

TEST_CASE("upper-case GUIDs are accepted") {
  CHECK(lint_with("azure_client_id", "4D856D1F-8648-456C-9BB2-F36273BBE4E3").empty());
}

TEST_CASE("optional subscription and cloud may be left out") {
  Fields fields = valid_fields();
  fields.erase("azure_subscription_id");
  fields.erase("azure_cloud");
  CHECK(lint_azure(fields).empty());
}

TEST_CASE("a client secret shaped like a GUID is the secret's ID, not its value") {
  std::string message =
      only_error(lint_with("azure_client_secret", kSubscription), "azure_client_secret");
  CHECK(message ==
        "is shaped like a GUID: that is the secret's ID, not its value. Copy the Value column "
        "shown once when the secret was created in Certificates & secrets (create a new secret "
        "if it is no longer shown)");
}

TEST_CASE("lint messages never quote the secret") {
  for (const std::string& bad : {std::string(" ") + kSecret, "\"" + kSecret + "\"", kClient}) {
    const auto issues = lint_with("azure_client_secret", bad);
    REQUIRE_FALSE(issues.empty());
    for (const auto& issue : issues) {
      CHECK(issue.message.find(kSecret) == std::string::npos);
      CHECK(issue.message.find(kClient) == std::string::npos);
    }
  }
}

TEST_CASE("whitespace and quotes pasted along are errors on every field") {
  CHECK(only_error(lint_with("azure_client_secret", kSecret + "\n"), "azure_client_secret") ==
        "has leading or trailing whitespace (pasted along with the value?); remove it");
  CHECK(only_error(lint_with("azure_tenant_id", "'" + kTenant + "'"), "azure_tenant_id") ==
        "is wrapped in quotes; paste the value without the quotes");
  CHECK(only_error(lint_with("azure_client_id", " " + kClient), "azure_client_id") ==
        "has leading or trailing whitespace (pasted along with the value?); remove it");
  CHECK(only_error(lint_with("azure_subscription_id", "\"" + kSubscription + "\""),
                   "azure_subscription_id") ==
        "is wrapped in quotes; paste the value without the quotes");
}

TEST_CASE("a secret equal to the client ID is refused") {
  Fields fields = valid_fields();
  fields["azure_client_id"] = "Abc8Q~xYz0123456789abcdefghijklmnopqrstu";
  auto issues = lint_azure(fields);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].field == "azure_client_id");
  CHECK(issues[1].field == "azure_client_secret");
  CHECK(issues[1].message == "is the same as the client ID; paste the secret's value");
}

TEST_CASE("a short secret is only a warning") {
  auto issues = lint_with("azure_client_secret", "short-secret");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::warning);
  CHECK(issues[0].message ==
        "has only 12 characters; secrets made by Entra ID have about 40 (cut short when "
        "copied?)");
}

TEST_CASE("client ID shape problems point at the exact character") {
  CHECK(only_error(lint_with("azure_client_id", "4d856d1f-8648-456c-9bb2-f36273bbe4e"),
                   "azure_client_id") ==
        "has 35 characters; a GUID has 36 (8-4-4-4-12 hex digits and dashes) (the Application "
        "(client) ID from the app registration's Overview)");
  CHECK(only_error(lint_with("azure_client_id", "4d856d1f-8648-456c-9bb2-f36273bbe4eg"),
                   "azure_client_id") ==
        "has a character that is not a hex digit at the 36th character; a GUID is 8-4-4-4-12 "
        "hex digits (the Application (client) ID from the app registration's Overview)");
  CHECK(only_error(lint_with("azure_client_id", "4d856d1f_8648-456c-9bb2-f36273bbe4e3"),
                   "azure_client_id") ==
        "has no dash at the 9th character; a GUID is 8-4-4-4-12 hex digits (the Application "
        "(client) ID from the app registration's Overview)");
}

TEST_CASE("braces and missing dashes are explained") {
  CHECK(only_error(lint_with("azure_client_id", "{" + kClient + "}"), "azure_client_id")
            .rfind("is wrapped in braces; give the GUID without { }", 0) == 0);
  CHECK(only_error(lint_with("azure_client_id", "4d856d1f8648456c9bb2f36273bbe4e3"),
                   "azure_client_id")
            .rfind("has no dashes; write it as 8-4-4-4-12 hex digits", 0) == 0);
}

TEST_CASE("the all-zero GUID is a placeholder") {
  const std::string zero = "00000000-0000-0000-0000-000000000000";
  CHECK(only_error(lint_with("azure_tenant_id", zero), "azure_tenant_id") ==
        "is the all-zero GUID, a placeholder");
  CHECK(only_error(lint_with("azure_client_id", zero), "azure_client_id") ==
        "is the all-zero GUID, a placeholder");
}

TEST_CASE("multi-tenant aliases cannot sign a service principal in") {
  for (const std::string alias : {"common", "organizations", "Consumers"}) {
    std::string message = only_error(lint_with("azure_tenant_id", alias), "azure_tenant_id");
    CHECK(message.find("a service principal signs in to one tenant") != std::string::npos);
  }
}

TEST_CASE("a tenant pasted as a login URL is refused") {
  CHECK(only_error(lint_with("azure_tenant_id", "https://login.microsoftonline.com/" + kTenant),
                   "azure_tenant_id") ==
        "is a URL; give only the tenant's ID (a GUID) or its domain, without the login host");
}

TEST_CASE("a tenant that is neither GUID nor domain is refused") {
  CHECK(only_error(lint_with("azure_tenant_id", "contoso"), "azure_tenant_id") ==
        "is neither a GUID nor a domain name such as contoso.onmicrosoft.com");
  CHECK(only_error(lint_with("azure_tenant_id", "72f988bf-86f1-41af-91ab-2d7cd011db4"),
                   "azure_tenant_id")
            .rfind("has 35 characters", 0) == 0);
}

TEST_CASE("a subscription resource ID is refused with the fix") {
  CHECK(only_error(lint_with("azure_subscription_id", "/subscriptions/" + kSubscription),
                   "azure_subscription_id") ==
        "is a resource ID; give only the subscription's GUID, without /subscriptions/");
}

TEST_CASE("unknown clouds are refused, with az CLI names translated") {
  CHECK(only_error(lint_with("azure_cloud", "AzureUSGovernment"), "azure_cloud") ==
        "is \"AzureUSGovernment\"; credprobe calls that cloud \"usgovernment\"");
  CHECK(only_error(lint_with("azure_cloud", "AzureChinaCloud"), "azure_cloud") ==
        "is \"AzureChinaCloud\"; credprobe calls that cloud \"china\"");
  CHECK(only_error(lint_with("azure_cloud", "germany"), "azure_cloud") ==
        "is \"germany\"; use one of public, usgovernment, china");
  CHECK(lint_with("azure_cloud", "usgovernment").empty());
  CHECK(lint_with("azure_cloud", "china").empty());
}

TEST_CASE("client ID equal to the tenant ID is a warning") {
  auto issues = lint_with("azure_client_id", kTenant);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].severity == Severity::warning);
  CHECK(issues[0].field == "azure_client_id");
}

TEST_CASE("a lint error means malformed and nothing sent") {
  CheckRequest request;
  request.fields = valid_fields();
  request.fields["azure_client_secret"] = kSubscription;
  auto prepared = prepare_check(azure_provider(), request);
  CHECK_FALSE(prepared.probe);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
  CHECK(prepared.verdict->summary.rfind("azure_client_secret is shaped like a GUID", 0) == 0);
}

TEST_CASE("missing required fields are reported by name") {
  CheckRequest request;
  request.fields = {{"azure_tenant_id", kTenant}};
  auto prepared = prepare_check(azure_provider(), request);
  REQUIRE(prepared.verdict);
  CHECK(prepared.verdict->status == Status::malformed);
  CHECK(prepared.verdict->summary == "azure_client_id Client ID is required");
}
