// Lambda Cloud's documentation (docs/providers/lambda.md, `credprobe providers`): the requests in
// prose, readiness's summary, rounds and notes. Native builds only: the wasm page never links it.
#include "docs/provider_docs.hpp"

#include "credprobe/lambda/readiness_answers.hpp"

namespace credprobe {

void document_lambda(ProviderSpec& p) {
  p.requests = {{"GET", "api", "/api/v1/instances",
                 "the key, as `Authorization: Bearer`; nothing else. Of the answer only the "
                 "number of instances and their names are kept (never their Jupyter tokens or "
                 "URLs)"}};

  p.readiness_summary =
      "With `lambda_instance_type`, a valid key is asked, read-only, whether one instance of "
      "that type can launch now: it is one of Lambda's instance types, it has capacity now (in "
      "`lambda_region` when given, otherwise in any region), and an SSH key is registered (a "
      "launch names one). Nothing is created, changed or reserved: both requests are GETs. "
      "Lambda documents a limit of about one request per second for its API, so the check "
      "waits one second before each readiness request (a wait the driver performs, not a busy "
      "loop): the three requests are at least a second apart.";
  for (const auto& r : lambda_readiness_requests()) {
    std::string decides;
    for (std::string_view id : r.requirements) {
      if (!id.empty()) decides += (decides.empty() ? "" : ", ") + std::string(id);
    }
    p.readiness_requests.push_back({"GET", "api", std::string(r.path), "none (keys are not scoped)",
                                    "Decides " + decides + ". Sends " + std::string(r.sends)});
  }
  for (const auto& row : lambda_readiness_rows()) {
    p.readiness_answers.push_back({std::string(row.request), std::string(row.answer),
                                   row.requirement == "*" ? "" : std::string(row.requirement),
                                   to_string(row.state), std::string(row.detail),
                                   std::string(row.hint)});
  }
  p.readiness_rounds =
      "1. The instances list: the credential.\n2. The instance types, one second later, and 3. the "
      "SSH keys, one second after that: Lambda documents one request per second, so these are "
      "paced, not sent together.\n";
  p.readiness_notes =
      "\nCapacity is Lambda's `regions_with_capacity_available` for the type at the moment of "
      "the check; it changes minute to minute, so a met capacity is no reservation and an unmet "
      "one may clear soon. An unknown type name is answered with the closest names Lambda "
      "lists (edit distance, at most three). A 429 on the instance list stays `rate_limited` "
      "with its Retry-After; on a readiness request it makes that request's requirements "
      "`unknown`, with the Retry-After in the detail.\n";
}

}  // namespace credprobe
