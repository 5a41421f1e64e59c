#include "credprobe/huggingface/huggingface_provider.hpp"

#include "credprobe/huggingface/huggingface_lint.hpp"
#include "credprobe/huggingface/whoami_answers.hpp"
#include "credprobe/huggingface/whoami_probe.hpp"

namespace credprobe {

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

  p.requests = {
      {"GET", "hub", "/api/whoami-v2", "the token, as `Authorization: Bearer`; nothing else"}};
  p.answers = huggingface_answer_table;
  p.lint = lint_huggingface;
  p.make_probe = make_whoami_probe;
  return p;
}

}  // namespace credprobe
