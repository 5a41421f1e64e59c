// The provider-probe harness: a probe built from fuzzer-chosen fields, options and endpoints,
// fed fuzzer-chosen HTTP results (status, headers, body, transport errors) and signatures until
// it is done or the step bound is reached. It aborts (a finding) when
//   (a) the verdict, as the CLI writes it (JSON, redacted), contains a secret field's value;
//   (b) the probe takes more steps than the bound;
//   (c) `valid` follows a final answer that is not 2xx;
//   (d) `invalid`/`expired` follows an answer that is 5xx, 429, or had no HTTP status.
//   (e) the probe asks for a wait outside 0..60 seconds (waits count as steps).
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "credprobe/check.hpp"
#include "credprobe/json.hpp"
#include "credprobe/registry.hpp"

namespace credprobe::fuzz {

struct ProbeSamples {
  Fields fields;                    // a set of fields that passes lint
  std::vector<std::string> bodies;  // realistic answers of the provider
  std::vector<Header> headers;      // realistic headers
};

inline constexpr int kStepBound = 64;
inline constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "FINDING: %s\n%s\n", what, detail.c_str());
  std::abort();
}

inline std::string choose_text(FuzzedDataProvider& in, const std::string& sample) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return sample;
    case 1:
      return sample + in.ConsumeRandomLengthString(64);
    case 2: {
      std::string text = sample;
      if (!text.empty()) {
        const auto at = in.ConsumeIntegralInRange<std::size_t>(0, text.size() - 1);
        text[at] = in.ConsumeIntegral<char>();
      }
      return text;
    }
    default:
      return in.ConsumeRandomLengthString(256);
  }
}

inline HttpResult choose_result(FuzzedDataProvider& in, const ProbeSamples& samples) {
  HttpResult result;
  result.latency_ms = in.ConsumeIntegralInRange<int>(0, 5000);
  result.via_relay = in.ConsumeBool();
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    result.error = static_cast<TransportError>(in.ConsumeIntegralInRange<int>(
        static_cast<int>(TransportError::timeout), static_cast<int>(TransportError::other)));
    if (in.ConsumeBool()) result.error_detail = in.ConsumeRandomLengthString(40);
    return result;
  }
  static const int kStatuses[] = {200, 201, 204, 301, 302, 307, 400, 401,
                                  403, 404, 409, 429, 500, 502, 503, 504};
  result.response.status =
      in.ConsumeBool() ? in.PickValueInArray(kStatuses) : in.ConsumeIntegralInRange<int>(0, 999);
  const int header_count = in.ConsumeIntegralInRange<int>(0, 3);
  for (int i = 0; i < header_count; ++i) {
    if (!samples.headers.empty() && in.ConsumeBool()) {
      const Header& h =
          samples.headers[in.ConsumeIntegralInRange<std::size_t>(0, samples.headers.size() - 1)];
      result.response.headers.push_back({h.name, choose_text(in, h.value)});
    } else {
      static const char* kNames[] = {"Retry-After", "Date", "Content-Type", "Location",
                                     "WWW-Authenticate"};
      result.response.headers.push_back(
          {in.PickValueInArray(kNames), in.ConsumeRandomLengthString(40)});
    }
  }
  if (!samples.bodies.empty() && in.ConsumeIntegralInRange<int>(0, 3) != 0) {
    const std::string& body =
        samples.bodies[in.ConsumeIntegralInRange<std::size_t>(0, samples.bodies.size() - 1)];
    result.response.body = choose_text(in, body);
  } else {
    result.response.body = in.ConsumeRandomLengthString(1024);
  }
  return result;
}

// Every value the redactor must keep out of the output: the secret fields, and the secret
// members of JSON fields. Values the redactor ignores (under 4 characters) or that its own
// marker contains cannot be checked.
inline std::vector<std::string> secrets_of(const ProviderSpec& provider, const Fields& fields) {
  std::vector<std::string> out;
  auto add = [&](const std::string& value) {
    if (value.size() >= 4 && std::string(kRedacted).find(value) == std::string::npos)
      out.push_back(value);
  };
  for (const auto& field : provider.fields) {
    if (field.kind != FieldKind::secret && field.kind != FieldKind::json) continue;
    auto it = fields.find(field.name);
    if (it == fields.end()) continue;
    add(it->second);
    if (field.kind != FieldKind::json) continue;
    if (auto json = parse_json(it->second)) {
      for (const char* member : {"private_key", "refresh_token", "client_secret"}) {
        if (auto value = json_string(*json, member)) add(*value);
      }
    }
  }
  return out;
}

inline bool is_2xx(const HttpResult& r) {
  return r.ok() && r.response.status >= 200 && r.response.status <= 299;
}

inline bool proves_nothing(const HttpResult& r) {
  return !r.ok() || r.response.status == 429 || r.response.status >= 500;
}

inline std::string describe(const HttpResult& r) {
  if (!r.ok()) return std::string("transport error ") + to_string(r.error);
  return "HTTP " + std::to_string(r.response.status) + " body " + r.response.body.substr(0, 200);
}

inline int fuzz_probe(const ProviderSpec& provider, const ProbeSamples& samples,
                      const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  CheckRequest request;
  request.now = kNow + in.ConsumeIntegralInRange<int>(-100000, 100000);
  for (const auto& field : provider.fields) {
    const auto sample = samples.fields.find(field.name);
    const int mode = in.ConsumeIntegralInRange<int>(0, 7);
    if (mode == 0) continue;  // absent
    if (sample != samples.fields.end() && mode >= 3) {
      request.fields[field.name] = mode == 7 ? choose_text(in, sample->second) : sample->second;
    } else if (!field.choices.empty() && mode == 1) {
      request.fields[field.name] =
          field.choices[in.ConsumeIntegralInRange<std::size_t>(0, field.choices.size() - 1)];
    } else if (mode <= 2) {
      request.fields[field.name] = in.ConsumeRandomLengthString(128);
    }
  }
  for (const auto& option : provider.options) {
    if (option.choices.empty() || !in.ConsumeBool()) continue;
    request.options[option.name] =
        option.choices[in.ConsumeIntegralInRange<std::size_t>(0, option.choices.size() - 1)];
  }
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
    const auto& endpoint =
        provider
            .endpoints[in.ConsumeIntegralInRange<std::size_t>(0, provider.endpoints.size() - 1)];
    request.endpoint_overrides[endpoint.name] =
        in.ConsumeBool() ? "http://127.0.0.1:5000" : in.ConsumeRandomLengthString(64);
  }

  PreparedCheck prepared = prepare_check(provider, request);
  Verdict verdict;
  std::vector<HttpResult> fed;
  if (prepared.probe) {
    Step step = prepared.probe->start();
    int steps = 0;
    int in_flight = 0;  // requests sent and not yet answered (SendAllStep sends several)
    while (!std::holds_alternative<DoneStep>(step)) {
      if (++steps > kStepBound) finding("(b) the probe exceeded the step bound", provider.id);
      if (std::holds_alternative<SendStep>(step)) ++in_flight;
      if (const auto* all = std::get_if<SendAllStep>(&step)) {
        in_flight += static_cast<int>(all->sends.size());
      }
      if (std::holds_alternative<SendStep>(step) || std::holds_alternative<SendAllStep>(step) ||
          std::holds_alternative<AwaitStep>(step)) {
        // Answers are read in request order, one on_response each (check_session.hpp); a probe
        // that awaits with nothing in flight ends as the session's internal error.
        if (in_flight == 0) {
          step = DoneStep{new_verdict(provider.id, Status::indeterminate, "internal error", 0)};
          continue;
        }
        --in_flight;
        fed.push_back(choose_result(in, samples));
        step = prepared.probe->on_response(fed.back());
      } else if (const auto* wait = std::get_if<WaitStep>(&step)) {
        // A wait is a step like any other (the bound counts it); a provider's pacing is a few
        // seconds, never negative nor long enough to look like a hang.
        if (wait->seconds < 0 || wait->seconds > 60)
          finding("(e) the probe asked for a wait outside 0..60 s", provider.id);
        step = prepared.probe->on_waited();
      } else {
        SignResult signature;
        if (in.ConsumeIntegralInRange<int>(0, 7) == 0) {
          signature.error = "signing failed";
        } else {
          signature.signature = in.ConsumeBytesAsString(in.ConsumeIntegralInRange<int>(0, 512));
        }
        step = prepared.probe->on_signature(signature);
      }
    }
    verdict = std::get<DoneStep>(step).verdict;
  } else if (prepared.verdict) {
    verdict = *prepared.verdict;
  }

  const std::string written = prepared.redactor.apply(to_json(verdict).dump(2));
  for (const auto& secret : secrets_of(provider, request.fields)) {
    if (written.find(secret) != std::string::npos)
      finding("(a) the verdict contains a secret field's value", written);
  }
  if (!fed.empty()) {
    const HttpResult& last = fed.back();
    // A token granted for the credential proves it, whatever the read after it says (the
    // reach rule, issue 14): valid needs some 2xx answer, not a 2xx last answer.
    bool any_2xx = false;
    for (const auto& r : fed) any_2xx |= is_2xx(r);
    if (verdict.status == Status::valid && !any_2xx)
      finding("(c) valid without any 2xx answer", describe(last) + "\n" + written);
    if ((verdict.status == Status::invalid || verdict.status == Status::expired) &&
        proves_nothing(last))
      finding("(d) invalid/expired after 5xx, 429 or no HTTP answer",
              describe(last) + "\n" + written);
  }
  return 0;
}

}  // namespace credprobe::fuzz
