#include "credprobe/azure/azure_lint.hpp"

#include <string>

#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/http.hpp"

namespace credprobe {

namespace {

constexpr const char* kTenant = "azure_tenant_id";
constexpr const char* kClient = "azure_client_id";
constexpr const char* kSecret = "azure_client_secret";
constexpr const char* kSubscription = "azure_subscription_id";
constexpr const char* kCloud = "azure_cloud";

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Why `text` is not a GUID, in words a person can act on; "" when it is one.
std::string guid_problem(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}' &&
      is_guid(text.substr(1, 36))) {
    return "is wrapped in braces; give the GUID without { }";
  }
  if (text.size() == 32 && all_of_class(text, is_hex)) {
    return "has no dashes; write it as 8-4-4-4-12 hex digits "
           "(00000000-0000-0000-0000-000000000000)";
  }
  if (text.size() != 36) {
    return "has " + std::to_string(text.size()) +
           " characters; a GUID has 36 (8-4-4-4-12 hex digits and dashes)";
  }
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) {
      return std::string("has ") + (dash ? "no dash" : "a character that is not a hex digit") +
             " at the " + ordinal(i + 1) + " character; a GUID is 8-4-4-4-12 hex digits";
    }
  }
  return {};
}

bool is_zero_guid(std::string_view text) {
  for (char c : text) {
    if (c != '0' && c != '-') return false;
  }
  return true;
}

// A verified domain such as contoso.onmicrosoft.com: dot-separated labels of letters, digits
// and inner dashes.
bool is_domain_name(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.find('.') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('.', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view label = text.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!is_alnum_ascii(c) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

void lint_tenant(const std::string& tenant, LintIssues& issues) {
  if (tenant.empty() || !lint_pasted_value(kTenant, tenant, issues)) return;
  const std::string name = ascii_lower(tenant);
  if (name == "common" || name == "organizations" || name == "consumers") {
    issues.push_back({Severity::error, kTenant,
                      "is \"" + name +
                          "\"; a service principal signs in to one tenant: give the tenant's "
                          "ID (a GUID) or a verified domain such as contoso.onmicrosoft.com"});
    return;
  }
  if (name.rfind("https://", 0) == 0 || name.rfind("http://", 0) == 0) {
    issues.push_back({Severity::error, kTenant,
                      "is a URL; give only the tenant's ID (a GUID) or its domain, without the "
                      "login host"});
    return;
  }
  if (is_guid(tenant)) {
    if (is_zero_guid(tenant)) {
      issues.push_back({Severity::error, kTenant, "is the all-zero GUID, a placeholder"});
    }
    return;
  }
  if (is_domain_name(tenant)) return;
  // Neither: explain it as a GUID when it has a GUID's look, else as a domain.
  if (tenant.find('-') != std::string::npos && tenant.find('.') == std::string::npos) {
    issues.push_back({Severity::error, kTenant, guid_problem(tenant)});
  } else {
    issues.push_back({Severity::error, kTenant,
                      "is neither a GUID nor a domain name such as contoso.onmicrosoft.com"});
  }
}

void lint_guid_field(const char* field, const std::string& value, const std::string& what,
                     LintIssues& issues) {
  if (value.empty() || !lint_pasted_value(field, value, issues)) return;
  std::string problem = guid_problem(value);
  if (!problem.empty()) {
    issues.push_back({Severity::error, field, problem + " (" + what + ")"});
  } else if (is_zero_guid(value)) {
    issues.push_back({Severity::error, field, "is the all-zero GUID, a placeholder"});
  }
}

void lint_subscription(const std::string& subscription, LintIssues& issues) {
  if (subscription.empty()) return;
  const std::string prefix = "/subscriptions/";
  if (ascii_lower(subscription).rfind(prefix, 0) == 0) {
    issues.push_back({Severity::error, kSubscription,
                      "is a resource ID; give only the subscription's GUID, without "
                      "/subscriptions/"});
    return;
  }
  lint_guid_field(kSubscription, subscription,
                  "the subscription ID from the portal's "
                  "Subscriptions page",
                  issues);
}

void lint_cloud(const std::string& cloud, LintIssues& issues) {
  if (cloud.empty() || find_azure_cloud(cloud)) return;
  const std::string name = ascii_lower(cloud);
  std::string message = "is \"" + cloud + "\"; ";
  std::string suggestion;
  if (name == "azurecloud" || name == "azure" || name == "azurepubliccloud" || name == "global") {
    suggestion = "public";
  } else if (name == "azureusgovernment" || name == "usgov" || name == "azureusgovernmentcloud" ||
             name == "usgovernmentcloud") {
    suggestion = "usgovernment";
  } else if (name == "azurechinacloud" || name == "chinacloud" || name == "mooncake") {
    suggestion = "china";
  }
  message += suggestion.empty() ? "use one of public, usgovernment, china"
                                : "credprobe calls that cloud \"" + suggestion + "\"";
  issues.push_back({Severity::error, kCloud, message});
}

void lint_secret(const Fields& fields, LintIssues& issues) {
  const std::string secret = field_value(fields, kSecret);
  if (secret.empty() || !lint_pasted_value(kSecret, secret, issues)) return;
  if (is_guid(secret)) {
    issues.push_back({Severity::error, kSecret,
                      "is shaped like a GUID: that is the secret's ID, not its value. Copy the "
                      "Value column shown once when the secret was created in Certificates & "
                      "secrets (create a new secret if it is no longer shown)"});
    return;
  }
  if (secret == field_value(fields, kClient) || secret == field_value(fields, kTenant)) {
    issues.push_back(
        {Severity::error, kSecret,
         "is the same as the " +
             std::string(secret == field_value(fields, kClient) ? "client" : "tenant") +
             " ID; paste the secret's value"});
    return;
  }
  if (secret.size() < 16) {
    issues.push_back({Severity::warning, kSecret,
                      "has only " + std::to_string(secret.size()) +
                          " characters; secrets made by Entra ID have about 40 (cut short when "
                          "copied?)"});
  }
}

}  // namespace

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

LintIssues lint_azure(const Fields& fields) {
  LintIssues issues;
  lint_tenant(field_value(fields, kTenant), issues);
  lint_guid_field(kClient, field_value(fields, kClient),
                  "the Application (client) ID from the app registration's Overview", issues);
  lint_secret(fields, issues);
  lint_subscription(field_value(fields, kSubscription), issues);
  lint_cloud(field_value(fields, kCloud), issues);
  const std::string client = field_value(fields, kClient);
  if (!client.empty() && is_guid(client) && iequals(client, field_value(fields, kTenant))) {
    issues.push_back({Severity::warning, kClient,
                      "is the same as the tenant ID; the client ID is the app registration's "
                      "Application (client) ID"});
  }
  return issues;
}

}  // namespace credprobe
