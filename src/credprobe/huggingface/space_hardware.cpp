#include "credprobe/huggingface/space_hardware.hpp"

namespace credprobe {

// huggingface_hub 2.4.0, SpaceHardware (taken there from the Hub's SpaceHardwareFlavor).
constexpr SpaceHardware kSpaceHardwareFlavours[] = {
    {"cpu-basic", "CPU Basic (free)", SpaceBilling::free},
    {"cpu-upgrade", "CPU Upgrade", SpaceBilling::paid},
    {"zero-a10g", "ZeroGPU (Nvidia A10G, shared)", SpaceBilling::zero_gpu},
    {"t4-small", "Nvidia T4 small", SpaceBilling::paid},
    {"t4-medium", "Nvidia T4 medium", SpaceBilling::paid},
    {"l4x1", "1x Nvidia L4", SpaceBilling::paid},
    {"l4x4", "4x Nvidia L4", SpaceBilling::paid},
    {"l40sx1", "1x Nvidia L40S", SpaceBilling::paid},
    {"l40sx4", "4x Nvidia L40S", SpaceBilling::paid},
    {"l40sx8", "8x Nvidia L40S", SpaceBilling::paid},
    {"a10g-small", "Nvidia A10G small", SpaceBilling::paid},
    {"a10g-large", "Nvidia A10G large", SpaceBilling::paid},
    {"a10g-largex2", "2x Nvidia A10G large", SpaceBilling::paid},
    {"a10g-largex4", "4x Nvidia A10G large", SpaceBilling::paid},
    {"a100-large", "Nvidia A100 large", SpaceBilling::paid},
    {"a100x4", "4x Nvidia A100", SpaceBilling::paid},
    {"a100x8", "8x Nvidia A100", SpaceBilling::paid},
    {"rtx-pro-6000", "Nvidia RTX PRO 6000", SpaceBilling::paid},
    {"rtx-pro-6000x2", "2x Nvidia RTX PRO 6000", SpaceBilling::paid},
    {"rtx-pro-6000x4", "4x Nvidia RTX PRO 6000", SpaceBilling::paid},
    {"rtx-pro-6000x8", "8x Nvidia RTX PRO 6000", SpaceBilling::paid},
};

Table<SpaceHardware> space_hardware_flavours() {
  return kSpaceHardwareFlavours;
}

SpaceBilling space_billing_of(std::string_view name) {
  for (const auto& f : space_hardware_flavours()) {
    if (f.name == name) return f.billing;
  }
  return SpaceBilling::paid;
}

std::string space_hardware_names() {
  std::string out;
  for (const auto& f : space_hardware_flavours()) {
    out += out.empty() ? "" : ", ";
    out += f.name;
  }
  return out;
}

}  // namespace credprobe
