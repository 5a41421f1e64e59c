// Lambda Cloud instance-list probe under fuzzer-chosen fields and answers (probe_harness.hpp).
#include "credprobe/lambda/lambda_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = lambda_provider();
  static const fuzz::ProbeSamples samples = {
      {{"lambda_api_key",
        "secret_notebook_0f1e2d3c4b5a69788796a5b4c3d2e1f0.FAKEfakeFAKEfakeFAKEfakeFAKEfake"}},
      {R"({"data": [{"id": "0920582c7ff041399e34823a0be62549", "name": "trainer", "ip": "198.51.100.2", "status": "active", "instance_type": {"name": "gpu_1x_a10"}, "region": {"name": "us-east-1"}}]})",
       R"({"data": []})",
       R"({"error": {"code": "global/invalid-api-key", "message": "API key was invalid, expired, or deleted.", "suggestion": "Check your API key or create a new one, then try again."}})",
       R"({"error": {"code": "global/account-inactive", "message": "Your account is inactive."}})",
       R"({"error": {"code": "global/forbidden", "message": "Forbidden."}})",
       R"({"error": {"code": "provider/internal-unavailable", "message": "unavailable"}})"},
      {{"Retry-After", "5"}, {"Content-Type", "application/json"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
