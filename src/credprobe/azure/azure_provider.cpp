#include "credprobe/azure/azure_provider.hpp"

#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/azure/azure_lint.hpp"
#include "credprobe/azure/azure_probe.hpp"
#include "credprobe/azure/compute_answers.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

std::vector<std::string> hosts_of(std::string AzureCloud::*member) {
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

  p.readiness_summary =
      "With `azure_instance_type` (and `azure_subscription_id`, `azure_region`, "
      "`azure_resource_group`), a valid service principal is asked, read-only, whether one VM of "
      "that size can launch: `Microsoft.Compute` is registered in the subscription, the resource "
      "group exists, the size is offered to the subscription in the region and not restricted "
      "(`NotAvailableForSubscription`, which surfaces at launch as `SkuNotAvailable`), the "
      "family's and the region's vCPU quotas leave room for it, and the principal's roles at the "
      "resource group allow the writes a launch needs. Every request is a GET to Resource "
      "Manager with the access token the credential check was granted; Resource Manager answers "
      "CORS, so browsers send them directly. Nothing is created, changed or reserved.";
  for (const auto& r : azure_compute_requests()) {
    p.readiness_requests.push_back({r.method, "management", r.path, r.permission,
                                    "`" + r.name + "` (" + r.operation + "): " + r.sends});
  }
  for (const auto& row : azure_compute_answer_rows()) {
    std::string requirement;
    if (const auto* request = azure_compute_request(row.request))
      requirement = request->requirement;
    p.readiness_answers.push_back(
        {row.request, row.answer, requirement, to_string(row.effect), row.detail, row.hint});
  }
  std::string notes =
      "\n### What a launch needs\n\nThe permissions answer lists, per role, `actions` and "
      "`notActions`. An action is allowed when one entry has an action pattern matching it and no "
      "notAction pattern of that same entry matching it (notActions subtract within their role; "
      "they are not a deny). Patterns match case-insensitively, `*` standing for any run of "
      "characters, slashes included (`*`, `Microsoft.Compute/*`, `*/read`). Deny assignments and "
      "Azure Policy are not in this answer: they may still refuse a launch the roles allow.\n\n"
      "The actions one VM needs at the resource group (a managed OS disk, a new network interface "
      "in an existing subnet, a public IP address; a configuration that also creates its virtual "
      "network or network security group needs `Microsoft.Network/virtualNetworks/write` or "
      "`Microsoft.Network/networkSecurityGroups/write` and `.../join/action` too):\n\n"
      "| action | why |\n| --- | --- |\n";
  for (const auto& a : azure_launch_actions()) {
    notes += "| `" + a.action + "` | " + a.why + " |\n";
  }
  notes +=
      "\n### The SKU list\n\nResource Skus - List names every SKU of the region, of every "
      "resource type: megabytes. credprobe skims it: the top-level object and its `value` array "
      "are walked in place and each element is read (and validated) on its own, then dropped "
      "unless it is the size's `virtualMachines` entry, so memory stays one element's size and "
      "work linear. A body that is not the documented shape anywhere is `unknown`, never "
      "\"not offered\". The size's `family` is the usage name of its vCPU quota "
      "(`standardNCASv3_T4Family`); `cores` is Total Regional vCPUs. `Registering` is reported "
      "unknown, not unmet: registration finishes by itself within minutes and needs nothing from "
      "the person, but a launch until then may still be refused.\n";
  p.readiness_critical_path = 4;
  p.readiness_rounds =
      "1. The tenant's OpenID configuration.\n2. The token.\n3. The subscriptions the token can "
      "read: the credential's last request.\n4. The five Resource Manager reads, at once: each "
      "names only the subscription, the group and the region. A listing with a next page takes one "
      "more round per page (at most the page limit).\n";
  p.readiness_notes = notes;
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
  for (const auto& c : azure_clouds()) cloud.choices.push_back(c.name);
  p.fields = {tenant, client, secret, subscription, cloud};

  EndpointSpec login;
  login.name = "login";
  login.label = "Entra ID (login)";
  login.default_url = azure_clouds().front().login;
  // Entra ID answers the OpenID configuration to any origin, but refuses to redeem a client
  // secret for a browser page (AADSTS9002326), so the probe needs a relay in a browser.
  login.browser_callable = false;
  login.hosts = hosts_of(&AzureCloud::login);

  EndpointSpec management;
  management.name = "management";
  management.label = "Azure Resource Manager";
  management.default_url = azure_clouds().front().management;
  management.browser_callable = true;  // Resource Manager answers CORS for bearer requests
  management.hosts = hosts_of(&AzureCloud::management);
  p.endpoints = {login, management};

  p.requests = {
      {"GET", "login", "/{tenant}/v2.0/.well-known/openid-configuration",
       "the tenant ID or domain, in the path; nothing secret"},
      {"POST", "login", "/{tenant}/oauth2/v2.0/token",
       "client ID and client secret in the form body (client-credentials grant, scope "
       "`{cloud's Resource Manager}/.default`)"},
      {"GET", "management", "/subscriptions?api-version=2022-12-01",
       "the access token Entra ID just issued, as `Authorization: Bearer`; never the secret"},
  };
  p.answers = azure_answer_table;
  add_readiness(p);
  p.lint = lint_azure;
  p.make_probe = make_azure_probe;
  return p;
}

}  // namespace credprobe
