#include "credprobe/huggingface/huggingface_provider.hpp"

#include "credprobe/huggingface/huggingface_lint.hpp"
#include "credprobe/huggingface/space_readiness.hpp"
#include "credprobe/huggingface/whoami_answers.hpp"
#include "credprobe/huggingface/whoami_probe.hpp"

namespace credprobe {

namespace {

// whoami-v2 for the credential, then (with hf_username or hf_hardware) the Space readiness check,
// which reads the same whoami-v2 answer.
std::unique_ptr<Probe> make_huggingface_probe(const Fields& fields, const CheckContext& context) {
  // The readiness check owns the exchange it reads; the credential probe, which runs before it in
  // the same chain, writes it (readiness.hpp, with_readiness).
  auto whoami = std::make_unique<WhoamiExchange>();
  WhoamiExchange* written_by_probe = whoami.get();
  auto readiness = make_space_readiness(fields, context, std::move(whoami));
  // Built before `readiness` moves: argument order is unspecified.
  auto credential = make_whoami_probe(fields, context, readiness ? written_by_probe : nullptr);
  return with_readiness(std::move(credential), std::move(readiness));
}

void add_readiness(ProviderSpec& p) {
  FieldSpec user;
  user.name = "hf_username";
  user.label = "Namespace (user or organization)";
  user.kind = FieldKind::text;
  user.group = "Compute";
  user.help =
      "The user or organization the Space is created under (Clustrix's hf_username); the "
      "token's own user when empty. When given, the check goes on to ask whether the token may "
      "create a Space there.";
  FieldSpec hardware;
  hardware.name = "hf_hardware";
  hardware.label = "Space hardware";
  hardware.kind = FieldKind::text;
  hardware.group = "Compute";
  hardware.help =
      "The Space hardware flavour (Clustrix's hf_hardware), e.g. t4-small or cpu-basic (free). "
      "When given, the check asks the Hub's hardware list whether it exists and whoami-v2 "
      "whether the namespace can pay for it.";
  FieldSpec sdk;
  sdk.name = "hf_sdk";
  sdk.label = "Space SDK";
  sdk.kind = FieldKind::text;
  sdk.group = "Compute";
  sdk.help =
      "The Space SDK (Clustrix's hf_sdk): gradio, docker or static. Exported with the "
      "configuration; readiness does not depend on it.";
  p.fields.push_back(user);
  p.fields.push_back(hardware);
  p.fields.push_back(sdk);

  p.readiness_critical_path = 2;
}

}  // namespace

ProviderSpec huggingface_provider() {
  ProviderSpec p;
  p.id = "huggingface";
  p.display_name = "Hugging Face";
  p.clustrix_type = "huggingface_spaces";
  p.summary =
      "Reads the token's owner and permissions from GET /api/whoami-v2, an endpoint that answers "
      "only with a valid token.";

  FieldSpec token;
  token.name = "hf_token";
  token.label = "Access token";
  token.kind = FieldKind::secret;
  token.required = true;
  token.env_vars = {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"};
  token.files = {"${HF_HOME:-~/.cache/huggingface}/token"};
  token.help =
      "A user access token from https://huggingface.co/settings/tokens: hf_ followed by 34 "
      "letters and digits. Read, write and fine-grained tokens all work.";
  p.fields = {token};

  EndpointSpec hub;
  hub.name = "hub";
  hub.label = "Hugging Face Hub";
  hub.default_url = "https://huggingface.co";
  hub.browser_callable = true;  // whoami-v2 answers CORS preflights with the origin reflected
  hub.hosts = {"huggingface.co"};
  p.endpoints = {hub};

  p.answers = huggingface_answer_table;
  p.lint = lint_huggingface;
  add_readiness(p);
  p.make_probe = make_huggingface_probe;
  return p;
}

}  // namespace credprobe
