// The documentation half of the provider registry: what each request sends, what each answer
// means in prose, readiness's rounds and notes, and the docs page rendered from them. The CLI's
// `providers` command and the tests read it; the wasm page never links it, so its prose costs a
// page view nothing (the page shows fields, endpoints and options, which stay in the registry).
#pragma once

#include <string>
#include <vector>

#include "credprobe/registry.hpp"

namespace credprobe {

// One provider's documentation, added to its registry entry (src/docs/<id>_docs.cpp).
void document_aws(ProviderSpec& p);
void document_azure(ProviderSpec& p);
void document_gcp(ProviderSpec& p);
void document_huggingface(ProviderSpec& p);
void document_lambda(ProviderSpec& p);

// The entry with its documentation; an entry no documentation names comes back as it was.
ProviderSpec documented(ProviderSpec provider);
// provider_registry(), every entry documented.
std::vector<ProviderSpec> documented_registry();

// The provider's documentation page (docs/providers/<id>.md), generated so it cannot drift.
std::string provider_markdown(const ProviderSpec& provider);

}  // namespace credprobe
