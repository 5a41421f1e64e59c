#include "credprobe/azure/azure_provider.hpp"

#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/azure/azure_lint.hpp"
#include "credprobe/azure/azure_probe.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

std::vector<std::string> hosts_of(std::string_view AzureCloud::*member) {
  std::vector<std::string> hosts;
  for (const auto& cloud : azure_clouds()) {
    if (auto url = parse_url(cloud.*member)) hosts.push_back(url->host);
  }
  return hosts;
}

void add_readiness(ProviderSpec& p) {
  FieldSpec size;
  size.name = "azure_instance_type";
  size.label = "VM size";
  size.group = "Compute";
  size.help =
      "The VM size the configuration launches (Clustrix's azure_instance_type), e.g. "
      "Standard_NC4as_T4_v3. When given with azure_region and azure_resource_group, the check "
      "goes on to ask Resource Manager, read-only, whether one VM of it can launch: "
      "Microsoft.Compute "
      "registered, the resource group there, the size offered and not restricted, the vCPU quotas, "
      "the principal's permissions.";
  FieldSpec region;
  region.name = "azure_region";
  region.label = "Region";
  region.group = "Compute";
  region.help = "The Azure location the VM launches in (Clustrix's azure_region), e.g. eastus.";
  FieldSpec group;
  group.name = "azure_resource_group";
  group.label = "Resource group";
  group.group = "Compute";
  group.help =
      "The resource group the VM is created in (Clustrix's azure_resource_group), in "
      "azure_subscription_id.";
  p.fields.push_back(size);
  p.fields.push_back(region);
  p.fields.push_back(group);

  p.readiness_critical_path = 4;
}

}  // namespace

ProviderSpec azure_provider() {
  ProviderSpec p;
  p.id = "azure";
  p.display_name = "Azure";
  p.clustrix_type = "azure";
  p.summary =
      "Signs the service principal in with Entra ID's client-credentials grant (which answers "
      "only for a valid secret) and lists the subscriptions Azure Resource Manager lets it see.";

  FieldSpec tenant;
  tenant.name = "azure_tenant_id";
  tenant.label = "Tenant ID";
  tenant.required = true;
  tenant.env_vars = {"AZURE_TENANT_ID"};
  tenant.help =
      "The Directory (tenant) ID on the app registration's Overview page (a GUID), or a "
      "verified domain such as contoso.onmicrosoft.com.";

  FieldSpec client;
  client.name = "azure_client_id";
  client.label = "Client ID";
  client.required = true;
  client.env_vars = {"AZURE_CLIENT_ID"};
  client.help = "The Application (client) ID on the app registration's Overview page (a GUID).";

  FieldSpec secret;
  secret.name = "azure_client_secret";
  secret.label = "Client secret";
  secret.kind = FieldKind::secret;
  secret.required = true;
  secret.env_vars = {"AZURE_CLIENT_SECRET"};
  secret.help =
      "The secret's Value from Certificates & secrets, shown once when it is created; not its "
      "Secret ID (a GUID).";

  FieldSpec subscription;
  subscription.name = "azure_subscription_id";
  subscription.label = "Subscription ID";
  subscription.env_vars = {"AZURE_SUBSCRIPTION_ID"};
  subscription.help =
      "Optional. The subscription the compute runs in (a GUID); the check then says whether "
      "the service principal can see it.";

  FieldSpec cloud;
  cloud.name = "azure_cloud";
  cloud.label = "Cloud";
  cloud.kind = FieldKind::select;
  cloud.help =
      "public (login.microsoftonline.com, management.azure.com), usgovernment "
      "(login.microsoftonline.us, management.usgovcloudapi.net) or china "
      "(login.chinacloudapi.cn, management.chinacloudapi.cn). AZURE_AUTHORITY_HOST naming one "
      "of those login hosts selects its cloud.";
  cloud.default_value = "public";
  for (const auto& c : azure_clouds()) cloud.choices.emplace_back(c.name);
  p.fields = {tenant, client, secret, subscription, cloud};

  EndpointSpec login;
  login.name = "login";
  login.label = "Entra ID (login)";
  login.default_url = std::string(azure_clouds().front().login);
  // Entra ID answers the OpenID configuration to any origin, but refuses to redeem a client
  // secret for a browser page (AADSTS9002326), so the probe needs a relay in a browser.
  login.browser_callable = false;
  login.hosts = hosts_of(&AzureCloud::login);

  EndpointSpec management;
  management.name = "management";
  management.label = "Azure Resource Manager";
  management.default_url = std::string(azure_clouds().front().management);
  management.browser_callable = true;  // Resource Manager answers CORS for bearer requests
  management.hosts = hosts_of(&AzureCloud::management);
  p.endpoints = {login, management};

  p.answers = azure_answer_table;
  add_readiness(p);
  p.lint = lint_azure;
  p.make_probe = make_azure_probe;
  return p;
}

}  // namespace credprobe
