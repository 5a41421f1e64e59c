#include "credprobe/azure/azure_clouds.hpp"

#include "credprobe/http.hpp"

namespace credprobe {

// https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
constexpr AzureCloud kAzureClouds[] = {
    {"public", "Azure public cloud", "https://login.microsoftonline.com",
     "https://management.azure.com"},
    {"usgovernment", "Azure US Government", "https://login.microsoftonline.us",
     "https://management.usgovcloudapi.net"},
    {"china", "Azure China (21Vianet)", "https://login.chinacloudapi.cn",
     "https://management.chinacloudapi.cn"},
};

Table<AzureCloud> azure_clouds() {
  return kAzureClouds;
}

std::optional<AzureCloud> find_azure_cloud(std::string_view name) {
  if (name.empty()) return azure_clouds().front();
  for (const auto& cloud : azure_clouds()) {
    if (cloud.name == name) return cloud;
  }
  return std::nullopt;
}

std::optional<AzureCloud> azure_cloud_for_login_host(std::string_view host) {
  std::string h = ascii_lower(host);
  if (h.rfind("https://", 0) == 0) h.erase(0, 8);
  while (!h.empty() && h.back() == '/') h.pop_back();
  for (const auto& cloud : azure_clouds()) {
    if ("https://" + h == cloud.login) return cloud;
  }
  return std::nullopt;
}

std::optional<AzureTargets> azure_targets(const Fields& fields, const Endpoints& endpoints) {
  auto cloud = find_azure_cloud(field_value(fields, "azure_cloud"));
  if (!cloud) return std::nullopt;
  AzureTargets targets;
  targets.cloud = *cloud;
  targets.login = endpoints.is_overridden("login") ? endpoints.url("login") : cloud->login;
  targets.management =
      endpoints.is_overridden("management") ? endpoints.url("management") : cloud->management;
  targets.resource = cloud->management;
  return targets;
}

}  // namespace credprobe
