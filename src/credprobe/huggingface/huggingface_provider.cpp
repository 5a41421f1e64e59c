#include "credprobe/huggingface/huggingface_provider.hpp"

namespace credprobe {

ProviderSpec huggingface_provider() {
  ProviderSpec p;
  p.id = "huggingface";
  p.display_name = "Hugging Face";
  return p;
}

}  // namespace credprobe
