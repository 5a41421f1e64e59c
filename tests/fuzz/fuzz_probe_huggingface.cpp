// Hugging Face whoami-v2 probe under fuzzer-chosen fields and answers (probe_harness.hpp).
#include "credprobe/huggingface/huggingface_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = huggingface_provider();
  static const fuzz::ProbeSamples samples = {
      {{"hf_token", "hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake12"}},
      {R"({"type": "user", "id": "6412", "name": "ada", "fullname": "Ada Lovelace", "email": "ada@example.com", "orgs": [{"type": "org", "name": "analytical-engines", "roleInOrg": "admin"}], "auth": {"type": "access_token", "accessToken": {"displayName": "notebook", "role": "write"}}})",
       R"({"type": "user", "name": "ada", "orgs": [], "auth": {"type": "access_token", "accessToken": {"displayName": "ci", "role": "fineGrained", "fineGrained": {"global": ["discussion.write"], "scoped": [{"entity": {"_id": "1", "type": "model", "name": "ada/engine"}, "permissions": ["repo.content.read"]}]}}}})",
       R"({"error":"Invalid credentials in Authorization header"})",
       R"({"error":"Invalid username or password."})"},
      {{"Retry-After", "60"},
       {"Content-Type", "application/json; charset=utf-8"},
       {"X-Error-Code", "RepoNotFound"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
