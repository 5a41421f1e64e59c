// A minimal absolute-URL splitter for the URLs probes build and the endpoints users override.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

struct Url {
  std::string scheme;  // lower-case: "https", "http"
  std::string host;    // lower-case, no brackets for IPv6
  int port = 0;        // 0 when not given
  std::string path;    // starts with '/', "/" when empty
  std::string query;   // without '?'

  // scheme://host[:port] as it would be written, default ports omitted.
  std::string origin() const;
  std::string host_and_port() const;
};

// Parses an absolute http(s) URL. Rejects userinfo, fragments-only junk, spaces, empty hosts and
// host characters outside letters, digits, "-._" (or, in brackets, an IPv6 address), so
// origin() and host_and_port() always write text that parses back to the same host and port.
std::optional<Url> parse_url(std::string_view text);

// Joins a base such as "https://huggingface.co" or "http://127.0.0.1:5000/" with "/api/x".
std::string join_url(std::string_view base, std::string_view path_and_query);

}  // namespace credprobe
