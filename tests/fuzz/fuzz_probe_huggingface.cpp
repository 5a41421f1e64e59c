// Hugging Face whoami-v2 probe under fuzzer-chosen fields and answers (probe_harness.hpp). With
// hf_username and hf_hardware among the sample fields, a 200 from whoami-v2 goes on to the Space
// readiness check and its hardware list, so both are fuzzed.
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = huggingface_provider();
  static const fuzz::ProbeSamples samples = {
      {{"hf_token", "hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake12"},
       {"hf_username", "analytical-engines"},
       {"hf_hardware", "t4-small"},
       {"hf_sdk", "gradio"}},
      {R"({"type": "user", "id": "6412", "name": "ada", "fullname": "Ada Lovelace", "email": "ada@example.com", "canPay": true, "isPro": false, "orgs": [{"type": "org", "name": "analytical-engines", "roleInOrg": "admin", "canPay": false}], "auth": {"type": "access_token", "accessToken": {"displayName": "notebook", "role": "write"}}})",
       R"({"type": "user", "name": "ada", "orgs": [], "auth": {"type": "access_token", "accessToken": {"displayName": "ci", "role": "fineGrained", "fineGrained": {"global": ["discussion.write"], "scoped": [{"entity": {"_id": "1", "type": "model", "name": "ada/engine"}, "permissions": ["repo.content.read"]}]}}}})",
       R"({"type": "user", "name": "ada", "canPay": false, "orgs": [{"name": "analytical-engines", "roleInOrg": "read"}], "auth": {"type": "access_token", "accessToken": {"displayName": "lab", "role": "fineGrained", "expiration": "2025-11-29T00:00:00.000Z", "fineGrained": {"global": [], "scoped": [{"entity": {"_id": "2", "type": "org", "name": "analytical-engines"}, "permissions": ["repo.write"]}]}}}})",
       R"([{"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB"}, {"name": "t4-small", "prettyName": "Nvidia T4 - small", "cpu": "4 vCPU", "ram": "15 GB"}])",
       R"({"error":"Invalid credentials in Authorization header"})",
       R"({"error":"Invalid username or password."})"},
      {{"Retry-After", "60"},
       {"Content-Type", "application/json; charset=utf-8"},
       {"Date", "Fri, 28 Nov 2025 13:20:00 GMT"},
       {"X-Error-Code", "RepoNotFound"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
