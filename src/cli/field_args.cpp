#include "cli/field_args.hpp"

#include "credprobe/check.hpp"

namespace credprobe::cli {

namespace {
// read_text_file's error is "PATH: why"; only the why is shown.
std::string file_problem(const std::string& error) {
  auto colon = error.rfind(": ");
  return colon == std::string::npos ? "unreadable" : error.substr(colon + 2);
}
}  // namespace

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
      const auto known = registry_names(provider_registry(), &ProviderSpec::fields);
      out.error = "unknown field " + name_for_message(name, known) + " for " + provider.id +
                  "; fields are: " + names;
      return out;
    }
    std::string value = arg.substr(eq + 1);
    if (!value.empty() && value.front() == '@') {
      std::string error;
      auto text = native::read_text_file(value.substr(1), error);
      if (!text) {
        // The path is not quoted: what follows '@' may be the secret itself, pasted by mistake.
        out.error = "--field " + name + ": cannot read the file named after '@' (" +
                    file_problem(error) + ")";
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

namespace {
// Every "PROVIDER" and "PROVIDER.NAME" a user may write: what an --endpoint key is shown against
// (a key that looks like none of them may be a pasted URL or secret, and is not quoted).
std::vector<std::string> endpoint_keys(const std::vector<ProviderSpec>& registry) {
  std::vector<std::string> keys;
  for (const auto& p : registry) {
    keys.push_back(p.id);
    for (const auto& e : p.endpoints) keys.push_back(p.id + "." + e.name);
  }
  return keys;
}
}  // namespace

EndpointsByProvider endpoints_by_provider(const ParsedPairs& endpoints,
                                          const std::vector<ProviderSpec>& registry,
                                          const ProviderSpec* only) {
  EndpointsByProvider out;
  const auto provider_named = [&](const std::string& id) -> const ProviderSpec* {
    for (const auto& p : registry) {
      if (p.id == id) return &p;
    }
    return nullptr;
  };
  const auto keys = endpoint_keys(registry);
  for (const auto& [key, url] : endpoints.values) {
    const size_t dot = key.find('.');
    const ProviderSpec* named = provider_named(key.substr(0, dot));
    // With one provider, its own endpoint names and a bare URL are its; anything else that does
    // not name a provider is left for the check to report as an unknown endpoint.
    if (only && (key.empty() || only->endpoint(key) || !named)) {
      out.values[only->id][key] = url;
      continue;
    }
    const std::string shown = "--endpoint " + name_for_message(key, keys);
    if (!named) {
      std::string ids;
      for (const auto& p : registry) ids += (ids.empty() ? "" : ", ") + p.id;
      out.error = (key.empty() ? std::string("--endpoint URL") : shown) +
                  ": with --all, an endpoint names its provider, as PROVIDER=URL or "
                  "PROVIDER.NAME=URL (e.g. --endpoint aws.sts=URL); providers are: " +
                  ids;
      return out;
    }
    if (only && named != only) {
      out.error = shown + " is for " + named->id + ", but this check is for " + only->id;
      return out;
    }
    const std::string name = dot == std::string::npos ? "" : key.substr(dot + 1);
    if (!name.empty() && !named->endpoint(name)) {
      std::string names;
      for (const auto& e : named->endpoints) names += (names.empty() ? "" : ", ") + e.name;
      out.error = shown + ": " + named->id + " has no such endpoint; its endpoints are: " + names;
      return out;
    }
    out.values[named->id][name] = url;
  }
  return out;
}

}  // namespace credprobe::cli
