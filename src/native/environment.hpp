// The process environment and home directory as a value, so credential discovery is testable.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace credprobe::native {

struct Environment {
  std::map<std::string, std::string> vars;

  static Environment from_process();
  // The variable's value when set and non-empty.
  std::optional<std::string> get(const std::string& name) const;
  std::string home() const;
  // Expands "~/" and "${VAR:-default}" / "$VAR" in a conventional path.
  std::string expand(const std::string& path) const;
};

// Reads a whole file, refusing anything over `max_bytes`; nullopt with `error` set otherwise.
std::optional<std::string> read_text_file(const std::string& path, std::string& error,
                                          size_t max_bytes = 1024 * 1024);

}  // namespace credprobe::native
