// The verdict model of DESIGN.md: what a check concluded, who the credential belongs to, what it
// reaches, and the requests that back the conclusion. Never holds a secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credprobe/json.hpp"

namespace credprobe {

enum class Status {
  valid,          // an answer that needed the credential
  invalid,        // an authoritative rejection of the credential
  expired,        // an authoritative "this credential has expired"
  insufficient,   // authenticates, but lacks a permission the check needs
  malformed,      // offline lint found the input unusable; nothing was sent
  unreachable,    // no answer from the provider (DNS, refused, reset, timeout)
  blocked,        // the host answered but something in between refused (browser CORS, proxy)
  rate_limited,   // the provider asked us to slow down
  indeterminate,  // an answer that proves neither way
};

const char* to_string(Status status);
std::optional<Status> status_from_string(const std::string& text);

// One fact the provider proved, in the order a person wants to read them.
struct Fact {
  std::string key;  // machine name: "account", "arn", "user", "org", ...
  std::string value;
};

// One permission or reach: a scope and what the credential may do there.
struct Permission {
  std::string scope;                // "token role", "model: acme/llama", "subscription 1234 (Prod)"
  std::vector<std::string> access;  // "read", "write", "repo.content.read", ...
};

// One request that contributed to the verdict. Never holds a secret: only where it went and
// what came back.
struct Evidence {
  std::string method;
  std::string host;
  std::string path;
  int http_status = 0;          // 0 when there was no HTTP answer
  std::string provider_code;    // "InvalidClientTokenId", "AADSTS7000215", ...
  std::string transport_error;  // empty unless the request failed below HTTP
  double latency_ms = 0;
  bool via_relay = false;
};

// Readiness (DESIGN.md "Readiness"): whether the compute a configuration asks for can launch.
// Provider-neutral: every provider's readiness check lists its requirements in these terms.
enum class RequirementState {
  met,      // an answer proved it
  unmet,    // an authoritative answer proved it is not (quota below need, UnauthorizedOperation)
  unknown,  // the read itself was denied, throttled or failed: the detail says which permission
};

enum class Readiness { yes, no, unknown };

const char* to_string(RequirementState state);
const char* to_string(Readiness readiness);

struct Requirement {
  std::string id;     // machine name: "instance_type_offered", "vcpu_quota", "launch_permission"
  std::string label;  // what a person reads: "g5.xlarge is offered in us-west-2"
  RequirementState state = RequirementState::unknown;
  std::string detail;  // what proves it: "quota 0 vCPUs; g5.xlarge needs 4"
  std::string hint;    // what to do: the console page, the permission to add; empty when met
  std::vector<Evidence> evidence;  // the requests behind it
};

struct Verdict {
  std::string provider;
  Status status = Status::indeterminate;
  std::string summary;  // one line a person reads first
  std::vector<Fact> identity;
  std::vector<Permission> permissions;
  std::vector<Evidence> evidence;
  std::string hint;        // what to do next; empty when nothing is needed
  std::string checked_at;  // ISO 8601 UTC, from the `now` the driver passed
  std::optional<int> retry_after_seconds;
  // Present only when the configuration named compute (instance type, region, ...) and the
  // credential was valid: the readiness checklist, in the order it was checked.
  std::optional<std::vector<Requirement>> readiness;
  // With readiness: how many of `evidence`, from the front, the credential check sent (the rest
  // are readiness reads). For rendering each request once; not part of the JSON.
  std::size_t credential_evidence = 0;

  const std::string* fact(const std::string& key) const;
};

// yes when every requirement is met, no when any is unmet, unknown otherwise; nullopt when no
// readiness was checked.
std::optional<Readiness> ready(const Verdict& verdict);

Json to_json(const Evidence& evidence);
Json to_json(const Verdict& verdict);
// Renders a Unix time as ISO 8601 UTC ("2026-11-28T13:21:03Z") without touching a clock.
std::string iso8601_utc(std::int64_t unix_seconds);
// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
// Parses an RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt when malformed.
std::optional<std::int64_t> parse_http_date(const std::string& text);

}  // namespace credprobe
