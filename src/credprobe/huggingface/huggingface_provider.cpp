#include "credprobe/huggingface/huggingface_provider.hpp"

#include "credprobe/huggingface/huggingface_lint.hpp"
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
  p.outcomes = {
      {"200 with an account name", Status::valid,
       "identity (name, full name, type, email), orgs with roles, token name and role, "
       "fine-grained global and scoped permissions"},
      {"200 with any other body", Status::indeterminate, "a proxy or portal answered"},
      {"401 with the Hub's error JSON (`{\"error\": ...}`)", Status::invalid,
       "wrong, revoked or expired token"},
      {"401 with any other body", Status::indeterminate, "a proxy refused, not the Hub"},
      {"429", Status::rate_limited, "Retry-After is kept"},
      {"5xx", Status::indeterminate, "a server error proves nothing about the token"},
      {"any other status", Status::indeterminate, ""},
      {"no answer (DNS, refused, reset, timeout)", Status::unreachable, ""},
      {"browser CORS refusal", Status::blocked, "use a relay"},
  };
  p.lint = lint_huggingface;
  p.make_probe = make_whoami_probe;
  return p;
}

}  // namespace credprobe
