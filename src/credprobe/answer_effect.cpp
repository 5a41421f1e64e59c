#include "credprobe/answer_effect.hpp"

namespace credprobe {

const char* to_string(AnswerEffect effect) {
  switch (effect) {
    case AnswerEffect::met:
      return "met";
    case AnswerEffect::unmet:
      return "unmet";
    case AnswerEffect::unknown:
      return "unknown";
    case AnswerEffect::next:
      return "next request";
    case AnswerEffect::annotate:
      return "unchanged, detail added";
  }
  return "unknown";
}

}  // namespace credprobe
