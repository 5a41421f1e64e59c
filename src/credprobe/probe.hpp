// The probe interface: a provider check as a state machine that is fed inputs and answers with
// the next step. Probes never perform I/O or read a clock; drivers do, and feed the results back.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "credprobe/http.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

// Ask the driver to perform a request. `endpoint` names the registry endpoint the request goes
// to, so a browser driver can tell whether to route it through a relay.
struct SendStep {
  HttpRequest request;
  std::string endpoint;
};

// Ask the driver to sign `data` with the platform's RSA implementation (OpenSSL natively,
// WebCrypto in the browser). RSA is never written by hand in the core.
struct SignStep {
  std::string algorithm = "RS256";  // RSASSA-PKCS1-v1_5 with SHA-256
  std::string private_key_pem;      // PKCS#8 PEM
  std::string data;
};

struct DoneStep {
  Verdict verdict;
};

// Ask the driver to wait before the next request (a provider's documented rate limit); the
// probe resumes in on_waited().
struct WaitStep {
  int seconds = 0;
};

// Ask the driver to perform several requests at once, because none needs another's answer
// (issue 20: a check's wall time is its chain of dependent requests, not its request count).
// Whatever order the answers arrive in, the probe reads them in the order they were asked for,
// one on_response() each; after an answer with more still to come it returns AwaitStep (or any
// other step: a SendStep adds a request to those in flight, a DoneStep drops the rest).
struct SendAllStep {
  std::vector<SendStep> sends;
};

// Read the next answer of the requests already in flight (only while some are).
struct AwaitStep {};

using Step = std::variant<SendStep, SignStep, DoneStep, WaitStep, SendAllStep, AwaitStep>;

struct SignResult {
  std::string signature;  // raw signature bytes
  std::string error;      // why signing failed; never contains key material
  bool ok() const { return error.empty(); }
};

// Endpoint bases a probe may use, after the user's overrides were applied.
struct Endpoints {
  std::map<std::string, std::string> urls;  // endpoint name -> base URL
  std::map<std::string, bool> overridden;   // endpoint name -> set explicitly by the user

  std::string url(const std::string& name) const;
  bool is_overridden(const std::string& name) const;
};

// Everything a probe may know about the world, passed in as values.
struct CheckContext {
  std::int64_t now = 0;  // Unix seconds, read by the driver
  Endpoints endpoints;
  std::map<std::string, std::string> options;  // provider options, e.g. "aws_sts_method" = "POST"
};

class Probe {
 public:
  virtual ~Probe() = default;
  virtual Step start() = 0;
  // The answer to the earliest request still unread (requests are read in the order sent).
  virtual Step on_response(const HttpResult& result) = 0;
  // Only probes that emit SignStep need to override this.
  virtual Step on_signature(const SignResult& result);
  // Only probes that emit WaitStep need to override this.
  virtual Step on_waited();

 protected:
  // For the check session (check_session.hpp), which keeps the evidence and the redactor:
  // the provider's error code in the answer being read, for that answer's evidence line...
  void note_code(std::string code) { noted_code_ = std::move(code); }
  // ...and a secret the probe just learned (an issued access token), registered with the
  // redactor before anything else can print it.
  void learned_secret(std::string secret) { learned_secrets_.push_back(std::move(secret)); }
  // For a probe that runs another (with_readiness): takes what `inner` noted about the answer it
  // just read and the secrets it learned, so the session, which only sees this probe, gets them.
  void adopt_notes(Probe& inner);

 private:
  friend class CheckSession;
  std::string noted_code_;
  std::vector<std::string> learned_secrets_;
};

// Shared building blocks for probes.
Evidence evidence_for(const HttpRequest& request, const HttpResult& result,
                      std::string provider_code = {});
Verdict new_verdict(const std::string& provider, Status status, std::string summary,
                    std::int64_t now);
// A verdict for a request that got no HTTP answer: unreachable, or blocked for a browser refusal.
Verdict transport_failure_verdict(const std::string& provider, const HttpRequest& request,
                                  const HttpResult& result, std::int64_t now);
// Retry-After as seconds (delta-seconds or an HTTP date relative to `now`).
std::optional<int> retry_after_seconds(const Headers& headers, std::int64_t now);
// A rate-limited answer (429 or a throttling code): records Retry-After and hints at the wait,
// "Try again in N seconds.", or `no_wait_hint` when the provider named none.
Verdict rate_limited_verdict(const std::string& provider, std::string summary,
                             const Headers& headers, std::int64_t now,
                             std::string no_wait_hint = "Wait a minute and try again.");

}  // namespace credprobe
