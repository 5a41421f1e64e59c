#include "docs/provider_docs.hpp"

namespace credprobe {

ProviderSpec documented(ProviderSpec provider) {
  struct Documentation {
    const char* id;
    void (*document)(ProviderSpec&);
  };
  static constexpr Documentation kDocumentation[] = {
      {"aws", document_aws},       {"azure", document_azure},
      {"gcp", document_gcp},       {"huggingface", document_huggingface},
      {"lambda", document_lambda},
  };
  for (const auto& d : kDocumentation) {
    if (provider.id == d.id) d.document(provider);
  }
  return provider;
}

std::vector<ProviderSpec> documented_registry() {
  std::vector<ProviderSpec> registry = provider_registry();
  for (auto& provider : registry) provider = documented(std::move(provider));
  return registry;
}

}  // namespace credprobe
