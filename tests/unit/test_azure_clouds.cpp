// Azure's clouds and endpoints: the login and management hosts follow azure_cloud unless an
// endpoint is replaced; plus the readers of Entra errors and token claims.
#include <catch2/catch.hpp>

#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/azure/entra_error.hpp"
#include "credprobe/azure/token_claims.hpp"
#include "credprobe/check.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/scripted_driver.hpp"
#include "docs/provider_docs.hpp"

using namespace credprobe;

namespace {

Fields fields_for(const std::string& cloud) {
  Fields f = {{"azure_tenant_id", "contoso.onmicrosoft.com"},
              {"azure_client_id", "4d856d1f-8648-456c-9bb2-f36273bbe4e3"},
              {"azure_client_secret", "Abc8Q~xYz0123456789abcdefghijklmnopqrstu"}};
  if (!cloud.empty()) f["azure_cloud"] = cloud;
  return f;
}

// The URLs of the first two requests (OpenID configuration, then token) for these inputs.
std::vector<SendStep> first_requests(const Fields& fields,
                                     std::map<std::string, std::string> overrides = {}) {
  CheckRequest request;
  request.fields = fields;
  request.endpoint_overrides = std::move(overrides);
  auto prepared = prepare_check(azure_provider(), request);
  REQUIRE(prepared.probe);
  ScriptedDriver driver(
      {http_answer(200, R"({"token_endpoint": "x", "issuer": "x"})"), http_answer(503, "")});
  driver.run(std::move(prepared));
  return driver.sent();
}

}  // namespace

TEST_CASE("the provider declares azure's fields, endpoints and Clustrix type") {
  ProviderSpec p = azure_provider();
  CHECK(p.id == "azure");
  CHECK(p.clustrix_type == "azure");
  REQUIRE(p.fields.size() == 8);
  CHECK(p.field("azure_client_secret")->kind == FieldKind::secret);
  CHECK(p.field("azure_tenant_id")->env_vars == std::vector<std::string>{"AZURE_TENANT_ID"});
  CHECK(p.field("azure_client_id")->env_vars == std::vector<std::string>{"AZURE_CLIENT_ID"});
  CHECK(p.field("azure_client_secret")->env_vars ==
        std::vector<std::string>{"AZURE_CLIENT_SECRET"});
  CHECK(p.field("azure_subscription_id")->env_vars ==
        std::vector<std::string>{"AZURE_SUBSCRIPTION_ID"});
  CHECK_FALSE(p.field("azure_subscription_id")->required);
  // Readiness's compute fields (Clustrix's keys), optional, in the Compute group.
  for (const char* name : {"azure_instance_type", "azure_region", "azure_resource_group"}) {
    INFO(name);
    REQUIRE(p.field(name));
    CHECK(p.field(name)->group == "Compute");
    CHECK_FALSE(p.field(name)->required);
  }
  const FieldSpec* cloud = p.field("azure_cloud");
  CHECK(cloud->kind == FieldKind::select);
  CHECK(cloud->default_value == "public");
  CHECK(cloud->choices == std::vector<std::string>{"public", "usgovernment", "china"});
  CHECK_FALSE(p.endpoint("login")->browser_callable);
  CHECK(p.endpoint("login")->hosts == std::vector<std::string>{"login.microsoftonline.com",
                                                               "login.microsoftonline.us",
                                                               "login.chinacloudapi.cn"});
  CHECK(p.endpoint("management")->hosts == std::vector<std::string>{"management.azure.com",
                                                                    "management.usgovcloudapi.net",
                                                                    "management.chinacloudapi.cn"});
  CHECK(documented(p).requests.size() == 3);
}

TEST_CASE("the public cloud is the default") {
  auto sent = first_requests(fields_for(""));
  CHECK(sent[0].request.url ==
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/"
        "openid-configuration");
  CHECK(sent[0].endpoint == "login");
  CHECK(sent[1].request.url ==
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  CHECK(sent[1].request.body.find("scope=https%3A%2F%2Fmanagement.azure.com%2F.default") !=
        std::string::npos);
}

TEST_CASE("US Government uses its own login host and Resource Manager") {
  auto sent = first_requests(fields_for("usgovernment"));
  CHECK(sent[0].request.url.rfind("https://login.microsoftonline.us/contoso.onmicrosoft.com/", 0) ==
        0);
  CHECK(sent[1].request.body.find("scope=https%3A%2F%2Fmanagement.usgovcloudapi.net%2F.default") !=
        std::string::npos);
}

TEST_CASE("China uses its own login host and Resource Manager") {
  auto sent = first_requests(fields_for("china"));
  CHECK(sent[0].request.url.rfind("https://login.chinacloudapi.cn/contoso.onmicrosoft.com/", 0) ==
        0);
  CHECK(sent[1].request.body.find("scope=https%3A%2F%2Fmanagement.chinacloudapi.cn%2F.default") !=
        std::string::npos);
}

TEST_CASE("an overridden login endpoint replaces the cloud's host, not the token's resource") {
  auto sent = first_requests(fields_for("usgovernment"), {{"login", "http://127.0.0.1:9000/"}});
  CHECK(sent[0].request.url ==
        "http://127.0.0.1:9000/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");
  CHECK(sent[1].request.url == "http://127.0.0.1:9000/contoso.onmicrosoft.com/oauth2/v2.0/token");
  CHECK(sent[1].request.body.find("scope=https%3A%2F%2Fmanagement.usgovcloudapi.net%2F.default") !=
        std::string::npos);
}

TEST_CASE("azure_targets follows the cloud unless an endpoint is overridden") {
  Endpoints endpoints;
  endpoints.urls = {{"login", "https://login.microsoftonline.com"},
                    {"management", "https://management.azure.com"}};
  auto china = azure_targets(fields_for("china"), endpoints);
  REQUIRE(china);
  CHECK(china->login == "https://login.chinacloudapi.cn");
  CHECK(china->management == "https://management.chinacloudapi.cn");
  CHECK(china->resource == "https://management.chinacloudapi.cn");
  endpoints.urls["management"] = "http://127.0.0.1:1234";
  endpoints.overridden["management"] = true;
  auto overridden = azure_targets(fields_for("china"), endpoints);
  CHECK(overridden->login == "https://login.chinacloudapi.cn");
  CHECK(overridden->management == "http://127.0.0.1:1234");
  CHECK(overridden->resource == "https://management.chinacloudapi.cn");
  CHECK_FALSE(azure_targets(fields_for("germany"), endpoints));
}

TEST_CASE("AZURE_AUTHORITY_HOST values map to their cloud") {
  CHECK(azure_cloud_for_login_host("login.microsoftonline.us")->name == "usgovernment");
  CHECK(azure_cloud_for_login_host("https://login.chinacloudapi.cn/")->name == "china");
  CHECK(azure_cloud_for_login_host("HTTPS://LOGIN.MICROSOFTONLINE.COM")->name == "public");
  CHECK_FALSE(azure_cloud_for_login_host("login.example.com"));
  CHECK_FALSE(azure_cloud_for_login_host("http://login.microsoftonline.com"));
}

TEST_CASE("an Entra error body yields its code, message and trace") {
  auto error = parse_entra_error(
      R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a8fdfbd0-da97-42d9-8f1a-fd6a7cb650b4'.\r\nTrace ID: 6f6c4645-0202-4486-b625-fa957dfc4700\r\nCorrelation ID: 5fc87507-4086-4e77-b415-cee677eb232e\r\nTimestamp: 2023-05-06 06:03:00Z","error_codes":[7000215],"timestamp":"2023-05-06 06:03:00Z","trace_id":"6f6c4645-0202-4486-b625-fa957dfc4700","correlation_id":"5fc87507-4086-4e77-b415-cee677eb232e","error_uri":"https://login.microsoftonline.com/error?code=7000215"})");
  REQUIRE(error);
  CHECK(error->error == "invalid_client");
  CHECK(error->code == 7000215);
  CHECK(error->aadsts() == "AADSTS7000215");
  CHECK(error->message ==
        "Invalid client secret provided. Ensure the secret being sent in the request is the "
        "client secret value, not the client secret ID, for a secret added to app "
        "'a8fdfbd0-da97-42d9-8f1a-fd6a7cb650b4'.");
  CHECK(error->trace_id == "6f6c4645-0202-4486-b625-fa957dfc4700");
  CHECK(error->correlation_id == "5fc87507-4086-4e77-b415-cee677eb232e");
}

TEST_CASE("the AADSTS code is read from the description when error_codes is absent") {
  auto error = parse_entra_error(
      R"({"error":"invalid_request","error_description":"AADSTS90002: Tenant 'x' not found. Trace ID: 1 Correlation ID: 2"})");
  REQUIRE(error);
  CHECK(error->code == 90002);
  CHECK(error->message == "Tenant 'x' not found.");
  CHECK_FALSE(parse_entra_error("<html>"));
  CHECK_FALSE(parse_entra_error(R"({"message": "no"})"));
  CHECK(parse_entra_error(R"({"error": "server_error"})")->aadsts().empty());
}

TEST_CASE("token claims are decoded, never verified") {
  std::string payload =
      R"({"aud":"https://management.azure.com/","appid":"4d856d1f-8648-456c-9bb2-f36273bbe4e3","app_displayname":"ci-deployer","tid":"72f988bf-86f1-41af-91ab-2d7cd011db47","oid":"11111111-2222-3333-4444-555555555555","roles":["Reader.All"]})";
  std::string token = base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." +
                      base64url_encode(payload) + ".not-a-real-signature";
  auto claims = decode_token_claims(token);
  REQUIRE(claims);
  CHECK(claims->app_display_name == "ci-deployer");
  CHECK(claims->app_id == "4d856d1f-8648-456c-9bb2-f36273bbe4e3");
  CHECK(claims->tenant_id == "72f988bf-86f1-41af-91ab-2d7cd011db47");
  CHECK(claims->object_id == "11111111-2222-3333-4444-555555555555");
  CHECK(claims->roles == std::vector<std::string>{"Reader.All"});
  CHECK_FALSE(decode_token_claims("opaque-token"));
  CHECK_FALSE(decode_token_claims("a.b"));
  CHECK_FALSE(decode_token_claims("a." + base64url_encode("[1]") + ".c"));
  // v2 tokens name the app in azp.
  auto v2 = decode_token_claims("a." + base64url_encode(R"({"azp":"abc"})") + ".c");
  CHECK(v2->app_id == "abc");
}
