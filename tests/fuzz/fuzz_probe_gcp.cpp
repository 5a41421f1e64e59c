// Google Cloud (service-account JWT or authorized_user refresh, then Resource Manager) probe
// under fuzzer-chosen fields, answers and signatures (probe_harness.hpp), and with the compute
// fields (gcp_instance_type, gcp_zone) the readiness check after it: Compute Engine's machine
// type, region and project answers, SERVICE_DISABLED, and testIamPermissions. The key is the
// published RFC 7515 A.2 example key from the shared vectors, not a secret.
#include <fstream>
#include <sstream>

#include "credprobe/gcp/gcp_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

namespace {

std::string published_key() {
  std::ifstream file(CREDPROBE_VECTORS_DIR "/jose/rfc7515-a2-rs256.json");
  std::stringstream text;
  text << file.rdbuf();
  auto vector = parse_json(text.str());
  return vector ? json_string(*vector, "private_key_pkcs8_pem").value_or("") : "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = gcp_provider();
  static const std::string key = published_key();
  static const std::string key_file =
      Json::object()
          .set("type", "service_account")
          .set("project_id", "credprobe-test")
          .set("private_key_id", "7c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9")
          .set("private_key", key)
          .set("client_email", "probe@credprobe-test.iam.gserviceaccount.com")
          .set("client_id", "104857600000000000001")
          .set("token_uri", "https://oauth2.googleapis.com/token")
          .dump(2);
  static const std::string user_file =
      Json::object()
          .set("type", "authorized_user")
          .set("client_id",
               "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com")
          .set("client_secret", "d-FL95Q19q7MQmFpd7hHD0Ty")
          .set("refresh_token", "1//0gFAKErefreshTOKENfake-abcdefghijklmnop")
          .dump(2);
  static const fuzz::ProbeSamples samples = {
      {{"gcp_service_account_key", key_file},
       {"gcp_project_id", "credprobe-test"},
       {"gcp_instance_type", "g2-standard-8"},
       {"gcp_zone", "us-central1-a"},
       {"gcp_region", "us-central1"}},
      {R"({"access_token": "ya29.c.fuzz-token", "expires_in": 3599, "token_type": "Bearer"})",
       R"({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})",
       R"({"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."})",
       R"({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})",
       R"({"error": "invalid_client", "error_description": "The OAuth client was not found."})",
       R"({"name": "projects/415104041262", "projectId": "credprobe-test", "state": "ACTIVE", "displayName": "Credprobe Test"})",
       R"({"error": {"code": 403, "message": "Permission 'resourcemanager.projects.get' denied", "status": "PERMISSION_DENIED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "IAM_PERMISSION_DENIED"}]}})",
       R"({"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}})",
       R"({"kind": "compute#machineType", "name": "g2-standard-8", "guestCpus": 8, "accelerators": [{"guestAcceleratorType": "nvidia-l4", "guestAcceleratorCount": 1}]})",
       R"({"kind": "compute#region", "name": "us-central1", "quotas": [{"metric": "CPUS", "limit": 24, "usage": 0}, {"metric": "NVIDIA_L4_GPUS", "limit": 1, "usage": 0}]})",
       R"({"kind": "compute#project", "quotas": [{"metric": "GPUS_ALL_REGIONS", "limit": 0, "usage": 0}]})",
       R"({"permissions": ["compute.instances.create", "compute.disks.create", "iam.serviceAccounts.actAs"]})",
       R"({"error": {"code": 403, "message": "Compute Engine API has not been used", "status": "PERMISSION_DENIED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", "metadata": {"activationUrl": "https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project=415104041262"}}]}})",
       R"({"error": {"code": 404, "message": "The resource 'projects/p/zones/z/machineTypes/t' was not found", "errors": [{"domain": "global", "reason": "notFound"}]}})",
       R"({"error": {"code": 403, "message": "Rate Limit Exceeded", "errors": [{"domain": "usageLimits", "reason": "rateLimitExceeded"}]}})",
       user_file},
      {{"Retry-After", "12"}, {"Content-Type", "application/json; charset=UTF-8"}}};
  // Half the inputs use the authorized_user file in place of the service-account key.
  static const fuzz::ProbeSamples user_samples = [] {
    fuzz::ProbeSamples s = samples;
    s.fields["gcp_service_account_key"] = user_file;
    return s;
  }();
  if (size > 0 && (data[0] & 1))
    return fuzz::fuzz_probe(provider, user_samples, data + 1, size - 1);
  return fuzz::fuzz_probe(provider, samples, size > 0 ? data + 1 : data, size > 0 ? size - 1 : 0);
}
