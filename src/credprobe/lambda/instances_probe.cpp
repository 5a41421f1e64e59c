#include "credprobe/lambda/instances_probe.hpp"

#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/lambda/instances_parse.hpp"
#include "credprobe/lambda/lambda_provider.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/text.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "lambda";
constexpr const char* kPath = "/api/v1/instances";

// "(401 global/invalid-api-key)" or "(401)".
std::string status_note(int status, const std::optional<LambdaError>& error) {
  return "(" + std::to_string(status) + (error ? " " + error->code : std::string()) + ")";
}

// Lambda's own suggestion first (it knows the account), then ours.
std::string hint_with(const std::optional<LambdaError>& error, std::string_view ours) {
  if (!error || error->suggestion.empty()) return std::string(ours);
  const char last = error->suggestion.back();
  const bool ends_sentence = last == '.' || last == '!' || last == '?';
  return "Lambda suggests: " + error->suggestion + (ends_sentence ? " " : ". ") + std::string(ours);
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
    const AnswerTable& table = lambda_answer_table();
    AnswerSeen seen;
    seen.status = status;
    seen.code = code;
    seen.response = &response;
    seen.now = now();
    Verdict v;
    const AnswerRow* row = match_answer(table, "instances", seen);
    if (row && row->id == "valid") {
      v = verdict_from_instances(response.body, now());
    } else if (row && row->id == "invalid_key") {
      v = row_verdict(table.voice, *row,
                      "Lambda rejected the API key " + status_note(status, error), now());
      v.hint = hint_with(error, row->hint);
    } else if (row && row->id == "account_inactive") {
      v = row_verdict(table.voice, *row,
                      "the API key authenticates but the Lambda account is inactive " +
                          status_note(status, error),
                      now());
      v.hint = hint_with(error, row->hint);
    } else if (row) {  // refused: a 401 or 403 that is not Lambda naming the key
      v = row_verdict(
          table.voice, *row,
          "the instance list answered " + std::to_string(status) +
              (error ? " with code " + code : std::string(" without Lambda's error body")) +
              ", which does not name the key as bad",
          now());
      v.hint = hint_with(error, row->hint);
    } else {
      const bool success = status >= 200 && status < 300;
      v = shared_answer_verdict(table.voice, table.requests.front(), response,
                                success ? instances_shape_problem(response.body)
                                : error ? " " + code
                                        : std::string(),
                                now(), code);
      if (v.status == Status::indeterminate) v.hint = hint_with(error, v.hint);
    }
    if (error && !error->message.empty() && v.status != Status::valid) {
      v.summary += ": " + error->message;
    }
    note_code(code);
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
