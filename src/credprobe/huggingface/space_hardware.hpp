// The Space hardware flavours credprobe knows, as data: the names `hf_hardware` takes and what
// each needs to be billed. The Hub's own list (GET /api/spaces/hardware) decides whether a
// flavour exists; this table decides only how it is billed, and names the flavours in the docs.
// It mirrors huggingface_hub's SpaceHardware enum (huggingface_hub 2.4.0, _space_api.py), and a
// conformance test compares the two so drift is caught.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "credprobe/table.hpp"

namespace credprobe {

enum class SpaceBilling {
  free,      // cpu-basic: every Space runs on it without a payment method
  zero_gpu,  // ZeroGPU: hosting needs a PRO account (user) or a Team/Enterprise plan (org)
  paid,      // billed per minute: the namespace needs a payment method
};

struct SpaceHardware {
  std::string_view name;  // "t4-small", as the Hub and huggingface_hub spell it
  std::string_view label;
  SpaceBilling billing;
};

Table<SpaceHardware> space_hardware_flavours();
// How `name` is billed: its row's billing, or `paid` for a flavour this table does not know
// (anything but the free CPU tier costs money).
SpaceBilling space_billing_of(std::string_view name);
// "cpu-basic, cpu-upgrade, ...": the table's names, for hints when the Hub's list is unread.
std::string space_hardware_names();

}  // namespace credprobe
