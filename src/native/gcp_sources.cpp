#include "native/gcp_sources.hpp"

#include <sys/stat.h>

namespace credprobe::native {

namespace {

constexpr const char* kKeyField = "gcp_service_account_key";

bool is_file(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

namespace {
// read_text_file's error is "PATH: why"; only the why is shown: what the variable holds may be
// a secret pasted in the wrong place.
std::string file_problem(const std::string& error) {
  auto colon = error.rfind(": ");
  return colon == std::string::npos ? "unreadable" : error.substr(colon + 2);
}
}  // namespace

void discover_gcp_credentials(const ProviderSpec&, const Environment& env, const SourceOptions&,
                              Discovery& discovery) {
  if (discovery.fields.count(kKeyField)) return;
  std::string error;
  if (auto path = env.get("GOOGLE_APPLICATION_CREDENTIALS")) {
    auto text = read_text_file(*path, error);
    if (text) {
      discovery.fields[kKeyField] = {*text, "file " + *path + " (GOOGLE_APPLICATION_CREDENTIALS)"};
    } else if (path->find('{') != std::string::npos) {
      // The key's JSON pasted into the variable instead of its path: the read error quotes the
      // "path", which is the private key, so it must not reach the note.
      discovery.notes.push_back(
          "GOOGLE_APPLICATION_CREDENTIALS holds JSON, not the path of a key file; save the key "
          "to a file and set the variable to that path, or pass "
          "--field gcp_service_account_key=@FILE");
      discovery.fields[kKeyField] = {"", "GOOGLE_APPLICATION_CREDENTIALS (not a path)"};
    } else {
      discovery.notes.push_back(
          "GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read (" +
          file_problem(error) +
          "); not falling back to the gcloud file, as Google's "
          "libraries do not either");
      // Present but empty: the check reports the key as missing instead of using another file.
      discovery.fields[kKeyField] = {"", "GOOGLE_APPLICATION_CREDENTIALS (unreadable)"};
    }
    return;
  }
  const std::string adc =
      env.expand("${CLOUDSDK_CONFIG:-~/.config/gcloud}/application_default_credentials.json");
  if (!is_file(adc)) return;
  if (auto text = read_text_file(adc, error)) {
    discovery.fields[kKeyField] = {*text, "file " + adc + " (gcloud application-default)"};
  } else {
    discovery.notes.push_back(error);
  }
}

}  // namespace credprobe::native
