#include "cli/output.hpp"

#include <unistd.h>

#include <cstdlib>

namespace credprobe::cli {

Output::Output(const Redactor& redactor)
    : redactor_(redactor), color_(::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")) {}

std::string Output::style(const std::string& text, const char* ansi) const {
  if (!color_) return text;
  return std::string("\033[") + ansi + "m" + text + "\033[0m";
}

void Output::write(FILE* stream, const std::string& text) const {
  std::string safe = redactor_.apply(text);
  std::fwrite(safe.data(), 1, safe.size(), stream);
  std::fflush(stream);
}

}  // namespace credprobe::cli
