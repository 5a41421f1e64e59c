// Hugging Face's documentation (docs/providers/huggingface.md, `credprobe providers`): the requests
// in prose, readiness's summary, rounds and notes. Native builds only: the wasm page never links
// it.
#include "docs/provider_docs.hpp"

#include "credprobe/huggingface/space_answers.hpp"
#include "credprobe/huggingface/space_hardware.hpp"

namespace credprobe {

void document_huggingface(ProviderSpec& p) {
  p.requests = {
      {"GET", "hub", "/api/whoami-v2", "the token, as `Authorization: Bearer`; nothing else"}};

  p.readiness_when = "`hf_username` or `hf_hardware` is given";
  p.readiness_summary =
      "With `hf_username` or `hf_hardware`, a valid token is asked, read-only, whether a Space "
      "on that hardware can be created under that namespace: the token may write there, the "
      "flavour is one the Hub offers, paid hardware can be billed, and the token will not "
      "expire first. Everything but the flavour comes from the whoami-v2 answer the credential "
      "check already has; the flavour from the Hub's public hardware list. Nothing is created, "
      "changed or reserved: no Space, no repo, no hardware request.";
  for (const auto& r : space_readiness_requests()) {
    p.readiness_requests.push_back({std::string(r.method), std::string(r.endpoint),
                                    std::string(r.path), std::string(r.permission),
                                    std::string(r.sends)});
  }
  for (const auto& row : space_answer_rows()) {
    p.readiness_answers.push_back({std::string(row.request), std::string(row.answer),
                                   std::string(row.requirement), to_string(row.effect),
                                   std::string(row.detail), std::string(row.hint)});
  }
  std::string notes =
      "\n### Space hardware\n\nThe Hub's list (`GET /api/spaces/hardware`) decides which "
      "flavours exist. How each is billed (the same names as huggingface_hub's `SpaceHardware`, "
      "which a test compares with this table):\n\n| flavour | billing |\n| --- | --- |\n";
  for (const auto& f : space_hardware_flavours()) {
    const char* billing = f.billing == SpaceBilling::free ? "free"
                          : f.billing == SpaceBilling::zero_gpu
                              ? "PRO (user) or Team/Enterprise plan (organization)"
                              : "payment method (`canPay`)";
    notes += "| `" + std::string(f.name) + "` | " + billing + " |\n";
  }
  notes +=
      "\nA flavour the table does not know but the Hub lists is billed like paid hardware. An "
      "organization's role decides whether the user may create repos there, after the Hub's "
      "\"Access control in organizations\": `contributor`, `write` and `admin` may, `read` may "
      "not.\n";
  p.readiness_rounds =
      "1. whoami-v2: the credential, and with it the namespace, the plan and the token's "
      "scopes.\n2. The hardware list, asked only once the token proved `valid` (readiness never "
      "runs before).\n";
  p.readiness_notes = notes;
}

}  // namespace credprobe
