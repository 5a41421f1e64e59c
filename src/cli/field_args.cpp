#include "cli/field_args.hpp"

namespace credprobe::cli {

ParsedFields parse_field_args(const ProviderSpec& provider, const std::vector<std::string>& args) {
  ParsedFields out;
  for (const auto& arg : args) {
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    if (eq == std::string::npos || name.empty()) {
      out.error = "--field needs NAME=VALUE or NAME=@FILE (got an argument without '=')";
      return out;
    }
    if (!provider.field(name)) {
      std::string names;
      for (const auto& f : provider.fields) names += (names.empty() ? "" : ", ") + f.name;
      out.error = "unknown field '" + name + "' for " + provider.id + "; fields are: " + names;
      return out;
    }
    std::string value = arg.substr(eq + 1);
    if (!value.empty() && value.front() == '@') {
      std::string error;
      auto text = native::read_text_file(value.substr(1), error);
      if (!text) {
        out.error = "--field " + name + ": cannot read " + error;
        return out;
      }
      // A token file ends with a newline; JSON key files are kept as they are.
      if (provider.field(name)->kind != FieldKind::json) {
        while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
      }
      out.fields[name] = {*text, "file " + value.substr(1)};
    } else {
      out.fields[name] = {value, "--field"};
    }
  }
  return out;
}

namespace {
ParsedPairs parse_pairs(const std::vector<std::string>& args, bool bare_allowed, const char* flag) {
  ParsedPairs out;
  for (const auto& arg : args) {
    auto eq = arg.find('=');
    auto scheme = arg.find("://");
    bool bare = eq == std::string::npos || (scheme != std::string::npos && scheme < eq);
    if (bare) {
      if (!bare_allowed) {
        out.error = std::string(flag) + " needs NAME=VALUE";
        return out;
      }
      out.values[""] = arg;
    } else {
      out.values[arg.substr(0, eq)] = arg.substr(eq + 1);
    }
  }
  return out;
}
}  // namespace

ParsedPairs parse_endpoint_args(const std::vector<std::string>& args) {
  return parse_pairs(args, true, "--endpoint");
}

ParsedPairs parse_option_args(const std::vector<std::string>& args) {
  return parse_pairs(args, false, "--option");
}

}  // namespace credprobe::cli
