#include "native/credential_sources.hpp"

#include <sys/stat.h>

#include "native/aws_sources.hpp"
#include "native/azure_sources.hpp"
#include "native/gcp_sources.hpp"

namespace credprobe::native {

namespace {

bool file_exists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

void discover_from_field_specs(const ProviderSpec& provider, const Environment& env,
                               Discovery& discovery) {
  for (const auto& field : provider.fields) {
    if (discovery.fields.count(field.name)) continue;
    bool found = false;
    for (const auto& var : field.env_vars) {
      if (auto value = env.get(var)) {
        discovery.fields[field.name] = {*value, "env " + var};
        found = true;
        break;
      }
    }
    for (size_t i = 0; !found && i < field.files.size(); ++i) {
      std::string path = env.expand(field.files[i]);
      if (!file_exists(path)) continue;
      std::string error;
      auto text = read_text_file(path, error);
      if (!text) {
        discovery.notes.push_back(error);
        continue;
      }
      // Token files hold the token on their first line; JSON files are taken whole.
      std::string value =
          field.kind == FieldKind::json ? *text : trim(text->substr(0, text->find('\n')));
      if (value.empty()) continue;
      discovery.fields[field.name] = {value, "file " + path};
      found = true;
    }
  }
}

namespace {

// The providers whose tools read more than their fields' env_vars and files. Built on each call:
// there is no global state.
std::map<std::string, ProviderSources> provider_sources() {
  return {{"aws", {nullptr, discover_aws_sources}},
          {"azure", {nullptr, discover_azure_sources}},
          {"gcp", {discover_gcp_credentials, nullptr}}};
}

}  // namespace

Discovery discover_credentials(const ProviderSpec& provider, const Environment& env,
                               const SourceOptions& options) {
  Discovery discovery;
  const auto table = provider_sources();
  auto own = table.find(provider.id);
  if (own != table.end() && own->second.before) {
    own->second.before(provider, env, options, discovery);
  }
  discover_from_field_specs(provider, env, discovery);
  if (own != table.end() && own->second.after) own->second.after(provider, env, options, discovery);
  return discovery;
}

Fields values_of(const SourcedFields& fields) {
  Fields out;
  for (const auto& [name, sourced] : fields) out[name] = sourced.value;
  return out;
}

}  // namespace credprobe::native
