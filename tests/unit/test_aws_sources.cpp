// Where the CLI finds AWS credentials, following the AWS CLI's precedence, and what it says about
// each value's origin. Every case builds its own HOME with its own files.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "credprobe/aws/aws_provider.hpp"
#include "native/aws_sources.hpp"
#include "native/credential_sources.hpp"

using namespace credprobe;
using namespace credprobe::native;

namespace {

class TempHome {
 public:
  TempHome() {
    char pattern[] = "/tmp/credprobe-aws-home-XXXXXX";
    path_ = mkdtemp(pattern);
    ::mkdir((path_ + "/.aws").c_str(), 0700);
  }
  ~TempHome() {
    for (const auto& file : files_) std::remove(file.c_str());
    ::rmdir((path_ + "/.aws").c_str());
    ::rmdir(path_.c_str());
  }
  void write(const std::string& relative, const std::string& text) {
    const std::string file = path_ + "/" + relative;
    FILE* out = std::fopen(file.c_str(), "w");
    REQUIRE(out);
    std::fputs(text.c_str(), out);
    std::fclose(out);
    files_.push_back(file);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

const char* kCredentials =
    "# comment\n"
    "[default]\n"
    "aws_access_key_id = AKIADEFAULTEXAMPLE22\n"
    "aws_secret_access_key = defaultsecretdefaultsecretdefaultsecret0\n"
    "\n"
    "[dev]\n"
    "aws_access_key_id=ASIADEVEXAMPLE222222\n"
    "aws_secret_access_key=devsecretdevsecretdevsecretdevsecret0000\n"
    "aws_session_token=devsessiontoken\n"
    "region = ap-south-1\n";

const char* kConfig =
    "[default]\n"
    "region = eu-west-1\n"
    "output = json\n"
    "[profile dev]\n"
    "region = eu-central-1\n"
    "s3 =\n"
    "  max_concurrent_requests = 10\n"
    "[profile conf-only]\n"
    "aws_access_key_id = AKIACONFONLYEXAMPLE2\n"
    "aws_secret_access_key = confsecretconfsecretconfsecretconfsecret\n"
    "region = sa-east-1\n"
    "[profile via-role]\n"
    "role_arn = arn:aws:iam::123456789012:role/Deployer\n"
    "source_profile = default\n";

Discovery discover(const Environment& env, const std::string& profile = "") {
  SourceOptions options;
  options.settings[kAwsProfileSetting] = profile;
  return discover_credentials(aws_provider(), env, options);
}

Environment env_for(const TempHome& home, std::map<std::string, std::string> vars = {}) {
  Environment env;
  env.vars = std::move(vars);
  env.vars["HOME"] = home.path();
  return env;
}

std::string value(const Discovery& d, const std::string& field) {
  auto it = d.fields.find(field);
  return it == d.fields.end() ? "<none>" : it->second.value;
}

std::string origin(const Discovery& d, const std::string& field) {
  auto it = d.fields.find(field);
  return it == d.fields.end() ? "<none>" : it->second.origin;
}

const std::map<std::string, std::string> kEnvKeys = {
    {"AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE222222"},
    {"AWS_SECRET_ACCESS_KEY", "envsecretenvsecretenvsecretenvsecret0000"},
    {"AWS_SESSION_TOKEN", "envsessiontoken"},
};

}  // namespace

TEST_CASE("environment variables give the keys, each with its origin") {
  TempHome home;
  auto d = discover(env_for(home, kEnvKeys));
  CHECK(value(d, "aws_access_key_id") == "AKIAENVEXAMPLE222222");
  CHECK(origin(d, "aws_access_key_id") == "env AWS_ACCESS_KEY_ID");
  CHECK(origin(d, "aws_secret_access_key") == "env AWS_SECRET_ACCESS_KEY");
  CHECK(origin(d, "aws_session_token") == "env AWS_SESSION_TOKEN");
  CHECK(value(d, "aws_region") == "<none>");
}

TEST_CASE("the default profile of ~/.aws/credentials, region from ~/.aws/config") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  home.write(".aws/config", kConfig);
  auto d = discover(env_for(home));
  CHECK(value(d, "aws_access_key_id") == "AKIADEFAULTEXAMPLE22");
  CHECK(origin(d, "aws_access_key_id") == "file ~/.aws/credentials [default]");
  CHECK(origin(d, "aws_secret_access_key") == "file ~/.aws/credentials [default]");
  CHECK(value(d, "aws_session_token") == "<none>");
  CHECK(value(d, "aws_region") == "eu-west-1");
  CHECK(origin(d, "aws_region") == "file ~/.aws/config [default]");
  CHECK(d.notes.empty());
}

TEST_CASE(
    "the --profile option selects a profile and its token, the config's region beats the "
    "credentials file's") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  home.write(".aws/config", kConfig);
  auto d = discover(env_for(home), "dev");
  CHECK(value(d, "aws_access_key_id") == "ASIADEVEXAMPLE222222");
  CHECK(origin(d, "aws_access_key_id") == "file ~/.aws/credentials [dev]");
  CHECK(value(d, "aws_session_token") == "devsessiontoken");
  CHECK(value(d, "aws_region") == "eu-central-1");
  CHECK(origin(d, "aws_region") == "file ~/.aws/config [profile dev]");
}

TEST_CASE("environment keys win over AWS_PROFILE") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  auto vars = kEnvKeys;
  vars["AWS_PROFILE"] = "dev";
  auto d = discover(env_for(home, vars));
  CHECK(value(d, "aws_access_key_id") == "AKIAENVEXAMPLE222222");
  CHECK(value(d, "aws_session_token") == "envsessiontoken");
  // The profile still gives the region when no variable does.
  CHECK(value(d, "aws_region") == "ap-south-1");
  CHECK(origin(d, "aws_region") == "file ~/.aws/credentials [dev]");
}

TEST_CASE("AWS_PROFILE selects the profile when no keys are in the environment") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  auto d = discover(env_for(home, {{"AWS_PROFILE", "dev"}}));
  CHECK(value(d, "aws_access_key_id") == "ASIADEVEXAMPLE222222");
}

TEST_CASE("the --profile option takes the environment's keys out of the chain, token included") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  home.write(".aws/config", kConfig);
  auto d = discover(env_for(home, kEnvKeys), "conf-only");
  CHECK(value(d, "aws_access_key_id") == "AKIACONFONLYEXAMPLE2");
  CHECK(origin(d, "aws_access_key_id") == "file ~/.aws/config [profile conf-only]");
  CHECK(value(d, "aws_session_token") == "<none>");
  CHECK(value(d, "aws_region") == "sa-east-1");
}

TEST_CASE("AWS_REGION beats AWS_DEFAULT_REGION beats the profile") {
  TempHome home;
  home.write(".aws/config", kConfig);
  auto both =
      discover(env_for(home, {{"AWS_REGION", "us-west-2"}, {"AWS_DEFAULT_REGION", "us-east-2"}}));
  CHECK(value(both, "aws_region") == "us-west-2");
  CHECK(origin(both, "aws_region") == "env AWS_REGION");
  auto fallback = discover(env_for(home, {{"AWS_DEFAULT_REGION", "us-east-2"}}));
  CHECK(value(fallback, "aws_region") == "us-east-2");
  CHECK(origin(fallback, "aws_region") == "env AWS_DEFAULT_REGION");
}

TEST_CASE("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files") {
  TempHome home;
  home.write("creds.ini", kCredentials);
  home.write("conf.ini", kConfig);
  home.write(".aws/credentials", "[default]\naws_access_key_id = AKIAWRONGFILEEXAMPL2\n");
  auto d = discover(env_for(home, {{"AWS_SHARED_CREDENTIALS_FILE", home.path() + "/creds.ini"},
                                   {"AWS_CONFIG_FILE", home.path() + "/conf.ini"}}));
  CHECK(value(d, "aws_access_key_id") == "AKIADEFAULTEXAMPLE22");
  CHECK(origin(d, "aws_access_key_id") == "file ~/creds.ini [default]");
  CHECK(origin(d, "aws_region") == "file ~/conf.ini [default]");
}

TEST_CASE("a profile that assumes a role is reported, not resolved") {
  TempHome home;
  home.write(".aws/config", kConfig);
  auto d = discover(env_for(home), "via-role");
  CHECK(value(d, "aws_access_key_id") == "<none>");
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].find("profile 'via-role' gets its keys through role_arn") == 0);
}

TEST_CASE("a profile that exists nowhere is reported") {
  TempHome home;
  auto d = discover(env_for(home), "nope");
  REQUIRE(d.notes.size() == 1);
  // The name is not quoted: a profile in neither file may be a secret pasted after --profile.
  CHECK(d.notes[0] ==
        "the profile given with --profile is in neither ~/.aws/credentials nor ~/.aws/config");
}

TEST_CASE("a key id in the environment without its secret is noted") {
  TempHome home;
  home.write(".aws/credentials", kCredentials);
  auto d = discover(env_for(home, {{"AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE222222"}}));
  CHECK(value(d, "aws_access_key_id") == "AKIAENVEXAMPLE222222");
  CHECK(value(d, "aws_secret_access_key") == "<none>");
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].find("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY") == 0);
}
