// The Compute resource SKU list (GET .../providers/Microsoft.Compute/skus?$filter=location eq
// 'REGION'), read for one VM size. The list names every SKU of the region, of every resource
// type: megabytes. It is skimmed rather than read whole: the top-level object and its "value"
// array are walked in place, and each element is read (and so fully validated) on its own with
// the core's JSON reader, then dropped unless it is the size's entry. Memory stays one element's
// tree, work stays linear in the text, and a body that is not the documented shape anywhere is
// refused, never read as "the size is not listed".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credprobe {

struct VmSku {
  std::string name;    // "Standard_NC4as_T4_v3"
  std::string family;  // "standardNCASv3_T4Family": the usage name of its vCPU quota
  int vcpus = 0;       // the vCPUs capability; 0 when absent or not a whole number
  // reasonCode of each Location restriction naming the region ("NotAvailableForSubscription",
  // "QuotaId"): the size may not be launched there by this subscription.
  std::vector<std::string> location_restrictions;
  // Zones of the region restricted for the subscription (Zone restrictions).
  std::vector<std::string> restricted_zones;
};

struct SkuListPage {
  std::optional<VmSku> sku;  // the virtualMachines entry of that name for the region, if listed
  std::string next_link;     // "" on the last page
  std::size_t elements = 0;  // how many SKUs the page listed
};

// nullopt when `body` is not an object whose "value" is an array of valid JSON objects.
// The size and the region compare case-insensitively, as Azure's names do. When the size is
// listed more than once for the region, an entry without Location restriction wins.
std::optional<SkuListPage> find_vm_sku(std::string_view body, std::string_view size,
                                       std::string_view region);

}  // namespace credprobe
