#include "credprobe/huggingface/whoami_probe.hpp"

#include "credprobe/huggingface/whoami_parse.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "huggingface";

class WhoamiProbe final : public Probe {
 public:
  WhoamiProbe(std::string token, CheckContext context)
      : token_(std::move(token)), context_(std::move(context)) {}

  Step start() override {
    request_.method = "GET";
    request_.url = join_url(context_.endpoints.url("hub"), "/api/whoami-v2");
    request_.headers = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
    return SendStep{request_, "hub"};
  }

  Step on_response(const HttpResult& result) override {
    if (!result.ok())
      return DoneStep{transport_failure_verdict(kProvider, request_, result, now())};
    const HttpResponse& response = result.response;
    std::string error_message = hub_error_message(response.body);
    Verdict v;
    if (response.status == 200) {
      v = verdict_from_whoami(response.body, now());
    } else if (response.status == 401 && !error_message.empty()) {
      // Authoritative only in the Hub's own shape ({"error": "..."}): a proxy's 401 page
      // says nothing about the token.
      v = new_verdict(kProvider, Status::invalid, "Hugging Face rejected the token (401)", now());
      v.hint =
          "The token is wrong, revoked or expired. Create a new one at "
          "https://huggingface.co/settings/tokens.";
    } else if (response.status == 401) {
      v = new_verdict(kProvider, Status::indeterminate,
                      "whoami-v2 answered 401 without the Hub's error body, which proves nothing "
                      "about the token",
                      now());
      v.hint =
          "Something between you and the Hub (a proxy) refused the request. Check the endpoint "
          "and proxy settings.";
    } else if (response.status == 429) {
      v = rate_limited_verdict(kProvider, "Hugging Face is rate limiting (429)", response.headers,
                               now());
    } else if (response.status >= 500) {
      v = new_verdict(kProvider, Status::indeterminate,
                      "Hugging Face answered " + std::to_string(response.status) +
                          ", a server error that proves nothing about the token",
                      now());
      v.hint = "Try again later; see https://status.huggingface.co.";
    } else {
      v = new_verdict(kProvider, Status::indeterminate,
                      "unexpected answer " + std::to_string(response.status) + " from whoami-v2",
                      now());
      v.hint = "Check the endpoint: it should be a Hugging Face Hub.";
    }
    if (!error_message.empty() && v.status != Status::valid) v.summary += ": " + error_message;
    v.evidence.insert(v.evidence.begin(), evidence_for(request_, result));
    return DoneStep{v};
  }

 private:
  std::int64_t now() const { return context_.now; }

  std::string token_;
  CheckContext context_;
  HttpRequest request_;
};

}  // namespace

std::unique_ptr<Probe> make_whoami_probe(const Fields& fields, const CheckContext& context) {
  return std::make_unique<WhoamiProbe>(field_value(fields, "hf_token"), context);
}

}  // namespace credprobe
