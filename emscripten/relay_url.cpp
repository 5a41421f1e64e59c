#include "relay_url.hpp"

#include "credprobe/url.hpp"

namespace credprobe::wasm {

std::optional<std::string> relay_url(std::string_view relay_base, std::string_view request_url) {
  auto relay = parse_url(relay_base);
  auto target = parse_url(request_url);
  if (!relay || !target) return std::nullopt;
  // The relay's own path is kept as a prefix ("http://127.0.0.1:8888/credprobe/relay").
  std::string base = relay->origin();
  if (relay->path != "/") base += relay->path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string out = base + "/" + target->host_and_port() + target->path;
  if (!target->query.empty()) out += "?" + target->query;
  return out;
}

}  // namespace credprobe::wasm
