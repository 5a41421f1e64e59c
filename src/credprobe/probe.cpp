#include "credprobe/probe.hpp"

#include <limits>

#include "credprobe/url.hpp"

namespace credprobe {

std::string Endpoints::url(const std::string& name) const {
  auto it = urls.find(name);
  return it == urls.end() ? std::string() : it->second;
}

bool Endpoints::is_overridden(const std::string& name) const {
  auto it = overridden.find(name);
  return it != overridden.end() && it->second;
}

void Probe::adopt_notes(Probe& inner) {
  if (!inner.noted_code_.empty()) noted_code_ = std::move(inner.noted_code_);
  inner.noted_code_.clear();
  for (auto& secret : inner.learned_secrets_) learned_secrets_.push_back(std::move(secret));
  inner.learned_secrets_.clear();
}

Step Probe::on_signature(const SignResult&) {
  Verdict verdict;
  verdict.status = Status::indeterminate;
  verdict.summary = "internal error: this probe does not sign";
  return DoneStep{verdict};
}

Step Probe::on_waited() {
  Verdict verdict;
  verdict.status = Status::indeterminate;
  verdict.summary = "internal error: this probe does not wait";
  return DoneStep{verdict};
}

Evidence evidence_for(const HttpRequest& request, const HttpResult& result,
                      std::string provider_code) {
  Evidence e;
  e.method = request.method;
  if (auto url = parse_url(request.url)) {
    e.host = url->host_and_port();
    // The query string may carry signatures or tokens (presigned URLs): keep only the path.
    e.path = url->path;
  }
  e.http_status = result.ok() ? result.response.status : 0;
  e.provider_code = std::move(provider_code);
  if (!result.ok()) e.transport_error = to_string(result.error);
  e.latency_ms = result.latency_ms;
  e.via_relay = result.via_relay;
  return e;
}

Verdict new_verdict(const std::string& provider, Status status, std::string summary,
                    std::int64_t now) {
  Verdict v;
  v.provider = provider;
  v.status = status;
  v.summary = std::move(summary);
  v.checked_at = iso8601_utc(now);
  return v;
}

Verdict transport_failure_verdict(const std::string& provider, const HttpRequest& request,
                                  const HttpResult& result, std::int64_t now) {
  std::string host;
  if (auto url = parse_url(request.url)) host = url->host_and_port();
  Verdict v;
  if (result.error == TransportError::browser_blocked) {
    v = new_verdict(provider, Status::blocked,
                    "the browser refused to let this page read " + host + " (CORS)", now);
    v.hint =
        "The provider does not allow browser pages to call this endpoint. Use a relay: the "
        "JupyterLab extension's server relay, or run `credprobe relay` and paste its URL.";
  } else if (result.error == TransportError::relay_refused) {
    // The relay's own refusal: nothing here says anything about the credential or the provider.
    v = new_verdict(provider, Status::blocked, "the relay refused: " + result.error_detail, now);
    const std::string& code = result.error_detail;
    std::string what;
    if (code == "wrong_token" || code == "missing_token" || code == "not_relay_url") {
      what = "Use the relay URL printed by this run of `credprobe relay`.";
    } else if (code == "origin_not_allowed") {
      what = "Start `credprobe relay` with --allow-origin set to this page's origin.";
    } else if (code == "host_not_allowed" || code == "ip_literal" || code == "port_not_allowed" ||
               code == "userinfo" || code == "bad_host" || code == "plain_http") {
      what =
          "A relay forwards only to the providers' own hosts (`credprobe relay "
          "--print-policy`): an endpoint set to another host cannot go through it.";
    } else if (code == "busy") {
      what = "The relay had too many requests in flight: try again in a moment.";
    } else if (code == "jupyter_refused" || code == "token_authenticated") {
      what = "Log in to this Jupyter server again (reload the page), then retry.";
    } else {
      what = "The relay's answer says why; check the relay URL and the endpoint settings.";
    }
    if (code == "upstream_redirect" || code == "response_too_large") {
      v.hint = "The relay sent the request to " + host +
               " but does not pass on this answer (a redirect, or one over its size limit), so "
               "nothing about the credential can be told from it.";
    } else {
      v.hint = "The relay did not forward this request to " + host +
               ", so the credential was not checked. " + what;
    }
  } else if (result.error == TransportError::relay_timeout) {
    v = new_verdict(provider, Status::unreachable,
                    "the relay timed out waiting for " + result.error_detail, now);
    v.hint =
        "The relay sent the request but got no answer in time, so the credential was not "
        "checked. Check the network of the machine the relay runs on, or give the relay a "
        "longer --timeout.";
  } else if (result.error == TransportError::relay_unreachable) {
    v = new_verdict(provider, Status::unreachable,
                    "the relay could not reach " + result.error_detail, now);
    v.hint =
        "The relay could not connect to the host, so the credential was not checked. Check "
        "the network, DNS and proxy settings of the machine the relay runs on.";
  } else if (result.error == TransportError::too_large) {
    // The host did answer: "no answer" would send the user to check the network. An answer
    // larger than the driver reads is none the provider sends to these requests, so it tells
    // nothing either way.
    v = new_verdict(provider, Status::indeterminate,
                    "the answer from " + host + " was too large to read", now);
    v.hint =
        "The provider's answers to this request are small: something else (a proxy, a captive "
        "portal, a wrong endpoint) may have answered. Check the endpoint and proxy settings.";
    if (!result.error_detail.empty()) v.summary += " (" + result.error_detail + ")";
  } else {
    std::string what = to_string(result.error);
    v = new_verdict(provider, Status::unreachable, "no answer from " + host + ": " + what, now);
    if (result.error == TransportError::timeout) {
      v.hint = "The provider did not answer in time. Check the network or raise --timeout.";
    } else if (result.error == TransportError::dns) {
      v.hint = "The host name did not resolve. Check the endpoint, DNS and proxy settings.";
    } else if (result.error == TransportError::tls) {
      v.hint = "TLS failed. A proxy that intercepts TLS needs its CA in the system store.";
    } else {
      v.hint = "Check the network connection, proxy settings and the endpoint URL.";
    }
    if (!result.error_detail.empty()) v.summary += " (" + result.error_detail + ")";
  }
  return v;
}

std::optional<int> retry_after_seconds(const Headers& headers, std::int64_t now) {
  auto value = find_header(headers, "Retry-After");
  if (!value) return std::nullopt;
  const std::string& text = *value;
  if (!text.empty() && text.size() <= 9 &&
      text.find_first_not_of("0123456789") == std::string::npos) {
    // At most nine digits: no overflow. (std::stoi would bring printf into the wasm for its
    // out-of-range message.)
    int seconds = 0;
    for (char c : text) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  if (auto when = parse_http_date(text)) {
    // A date far ahead (year 9999) is more seconds than an int holds: clamp, never wrap.
    const std::int64_t delta = *when - now;
    constexpr std::int64_t kMax = std::numeric_limits<int>::max();
    return static_cast<int>(delta <= 0 ? 0 : delta > kMax ? kMax : delta);
  }
  return std::nullopt;
}

Verdict rate_limited_verdict(const std::string& provider, std::string summary,
                             const Headers& headers, std::int64_t now, std::string no_wait_hint) {
  Verdict v = new_verdict(provider, Status::rate_limited, std::move(summary), now);
  v.retry_after_seconds = retry_after_seconds(headers, now);
  v.hint = v.retry_after_seconds ? "Try again in " + std::to_string(*v.retry_after_seconds) +
                                       (*v.retry_after_seconds == 1 ? " second." : " seconds.")
                                 : std::move(no_wait_hint);
  return v;
}

}  // namespace credprobe
