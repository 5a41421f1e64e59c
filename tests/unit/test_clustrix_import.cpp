// Importing a Clustrix configuration (shared CLUSTRIX.md): both shapes, cluster_type picks the
// provider, fields by their Clustrix names, keys Clustrix refuses as findings naming the key,
// cluster types credprobe does not check listed as not checked.
#include <catch2/catch.hpp>

#include "credprobe/clustrix/clustrix_import.hpp"
#include "credprobe/clustrix/clustrix_keys.hpp"

using namespace credprobe;

namespace {

Json parse(const char* text) {
  auto json = parse_json(text);
  REQUIRE(json);
  return *json;
}

struct Finding {
  Severity severity;
  std::string field;
  std::string message;
  bool operator==(const Finding& other) const {
    return severity == other.severity && field == other.field && message == other.message;
  }
};

std::ostream& operator<<(std::ostream& os, const Finding& f) {
  return os << to_string(f.severity) << " " << f.field << ": " << f.message;
}

std::vector<Finding> findings(const LintIssues& issues) {
  std::vector<Finding> out;
  for (const auto& i : issues) out.push_back({i.severity, i.field, i.message});
  return out;
}

// The registry outlives every import (profiles point into it).
const std::vector<ProviderSpec> kRegistry = provider_registry();

const std::string kChecks = " (credprobe checks aws, azure, gcp, huggingface_spaces, lambda_cloud)";

}  // namespace

TEST_CASE("a flat configuration is one unnamed profile whose cluster_type picks the provider") {
  const auto registry = provider_registry();
  auto imported = import_clustrix(parse(R"({"cluster_type": "huggingface_spaces",
      "hf_token": "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "hf_username": "ada"})"),
                                  registry);
  CHECK(imported.error.empty());
  CHECK_FALSE(imported.profiles_shape);
  REQUIRE(imported.profiles.size() == 1);
  const auto& p = imported.profiles[0];
  CHECK(p.name.empty());
  CHECK(p.cluster_type == "huggingface_spaces");
  REQUIRE(p.provider);
  CHECK(p.provider->id == "huggingface");
  CHECK(p.fields ==
        Fields{{"hf_token", "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, {"hf_username", "ada"}});
  CHECK(p.unchecked_keys.empty());
  CHECK(p.findings.empty());
}

TEST_CASE("a profiles file gives one profile per entry, in the file's order, with its name") {
  const auto registry = provider_registry();
  auto imported = import_clustrix(parse(R"({"active_profile": "lambda", "profiles": {
      "lambda": {"cluster_type": "lambda_cloud", "lambda_api_key": "secret_x",
                 "lambda_instance_type": "gpu_1x_a10"},
      "aws": {"cluster_type": "aws", "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
              "aws_region": "us-west-2"}}})"),
                                  registry);
  CHECK(imported.profiles_shape);
  CHECK(imported.active_profile == "lambda");
  CHECK(imported.findings.empty());
  REQUIRE(imported.profiles.size() == 2);
  CHECK(imported.profiles[0].name == "lambda");
  CHECK(imported.profiles[0].provider->id == "lambda");
  CHECK(imported.profiles[0].fields ==
        Fields{{"lambda_api_key", "secret_x"}, {"lambda_instance_type", "gpu_1x_a10"}});
  CHECK(imported.profiles[1].name == "aws");
  CHECK(imported.profiles[1].provider->id == "aws");
  CHECK(imported.profiles[1].fields ==
        Fields{{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"}, {"aws_region", "us-west-2"}});
}

TEST_CASE("profiles of cluster types credprobe does not check are listed as not checked") {
  const auto registry = provider_registry();
  for (const char* type : {"ssh", "slurm", "pbs", "sge", "kubernetes", "local"}) {
    CAPTURE(type);
    Json config = Json::object()
                      .set("cluster_type", type)
                      .set("cluster_host", "hpc.example.org")
                      .set("username", "ada");
    auto imported = import_clustrix(config, registry);
    REQUIRE(imported.profiles.size() == 1);
    const auto& p = imported.profiles[0];
    CHECK(p.provider == nullptr);
    CHECK(p.not_checked == "credprobe does not check " + std::string(type) + " clusters" + kChecks);
    CHECK(p.unchecked_keys == std::vector<std::string>{"cluster_host", "username"});
    CHECK(p.fields.empty());
    CHECK(p.findings.empty());
  }
}

TEST_CASE("a profile without cluster_type is Clustrix's default, slurm: not checked") {
  auto imported = import_clustrix(parse(R"({"hf_token": "hf_x"})"), kRegistry);
  REQUIRE(imported.profiles.size() == 1);
  CHECK(imported.profiles[0].cluster_type == "slurm");
  CHECK(imported.profiles[0].provider == nullptr);
  CHECK(imported.profiles[0].not_checked ==
        "no cluster_type: Clustrix takes slurm, which credprobe does not check" + kChecks);
  CHECK(imported.profiles[0].unchecked_keys == std::vector<std::string>{"hf_token"});
}

TEST_CASE("a cluster_type nobody knows is not checked and is a warning") {
  auto imported = import_clustrix(parse(R"({"cluster_type": "cray"})"), kRegistry);
  const auto& p = imported.profiles.at(0);
  CHECK(p.provider == nullptr);
  CHECK(p.not_checked == "cluster_type 'cray' is not one credprobe knows" + kChecks);
  CHECK(findings(p.findings) ==
        std::vector<Finding>{{Severity::warning, "cluster_type",
                              "names no cluster type credprobe knows" + kChecks}});
}

TEST_CASE("a key Clustrix would not accept is an error naming the key, with the closest key") {
  auto imported =
      import_clustrix(parse(R"({"cluster_type": "aws", "aws_acess_key_id": "AKIAIOSFODNN7EXAMPLE",
                "color": "blue"})"),
                      kRegistry);
  const auto& p = imported.profiles.at(0);
  CHECK(findings(p.findings) ==
        std::vector<Finding>{
            {Severity::error, "aws_acess_key_id",
             "is not a Clustrix configuration key: Clustrix refuses a file with a key it does not "
             "know (did you mean aws_access_key_id?)"},
            {Severity::error, "color",
             "is not a Clustrix configuration key: Clustrix refuses a file with a key it does not "
             "know"}});
  CHECK(p.fields.empty());
  CHECK(p.unchecked_keys.empty());
  CHECK(has_errors(imported));
}

TEST_CASE("a key that could be a pasted secret is named by its length, never echoed") {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  Json config = Json::object().set("cluster_type", "aws").set(secret, "x");
  auto imported = import_clustrix(config, kRegistry);
  REQUIRE(imported.profiles.at(0).findings.size() == 1);
  CHECK(imported.profiles[0].findings[0].field == "(a name of 40 characters, not shown)");
}

TEST_CASE("a credprobe field Clustrix does not know is read, and reported as Clustrix refuses it") {
  auto imported = import_clustrix(
      parse(
          R"({"cluster_type": "lambda_cloud", "lambda_api_key": "k", "lambda_region": "us-east-1"})"),
      kRegistry);
  const auto& p = imported.profiles.at(0);
  CHECK(p.fields == Fields{{"lambda_api_key", "k"}, {"lambda_region", "us-east-1"}});
  REQUIRE(p.findings.size() == 1);
  CHECK(p.findings[0].field == "lambda_region");
  CHECK(p.findings[0].severity == Severity::error);
}

TEST_CASE("Clustrix keys of other cluster types and scheduler settings are listed as unchecked") {
  auto imported = import_clustrix(
      parse(R"({"cluster_type": "gcp", "gcp_project_id": "demo-project", "default_cores": 8,
                "hf_token": "hf_x", "module_loads": ["python/3.11"]})"),
      kRegistry);
  const auto& p = imported.profiles.at(0);
  CHECK(p.fields == Fields{{"gcp_project_id", "demo-project"}});
  CHECK(p.unchecked_keys == std::vector<std::string>{"default_cores", "hf_token", "module_loads"});
  CHECK(p.findings.empty());
}

TEST_CASE("a field's value must be text; null and empty text are not given") {
  auto imported = import_clustrix(
      parse(R"({"cluster_type": "azure", "azure_tenant_id": 42, "azure_client_id": null,
                "azure_client_secret": "", "azure_subscription_id": ["a"]})"),
      kRegistry);
  const auto& p = imported.profiles.at(0);
  CHECK(p.fields.empty());
  CHECK(findings(p.findings) ==
        std::vector<Finding>{{Severity::error, "azure_tenant_id",
                              "must be text (quote it); it is a number, so it was not read"},
                             {Severity::error, "azure_subscription_id",
                              "must be text (quote it); it is a list, so it was not read"}});
}

TEST_CASE("the widget's aws_access_key and aws_secret_key fill the boto3-named fields") {
  auto imported =
      import_clustrix(parse(R"({"cluster_type": "aws", "aws_access_key": "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_key": "s", "aws_secret_access_key": "wins"})"),
                      kRegistry);
  CHECK(imported.profiles.at(0).fields ==
        Fields{{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"}, {"aws_secret_access_key", "wins"}});
}

TEST_CASE("what is not a configuration is an error, and nothing is imported") {
  const auto registry = provider_registry();
  CHECK(import_clustrix(parse("[1]"), registry).error ==
        "a Clustrix configuration is a mapping of keys to values; this is a list");
  CHECK(import_clustrix(parse(R"({"profiles": "aws"})"), registry).error ==
        "profiles must map each profile's name to its configuration; it is text");
  auto bad_profile = import_clustrix(parse(R"({"profiles": {"a": 3}})"), registry);
  CHECK(bad_profile.profiles.empty());
  CHECK(findings(bad_profile.findings) ==
        std::vector<Finding>{{Severity::error, "profiles.a",
                              "must be a mapping of keys to values; it is a number, so it was "
                              "not read"}});
}

TEST_CASE("a profiles file names its active profile and nothing else at the top") {
  auto imported = import_clustrix(
      parse(
          R"({"active_profile": "gone", "theme": "dark", "profiles": {"a": {"cluster_type": "ssh"}}})"),
      kRegistry);
  CHECK(findings(imported.findings) ==
        std::vector<Finding>{
            {Severity::warning, "theme",
             "is not part of a profiles file (active_profile and profiles); it was not read"},
            {Severity::warning, "active_profile", "names no profile of this file"}});
  CHECK_FALSE(has_errors(imported));
}

TEST_CASE("the import's JSON holds values only when asked (the command line never prints them)") {
  auto imported = import_clustrix(
      parse(R"({"active_profile": "hf", "profiles": {"hf": {"cluster_type": "huggingface_spaces",
          "hf_token": "hf_secret"}, "hpc": {"cluster_type": "slurm", "default_queue": "gpu"}}})"),
      kRegistry);
  CHECK(
      clustrix_import_to_json(imported, false).dump() ==
      R"({"shape":"profiles","active_profile":"hf","findings":[],"profiles":[)"
      R"({"name":"hf","cluster_type":"huggingface_spaces","provider":"huggingface","fields":["hf_token"],"unchecked_keys":[],"findings":[]},)"
      R"({"name":"hpc","cluster_type":"slurm","provider":null,"not_checked":"credprobe does not check slurm clusters)" +
          kChecks + R"(","fields":[],"unchecked_keys":["default_queue"],"findings":[]}]})");
  CHECK(clustrix_profile_to_json(imported.profiles[0], true).find("fields")->dump() ==
        R"({"hf_token":"hf_secret"})");
}

TEST_CASE(
    "the registry marks exactly the fields Clustrix does not know (an export leaves them out)") {
  std::vector<std::string> not_clustrix;
  const Json registry = registry_to_json(kRegistry);
  for (const auto& provider : registry.find("providers")->elements()) {
    for (const auto& field : provider.find("fields")->elements()) {
      if (const Json* mark = field.find("clustrix_key")) {
        CHECK(mark->is_boolean());
        CHECK_FALSE(mark->boolean());
        not_clustrix.push_back(field.find("name")->string());
      }
    }
  }
  CHECK(not_clustrix == std::vector<std::string>{"azure_cloud", "lambda_region"});
}
