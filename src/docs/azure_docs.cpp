// Azure's documentation (docs/providers/azure.md, `credprobe providers`): the requests in
// prose, readiness's summary, rounds and notes. Native builds only: the wasm page never links it.
#include "docs/provider_docs.hpp"

#include "credprobe/azure/compute_answers.hpp"

namespace credprobe {

void document_azure(ProviderSpec& p) {
  p.requests = {
      {"GET", "login", "/{tenant}/v2.0/.well-known/openid-configuration",
       "the tenant ID or domain, in the path; nothing secret"},
      {"POST", "login", "/{tenant}/oauth2/v2.0/token",
       "client ID and client secret in the form body (client-credentials grant, scope "
       "`{cloud's Resource Manager}/.default`)"},
      {"GET", "management", "/subscriptions?api-version=2022-12-01",
       "the access token Entra ID just issued, as `Authorization: Bearer`; never the secret"},
  };

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
    p.readiness_requests.push_back({std::string(r.method), "management", std::string(r.path),
                                    std::string(r.permission),
                                    "`" + std::string(r.name) + "` (" + std::string(r.operation) +
                                        "): " + std::string(r.sends)});
  }
  for (const auto& row : azure_compute_answer_rows()) {
    std::string requirement;
    if (const auto* request = azure_compute_request(row.request))
      requirement = std::string(request->requirement);
    p.readiness_answers.push_back({std::string(row.request), std::string(row.answer), requirement,
                                   to_string(row.effect), std::string(row.detail),
                                   std::string(row.hint)});
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
    notes += "| `" + std::string(a.action) + "` | " + std::string(a.why) + " |\n";
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
  p.readiness_rounds =
      "1. The tenant's OpenID configuration.\n2. The token.\n3. The subscriptions the token can "
      "read: the credential's last request.\n4. The five Resource Manager reads, at once: each "
      "names only the subscription, the group and the region. A listing with a next page takes one "
      "more round per page (at most the page limit).\n";
  p.readiness_notes = notes;
}

}  // namespace credprobe
