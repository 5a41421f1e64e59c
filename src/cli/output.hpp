// Everything the CLI prints goes through here: text is redacted against every secret the run
// handles before it reaches a terminal, a pipe or a log.
#pragma once

#include <cstdio>
#include <string>

#include "credprobe/redact.hpp"

namespace credprobe::cli {

class Output {
 public:
  explicit Output(const Redactor& redactor);
  void out(const std::string& text) const { write(stdout, text); }
  void err(const std::string& text) const { write(stderr, text); }
  bool color() const { return color_; }
  // Wraps `text` in an ANSI style when stdout is a terminal and NO_COLOR is unset.
  std::string style(const std::string& text, const char* ansi) const;

 private:
  void write(FILE* stream, const std::string& text) const;
  const Redactor& redactor_;
  bool color_;
};

}  // namespace credprobe::cli
