#include "native/azure_sources.hpp"

#include "credprobe/azure/azure_clouds.hpp"

namespace credprobe::native {

void discover_azure_sources(const ProviderSpec&, const Environment& env, const SourceOptions&,
                            Discovery& discovery) {
  if (discovery.fields.count("azure_cloud")) return;
  auto host = env.get("AZURE_AUTHORITY_HOST");
  if (!host) return;
  if (auto cloud = azure_cloud_for_login_host(*host)) {
    discovery.fields["azure_cloud"] = {std::string(cloud->name), "env AZURE_AUTHORITY_HOST"};
    return;
  }
  discovery.notes.push_back(
      "AZURE_AUTHORITY_HOST names a login host that is not one of Azure's clouds; it was not "
      "used. To send the check there, pass --endpoint login=URL explicitly.");
}

}  // namespace credprobe::native
