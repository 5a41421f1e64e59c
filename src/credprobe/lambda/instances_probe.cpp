#include "credprobe/lambda/instances_probe.hpp"

#include "credprobe/lambda/instances_parse.hpp"
#include "credprobe/lambda/lambda_provider.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/text.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "lambda";
constexpr const char* kPath = "/api/v1/instances";
constexpr const char* kInvalidKey = "global/invalid-api-key";
constexpr const char* kAccountInactive = "global/account-inactive";

// "(401 global/invalid-api-key)" or "(401)".
std::string status_note(int status, const std::optional<LambdaError>& error) {
  return "(" + std::to_string(status) + (error ? " " + error->code : std::string()) + ")";
}

// Lambda's own suggestion first (it knows the account), then ours.
std::string hint_with(const std::optional<LambdaError>& error, const std::string& ours) {
  if (!error || error->suggestion.empty()) return ours;
  const char last = error->suggestion.back();
  const bool ends_sentence = last == '.' || last == '!' || last == '?';
  return "Lambda suggests: " + error->suggestion + (ends_sentence ? " " : ". ") + ours;
}

class InstancesProbe final : public Probe {
 public:
  InstancesProbe(std::string key, CheckContext context)
      : key_(std::move(key)), context_(std::move(context)) {
    redactor_.add(key_);
  }

  Step start() override {
    request_.method = "GET";
    request_.url = join_url(lambda_api_base(context_.endpoints.url("api")), kPath);
    request_.headers = {{"Authorization", "Bearer " + key_}, {"Accept", "application/json"}};
    return SendStep{request_, "api"};
  }

  Step on_response(const HttpResult& result) override {
    if (!result.ok())
      return DoneStep{transport_failure_verdict(kProvider, request_, result, now())};
    const HttpResponse& response = result.response;
    const int status = response.status;
    auto error = status == 200 ? std::nullopt : parse_lambda_error(response.body);
    if (error) {
      // Lambda never echoes a key, but a proxy or an impostor might: keep it out of the verdict.
      error->message = redactor_.apply(error->message);
      error->suggestion = redactor_.apply(error->suggestion);
      error->code = redactor_.apply(error->code);
    }
    const std::string code = error ? error->code : std::string();
    Verdict v;
    if (status == 200) {
      v = verdict_from_instances(response.body, now());
    } else if (status == 401 && code == kInvalidKey) {
      v = new_verdict(kProvider, Status::invalid,
                      "Lambda rejected the API key " + status_note(status, error), now());
      v.hint = hint_with(error, "The key is wrong, deleted or expired. Create a new one at " +
                                    std::string(kLambdaApiUrl) + "/api-keys.");
    } else if (status == 403 && code == kAccountInactive) {
      v = new_verdict(kProvider, Status::insufficient,
                      "the API key authenticates but the Lambda account is inactive " +
                          status_note(status, error),
                      now());
      v.hint = hint_with(error, "The account cannot list or launch instances until it is active.");
    } else if (status == 401 || status == 403) {
      v = new_verdict(
          kProvider, Status::indeterminate,
          "the instance list answered " + std::to_string(status) +
              (error ? " with code " + code : std::string(" without Lambda's error body")) +
              ", which does not name the key as bad",
          now());
      v.hint = hint_with(error,
                         "A proxy or firewall may have answered instead of Lambda; check the "
                         "endpoint and proxy settings, then try again.");
    } else if (status == 429) {
      v = new_verdict(kProvider, Status::rate_limited,
                      "Lambda is rate limiting " + status_note(status, error), now());
      v.retry_after_seconds = retry_after_seconds(response.headers, now());
      v.hint = "Lambda allows about one request per second. " +
               (v.retry_after_seconds ? "Try again in " + std::to_string(*v.retry_after_seconds) +
                                            (*v.retry_after_seconds == 1 ? " second." : " seconds.")
                                      : std::string("Wait a few seconds and try again."));
    } else if (status >= 300 && status < 400) {
      auto location = find_header(response.headers, "Location");
      auto target = location ? parse_url(*location) : std::nullopt;
      v = new_verdict(kProvider, Status::indeterminate,
                      "the instance list answered " + std::to_string(status) + ", a redirect" +
                          (target ? " to " + target->host_and_port() : std::string()) +
                          " that is not followed",
                      now());
      v.hint = "Point the endpoint at the API itself: " + std::string(kLambdaApiUrl) +
               " (or the older https://cloud.lambdalabs.com).";
    } else if (status >= 500) {
      v = new_verdict(kProvider, Status::indeterminate,
                      "Lambda answered " + std::to_string(status) +
                          (error ? " " + code : std::string()) +
                          ", a server error that proves nothing about the key",
                      now());
      v.hint = hint_with(error, "Try again in a minute.");
    } else {
      v = new_verdict(kProvider, Status::indeterminate,
                      "unexpected answer " + status_note(status, error) + " from the instance list",
                      now());
      v.hint = "Check the endpoint: it should be the Lambda Cloud API (" +
               std::string(kLambdaApiUrl) + ").";
    }
    if (error && !error->message.empty() && v.status != Status::valid) {
      v.summary += ": " + error->message;
    }
    v.evidence.insert(v.evidence.begin(), evidence_for(request_, result, code));
    return DoneStep{v};
  }

 private:
  std::int64_t now() const { return context_.now; }

  std::string key_;
  CheckContext context_;
  Redactor redactor_;
  HttpRequest request_;
};

}  // namespace

std::string lambda_api_base(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  for (const char* suffix : {"/api/v1", "/api"}) {
    if (ends_with(base, suffix)) {
      base.resize(base.size() - std::string(suffix).size());
      break;
    }
  }
  return base;
}

std::unique_ptr<Probe> make_lambda_instances_probe(const Fields& fields,
                                                   const CheckContext& context) {
  return std::make_unique<InstancesProbe>(field_value(fields, "lambda_api_key"), context);
}

}  // namespace credprobe
