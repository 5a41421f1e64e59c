// Lambda Cloud instance-list probe, and its readiness (instance types, capacity, SSH keys, paced
// by waits) when lambda_instance_type is given, under fuzzer-chosen fields and answers
// (probe_harness.hpp).
#include "credprobe/lambda/lambda_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = lambda_provider();
  static const fuzz::ProbeSamples samples = {
      {{"lambda_api_key",
        "secret_notebook_0f1e2d3c4b5a69788796a5b4c3d2e1f0.FAKEfakeFAKEfakeFAKEfakeFAKEfake"},
       {"lambda_instance_type", "gpu_1x_a100_sxm4"},
       {"lambda_region", "us-east-1"}},
      {R"({"data": [{"id": "0920582c7ff041399e34823a0be62549", "name": "trainer", "ip": "198.51.100.2", "status": "active", "instance_type": {"name": "gpu_1x_a10"}, "region": {"name": "us-east-1"}}]})",
       R"({"data": []})",
       R"({"error": {"code": "global/invalid-api-key", "message": "API key was invalid, expired, or deleted.", "suggestion": "Check your API key or create a new one, then try again."}})",
       R"({"error": {"code": "global/account-inactive", "message": "Your account is inactive."}})",
       R"({"error": {"code": "global/forbidden", "message": "Forbidden."}})",
       R"({"error": {"code": "provider/internal-unavailable", "message": "unavailable"}})",
       R"J({"data": {"gpu_1x_a100_sxm4": {"instance_type": {"name": "gpu_1x_a100_sxm4", "description": "1x A100 (40 GB SXM4)", "gpu_description": "A100 (40 GB SXM4)", "price_cents_per_hour": 129, "specs": {"vcpus": 30, "memory_gib": 200, "storage_gib": 512, "gpus": 1}}, "regions_with_capacity_available": [{"name": "us-east-1", "description": "Virginia, USA"}]}, "gpu_8x_h100_sxm5": {"instance_type": {"name": "gpu_8x_h100_sxm5", "description": "8x H100 (80 GB SXM5)"}, "regions_with_capacity_available": []}}})J",
       R"({"data": [{"id": "ddf9a910ceb744a0bb95242cbba6cb50", "name": "laptop", "public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake laptop"}]})"},
      {{"Retry-After", "5"}, {"Content-Type", "application/json"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
