// What one readiness answer does to its requirement: the column every provider's readiness
// answer table shares (aws/ec2_answers, gcp/compute_answers, azure/compute_answers,
// huggingface/space_answers, ...).
#pragma once

namespace credprobe {

enum class AnswerEffect {
  met,
  unmet,     // only on an authoritative answer
  unknown,   // the read was denied, throttled or failed
  next,      // the read succeeded; a later request decides
  annotate,  // the requirement keeps its state; the detail and hint gain this row's text
};
const char* to_string(AnswerEffect effect);

}  // namespace credprobe
