#include "native/environment.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace credprobe::native {

Environment Environment::from_process() {
  Environment env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const char* eq = std::strchr(*entry, '=');
    if (!eq) continue;
    env.vars.emplace(std::string(*entry, static_cast<size_t>(eq - *entry)), std::string(eq + 1));
  }
  return env;
}

std::optional<std::string> Environment::get(const std::string& name) const {
  auto it = vars.find(name);
  if (it == vars.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string Environment::home() const {
  return get("HOME").value_or("/");
}

std::string Environment::expand(const std::string& path) const {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    if (path.compare(i, 2, "${") == 0) {
      size_t close = path.find('}', i);
      if (close == std::string::npos) break;
      std::string inner = path.substr(i + 2, close - i - 2);
      std::string fallback;
      size_t dash = inner.find(":-");
      if (dash != std::string::npos) {
        fallback = expand(inner.substr(dash + 2));
        inner = inner.substr(0, dash);
      }
      out += get(inner).value_or(fallback);
      i = close + 1;
    } else if (i == 0 && path.compare(0, 2, "~/") == 0) {
      out += home();
      i = 1;
    } else {
      out += path[i++];
    }
  }
  return out + path.substr(i);
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error,
                                          size_t max_bytes) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[8192];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, n);
    if (text.size() > max_bytes) {
      std::fclose(file);
      error = path + ": larger than " + std::to_string(max_bytes / 1024) +
              " KiB; not a credential file";
      return std::nullopt;
    }
  }
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    error = path + ": read error";
    return std::nullopt;
  }
  return text;
}

}  // namespace credprobe::native
