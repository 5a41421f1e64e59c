#include "native/aws_sources.hpp"

#include <sys/stat.h>

#include <map>

namespace credprobe::native {

namespace {

constexpr const char* kKeyId = "aws_access_key_id";
constexpr const char* kSecret = "aws_secret_access_key";
constexpr const char* kToken = "aws_session_token";
constexpr const char* kRegion = "aws_region";

using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>;

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The INI dialect botocore reads: [section] headers, `key = value` lines, whole-line comments
// starting with # or ;, keys case-insensitive. Indented lines belong to a nested setting
// (`s3 =` followed by indented lines) and are skipped.
IniFile parse_ini(const std::string& text) {
  IniFile ini;
  Section* current = nullptr;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string raw = text.substr(pos, end - pos);
    pos = end + 1;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      current = &ini[trim(line.substr(1, line.size() - 2))];
      continue;
    }
    if (!current || raw[0] == ' ' || raw[0] == '\t') continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    (*current)[lower(trim(line.substr(0, eq)))] = trim(line.substr(eq + 1));
  }
  return ini;
}

bool is_file(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

struct SharedFile {
  std::string path;   // as read
  std::string shown;  // as shown in origins: "~/..." under HOME
  IniFile ini;
};

SharedFile load_shared_file(const Environment& env, const char* variable, const char* default_path,
                            Discovery& discovery) {
  SharedFile file;
  file.path = env.expand(env.get(variable).value_or(default_path));
  const std::string home = env.home();
  file.shown = file.path;
  if (home.size() > 1 && file.path.rfind(home + "/", 0) == 0) {
    file.shown = "~" + file.path.substr(home.size());
  }
  if (!is_file(file.path)) return file;
  std::string error;
  if (auto text = read_text_file(file.path, error)) {
    file.ini = parse_ini(*text);
  } else {
    discovery.notes.push_back(error);
  }
  return file;
}

const Section* find_section(const SharedFile& file, const std::string& name) {
  auto it = file.ini.find(name);
  return it == file.ini.end() ? nullptr : &it->second;
}

std::string value_in(const Section& section, const char* key) {
  auto it = section.find(key);
  return it == section.end() ? std::string() : it->second;
}

// Takes the key id, secret and token of `section` when it has a key id.
bool take_keys(const Section& section, const std::string& origin, Discovery& discovery) {
  const std::string key_id = value_in(section, "aws_access_key_id");
  if (key_id.empty()) return false;
  discovery.fields[kKeyId] = {key_id, origin};
  const std::string secret = value_in(section, "aws_secret_access_key");
  if (!secret.empty()) discovery.fields[kSecret] = {secret, origin};
  std::string token = value_in(section, "aws_session_token");
  if (token.empty()) token = value_in(section, "aws_security_token");
  if (!token.empty()) discovery.fields[kToken] = {token, origin};
  if (secret.empty()) {
    discovery.notes.push_back(origin.substr(5) +
                              " has aws_access_key_id but no aws_secret_access_key (the AWS "
                              "CLI stops there too)");
  }
  return true;
}

bool take_env_keys(const Environment& env, Discovery& discovery) {
  auto key_id = env.get("AWS_ACCESS_KEY_ID");
  auto secret = env.get("AWS_SECRET_ACCESS_KEY");
  if (!key_id) {
    if (secret) {
      discovery.notes.push_back(
          "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID and was ignored, as the AWS "
          "CLI ignores it");
    }
    return false;
  }
  discovery.fields[kKeyId] = {*key_id, "env AWS_ACCESS_KEY_ID"};
  if (secret) {
    discovery.fields[kSecret] = {*secret, "env AWS_SECRET_ACCESS_KEY"};
  } else {
    discovery.notes.push_back(
        "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY (the AWS CLI stops there too)");
  }
  if (auto token = env.get("AWS_SESSION_TOKEN")) {
    discovery.fields[kToken] = {*token, "env AWS_SESSION_TOKEN"};
  } else if (auto legacy = env.get("AWS_SECURITY_TOKEN")) {
    discovery.fields[kToken] = {*legacy, "env AWS_SECURITY_TOKEN"};
  }
  return true;
}

// A profile that holds no keys but says how to get them.
std::string indirect_source(const Section& section) {
  for (const char* key : {"role_arn", "credential_process", "sso_session", "sso_start_url",
                          "web_identity_token_file", "login_session"}) {
    if (!value_in(section, key).empty()) return key;
  }
  return {};
}

}  // namespace

void discover_aws_sources(const ProviderSpec&, const Environment& env, const SourceOptions& options,
                          Discovery& discovery) {
  for (const char* field : {kKeyId, kSecret, kToken, kRegion}) discovery.fields.erase(field);

  const bool explicit_profile = !options.setting(kAwsProfileSetting).empty();
  std::string profile = options.setting(kAwsProfileSetting);
  if (profile.empty()) profile = env.get("AWS_PROFILE").value_or("");
  if (profile.empty()) profile = env.get("AWS_DEFAULT_PROFILE").value_or("");
  if (profile.empty()) profile = "default";

  SharedFile credentials =
      load_shared_file(env, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", discovery);
  SharedFile config = load_shared_file(env, "AWS_CONFIG_FILE", "~/.aws/config", discovery);
  const Section* in_credentials = find_section(credentials, profile);
  const std::string config_name = "profile " + profile;
  const Section* in_config = find_section(config, config_name);
  std::string config_section = config_name;
  if (!in_config && profile == "default") {
    in_config = find_section(config, "default");
    config_section = "default";
  }

  bool found = !explicit_profile && take_env_keys(env, discovery);
  if (!found && in_credentials) {
    found =
        take_keys(*in_credentials, "file " + credentials.shown + " [" + profile + "]", discovery);
  }
  if (!found && in_config) {
    found = take_keys(*in_config, "file " + config.shown + " [" + config_section + "]", discovery);
  }
  if (!found) {
    std::string indirect;
    for (const Section* section : {in_credentials, in_config}) {
      if (section && indirect.empty()) indirect = indirect_source(*section);
    }
    if (!indirect.empty()) {
      discovery.notes.push_back("profile '" + profile + "' gets its keys through " + indirect +
                                ", which credprobe does not follow; export the keys (e.g. `aws "
                                "configure export-credentials --profile " +
                                profile + " --format env`) or pass them with --field");
    } else if (!in_credentials && !in_config && profile != "default") {
      // Not quoted: a name that is in neither file may be a secret pasted in the wrong place.
      const std::string named_by = explicit_profile ? "given with --profile"
                                   : env.get("AWS_PROFILE").has_value()
                                       ? "named by AWS_PROFILE"
                                       : "named by AWS_DEFAULT_PROFILE";
      discovery.notes.push_back("the profile " + named_by + " is in neither " + credentials.shown +
                                " nor " + config.shown);
    }
  }

  if (auto region = env.get("AWS_REGION")) {
    discovery.fields[kRegion] = {*region, "env AWS_REGION"};
  } else if (auto default_region = env.get("AWS_DEFAULT_REGION")) {
    discovery.fields[kRegion] = {*default_region, "env AWS_DEFAULT_REGION"};
  } else if (in_config && !value_in(*in_config, "region").empty()) {
    discovery.fields[kRegion] = {value_in(*in_config, "region"),
                                 "file " + config.shown + " [" + config_section + "]"};
  } else if (in_credentials && !value_in(*in_credentials, "region").empty()) {
    discovery.fields[kRegion] = {value_in(*in_credentials, "region"),
                                 "file " + credentials.shown + " [" + profile + "]"};
  }
}

}  // namespace credprobe::native
