// The Azure clouds credprobe knows: each has its own Entra login host and its own Resource
// Manager host, and a tenant exists in exactly one of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

#include "credprobe/fields.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

struct AzureCloud {
  std::string_view name;        // the azure_cloud field's value: "public", "usgovernment", "china"
  std::string_view label;       // "Azure public cloud"
  std::string_view login;       // Entra ID base URL
  std::string_view management;  // Azure Resource Manager base URL, also the token's resource
};

Table<AzureCloud> azure_clouds();
// The cloud named by `name`; "" stands for the default (public). nullopt when unknown.
std::optional<AzureCloud> find_azure_cloud(std::string_view name);
// The cloud that `host` (a bare host name such as "login.microsoftonline.us", or an https URL)
// logs in to; nullopt for any other host.
std::optional<AzureCloud> azure_cloud_for_login_host(std::string_view host);

// Where the probe sends its requests: the cloud's hosts, unless the user replaced an endpoint.
struct AzureTargets {
  AzureCloud cloud;
  std::string login;       // base URL for the OpenID configuration and the token endpoint
  std::string management;  // base URL for the subscriptions list
  // The token's resource, "https://management.azure.com": always the cloud's own Resource
  // Manager, even when the management endpoint is replaced (a proxy or an emulator in front of
  // it still serves that resource).
  std::string resource;
};
// nullopt when the azure_cloud field names no known cloud (lint reports that first).
std::optional<AzureTargets> azure_targets(const Fields& fields, const Endpoints& endpoints);

}  // namespace credprobe
