// Azure (Entra client credentials, then Resource Manager) probe under fuzzer-chosen fields and
// answers (probe_harness.hpp). The samples carry the compute fields, and answers of each
// readiness read, so the readiness check (compute_readiness.cpp) is reached.
#include "credprobe/azure/azure_provider.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = azure_provider();
  static const std::string kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static const std::string kAccessToken =
      base64url_encode(R"({"typ":"JWT","alg":"RS256","kid":"k"})") + "." +
      base64url_encode(
          R"({"aud":"https://management.azure.com/","iss":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","appid":"4d856d1f-8648-456c-9bb2-f36273bbe4e3","tid":"72f988bf-86f1-41af-91ab-2d7cd011db47","oid":"11111111-2222-3333-4444-555555555555","idtyp":"app","ver":"1.0","app_displayname":"ci"})") +
      ".c2ln";
  static const fuzz::ProbeSamples samples = {
      {{"azure_tenant_id", kTenant},
       {"azure_client_id", "4d856d1f-8648-456c-9bb2-f36273bbe4e3"},
       {"azure_client_secret", "Abc8Q~xYz0123456789abcdefghijklmnopqrstu"},
       {"azure_subscription_id", "8d65815f-a5b6-402f-9298-045155da7d74"},
       {"azure_cloud", "public"},
       {"azure_instance_type", "Standard_NC4as_T4_v3"},
       {"azure_region", "eastus"},
       {"azure_resource_group", "ml-jobs"}},
      {R"({"token_endpoint":"https://login.microsoftonline.com/)" + kTenant +
           R"(/oauth2/v2.0/token","issuer":"https://login.microsoftonline.com/)" + kTenant +
           R"(/v2.0"})",
       R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":")" +
           kAccessToken + R"("})",
       R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 0c7f\r\nCorrelation ID: 45d8\r\nTimestamp: 2025-11-28 13:20:00Z","error_codes":[7000215],"trace_id":"0c7f","correlation_id":"45d8"})",
       R"({"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys are expired.","error_codes":[7000222]})",
       R"({"error":"unauthorized_client","error_description":"AADSTS700016: Application not found","error_codes":[700016]})",
       R"({"value":[{"id":"/subscriptions/8d65815f-a5b6-402f-9298-045155da7d74","subscriptionId":"8d65815f-a5b6-402f-9298-045155da7d74","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","displayName":"Production","state":"Enabled"}],"count":{"type":"Total","value":1},"nextLink":"https://management.azure.com/subscriptions?api-version=2022-12-01&$skiptoken=x"})",
       R"({"value":[],"count":{"type":"Total","value":0}})",
       R"({"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}})",
       R"({"id":"/subscriptions/8d65815f-a5b6-402f-9298-045155da7d74/providers/Microsoft.Compute","namespace":"Microsoft.Compute","registrationState":"Registered"})",
       R"({"id":"/subscriptions/8d65815f-a5b6-402f-9298-045155da7d74/providers/Microsoft.Compute","namespace":"Microsoft.Compute","registrationState":"NotRegistered"})",
       R"({"id":"/subscriptions/x/resourceGroups/ml-jobs","name":"ml-jobs","location":"eastus"})",
       R"({"error":{"code":"ResourceGroupNotFound","message":"Resource group 'ml-jobs' could not be found."}})",
       R"({"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform action."}})",
       R"({"value":[{"resourceType":"virtualMachines","name":"Standard_NC4as_T4_v3","family":"standardNCASv3_T4Family","locations":["eastus"],"capabilities":[{"name":"vCPUs","value":"4"}],"restrictions":[{"type":"Location","values":["eastus"],"reasonCode":"NotAvailableForSubscription"},{"type":"Zone","values":["eastus"],"restrictionInfo":{"zones":["2"]}}]}],"nextLink":"https://management.azure.com/subscriptions/8d65815f-a5b6-402f-9298-045155da7d74/providers/Microsoft.Compute/skus?$skiptoken=1"})",
       R"({"value":[{"resourceType":"virtualMachines","name":"Standard_NC4as_T4_v3","family":"standardNCASv3_T4Family","locations":["eastus"],"capabilities":[{"name":"vCPUs","value":"4"}],"restrictions":[]}]})",
       R"({"value":[{"limit":100,"currentValue":6,"name":{"value":"cores","localizedValue":"Total Regional vCPUs"}},{"limit":8,"currentValue":0,"name":{"value":"standardNCASv3_T4Family","localizedValue":"Standard NCASv3_T4 Family vCPUs"}}]})",
       R"({"value":[{"actions":["*"],"notActions":["Microsoft.Compute/disks/*"]},{"actions":["Microsoft.Compute/*/write"],"notActions":[]}],"nextLink":"https://management.azure.com/subscriptions/8d65815f-a5b6-402f-9298-045155da7d74/resourcegroups/ml-jobs/providers/Microsoft.Authorization/permissions?$skiptoken=2"})"},
      {{"Retry-After", "30"},
       {"Content-Type", "application/json; charset=utf-8"},
       {"x-ms-request-id", "0c7f2993-b612-434d-9cee-244e88f51600"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
