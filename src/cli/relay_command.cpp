#include "cli/relay_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "credprobe/registry.hpp"
#include "credprobe/url.hpp"
#include "native/relay/relay_server.hpp"
#include "native/relay/relay_token.hpp"

namespace credprobe::cli {

namespace {

constexpr const char* kRelayHelp =
    "\nWhat it is for:\n"
    "  A page in a browser cannot call provider endpoints that refuse cross-origin requests\n"
    "  (the Entra token endpoint, for one). This relay runs on this machine, on loopback only\n"
    "  (127.0.0.1 and ::1), and forwards the page's requests to the provider hosts in\n"
    "  credprobe's registry, nowhere else. Paste the URL it prints into the page's Relay URL\n"
    "  setting; each run makes a fresh random token, part of that URL. A request to\n"
    "    {relay URL}/HOST/PATH?QUERY   is sent to   https://HOST/PATH?QUERY\n"
    "  Only GET and POST are forwarded; CORS preflights (OPTIONS) are answered by the relay.\n"
    "\n"
    "What it refuses (the answer is JSON: {\"error\": CODE, \"message\": ...}):\n"
    "  401, 403  a missing or wrong token\n"
    "  403  hosts not in the allow-list (`credprobe providers --json` lists allowed_hosts);\n"
    "       IP addresses in any form (127.1, 2130706433, 0x7f.1, [::1]); user@host; ports\n"
    "       other than 443; plain http; hosts resolving to loopback, private, link-local,\n"
    "       CGNAT, multicast, unspecified, IPv4-mapped or other non-public addresses (resolved\n"
    "       once, and the connection pinned to the checked address); requests from another\n"
    "       origin; a Host header that does not name the relay\n"
    "  400  malformed destinations, dot segments (..) in the path; requests that are not\n"
    "       strict HTTP/1.1 (a bare CR or LF, folded lines, a space before a field's colon,\n"
    "       a repeated Content-Length, Content-Length with Transfer-Encoding), never forwarded\n"
    "  408  a request that does not arrive whole within 10 s of its first byte\n"
    "  414, 431  a request line over 8 KiB, more than 100 header fields or 16 KiB of header\n"
    "  405  methods other than GET and POST\n"
    "  413  request bodies over 1 MiB, chunked ones too (checked after the token)\n"
    "  502  redirects (never followed, not passed on: the upstream status is in\n"
    "       X-Credprobe-Upstream-Status), answers over 8 MiB, unreachable destinations\n"
    "  503  more than --max-concurrent forwards at once (after waiting 2 s for a slot)\n"
    "  504  no answer within --timeout\n"
    "  Cookie, Origin, Referer, User-Agent and hop-by-hop headers are not forwarded, Host is\n"
    "  set from the destination; Set-Cookie, the destination's CORS headers and any\n"
    "  X-Credprobe-* header are dropped. Answers are never a page: served as application/json\n"
    "  or text/plain, with X-Content-Type-Options: nosniff and Content-Security-Policy:\n"
    "  default-src 'none'; sandbox.\n"
    "  `credprobe relay --print-policy` prints all of these rules as JSON.\n"
    "  Proxy variables (HTTPS_PROXY, ...) are not used. The log on stderr shows method, host,\n"
    "  path, status and latency: never the query, a header value, a body or the token.\n"
    "\n"
    "The page's origin:\n"
    "  Only one origin gets CORS access, http://127.0.0.1:8000 by default. For a page served\n"
    "  elsewhere pass its origin exactly as the browser sends it (scheme, host, port):\n"
    "    credprobe relay --allow-origin http://localhost:5173\n"
    "\n"
    "It stops on Ctrl-C or SIGTERM, and by itself after --idle-exit seconds without a request\n"
    "(exit code 0). Exit code 2: bad flags; 4: it could not start (port in use).\n";

// An origin as browsers send it: scheme://host[:port], no path. Empty when it is not one.
std::string normalize_origin(const std::string& text) {
  auto url = parse_url(text);
  if (!url || url->path != "/" || !url->query.empty()) return "";
  std::string rest = text.substr(text.find("://") + 3);
  if (rest.find_first_of("?#") != std::string::npos) return "";
  auto slash = rest.find('/');
  if (slash != std::string::npos && slash + 1 != rest.size()) return "";
  return url->origin();
}

// The emulator's HOST:PORT: loopback only, since credentials would cross it in clear text.
bool valid_insecure_host(const std::string& text) {
  if (text.find_first_of("/@?#") != std::string::npos) return false;
  auto url = parse_url("http://" + text + "/");
  if (!url || url->port == 0) return false;
  return url->host == "localhost" || url->host == "::1" || url->host.rfind("127.", 0) == 0;
}

}  // namespace

CLI::App* add_relay_subcommand(CLI::App& app, RelayArgs& args) {
  auto* relay = app.add_subcommand(
      "relay",
      "Run a loopback relay for the credprobe web page, for provider endpoints that refuse "
      "browsers. Forwards only to the registry's provider hosts; not an open proxy.");
  relay->footer(kRelayHelp);
  relay->add_option("--port", args.port, "Port on 127.0.0.1 (and ::1); 0 picks a free one.")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  relay
      ->add_option("--allow-origin", args.allow_origin,
                   "The one origin (the page's) given CORS access.")
      ->capture_default_str();
  relay
      ->add_option("--allow-insecure-host", args.insecure_hosts,
                   "HOST:PORT on loopback reached over plain http, for tests with the "
                   "credprobe emulator. Matched exactly. Repeatable.")
      ->group("Testing");
  relay->add_option("--timeout", args.timeout_seconds, "Seconds to wait for each destination.")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  relay->add_option("--max-concurrent", args.max_concurrent, "Forwards in flight at once.")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  relay
      ->add_option("--idle-exit", args.idle_exit_seconds,
                   "Stop after this many seconds without a request.")
      ->check(CLI::Range(1L, 7L * 24 * 3600))
      ->capture_default_str();
  relay->add_flag("--print-policy", args.print_policy,
                  "Print the relay's rules (allow-list, non-public address ranges, header lists, "
                  "refusal codes) as JSON and exit.");
  return relay;
}

int run_relay(const RelayArgs& args) {
  Redactor none;
  Output plain(none);
  if (args.print_policy) {
    plain.out(relay::policy_json(allowed_hosts(provider_registry()), relay::HeadLimits{}).dump(2) +
              "\n");
    return kExitValid;
  }
  const std::string origin = normalize_origin(args.allow_origin);
  if (origin.empty()) {
    plain.err(
        "credprobe relay: --allow-origin must be an origin such as http://127.0.0.1:8000 "
        "(scheme, host and port, no path)\n");
    return kExitUsage;
  }
  for (const auto& host : args.insecure_hosts) {
    if (!valid_insecure_host(host)) {
      plain.err(
          "credprobe relay: --allow-insecure-host takes a loopback HOST:PORT such as "
          "127.0.0.1:5000 (for the emulator in tests)\n");
      return kExitUsage;
    }
  }
  auto token = relay::make_relay_token();
  if (!token) {
    plain.err("credprobe relay: the system gave no random bytes for the token\n");
    return kExitCouldNotTell;
  }
  // The token is printed once, in the URL on stdout; every other line is redacted against it.
  Redactor redactor;
  redactor.add(*token);
  Output log(redactor);

  relay::RelayServerOptions options;
  options.policy.token = *token;
  options.policy.allowed_hosts = allowed_hosts(provider_registry());
  options.policy.allowed_origin = origin;
  options.policy.insecure_hosts = args.insecure_hosts;
  options.port = args.port;
  options.timeout_seconds = args.timeout_seconds;
  options.max_concurrent = args.max_concurrent;
  options.idle_exit_seconds = args.idle_exit_seconds;
  const size_t host_count = options.policy.allowed_hosts.size();
  options.on_ready = [&](const std::string& url, bool ipv6) {
    plain.out(url + "\n");
    log.err("credprobe relay: listening on 127.0.0.1" + std::string(ipv6 ? " and [::1]" : "") +
            "; paste the URL above into the page's Relay URL setting.\n"
            "credprobe relay: forwards to " +
            std::to_string(host_count) + " provider host patterns for the origin " + origin +
            (args.insecure_hosts.empty()
                 ? std::string()
                 : " (and over plain http to " + std::to_string(args.insecure_hosts.size()) +
                       " test host(s))") +
            "; stops after " + std::to_string(args.idle_exit_seconds) +
            " s without a request, or on Ctrl-C.\n");
  };
  options.on_log = [&log](const std::string& line) { log.err("credprobe relay: " + line + "\n"); };

  const auto result = relay::run_relay_server(std::move(options));
  if (!result.started) {
    plain.err("credprobe relay: " + result.error + "\n");
    return kExitCouldNotTell;
  }
  log.err(std::string("credprobe relay: stopped") +
          (result.stop_reason == "idle"
               ? " after " + std::to_string(args.idle_exit_seconds) + " s without a request"
           : result.stop_reason == "signal" ? " by a signal"
                                            : "") +
          "\n");
  return kExitValid;
}

}  // namespace credprobe::cli
