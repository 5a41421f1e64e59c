#include "credprobe/huggingface/whoami_probe.hpp"

#include "credprobe/huggingface/whoami_answers.hpp"
#include "credprobe/huggingface/whoami_facts.hpp"
#include "credprobe/huggingface/whoami_parse.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "huggingface";

class WhoamiProbe final : public Probe {
 public:
  WhoamiProbe(std::string token, CheckContext context, WhoamiExchange* keep)
      : token_(std::move(token)), context_(std::move(context)), keep_(keep) {}

  Step start() override {
    request_.method = "GET";
    request_.url = join_url(context_.endpoints.url("hub"), "/api/whoami-v2");
    request_.headers = {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}};
    return SendStep{request_, "hub"};
  }

  Step on_response(const HttpResult& result) override {
    if (keep_) *keep_ = {request_, result};
    if (!result.ok())
      return DoneStep{transport_failure_verdict(kProvider, request_, result, now())};
    const HttpResponse& response = result.response;
    const AnswerTable& table = huggingface_answer_table();
    const std::string error_message = hub_error_message(response.body);
    AnswerSeen seen;
    seen.status = response.status;
    seen.message = error_message;
    seen.response = &response;
    seen.now = now();
    Verdict v;
    const AnswerRow* row = match_answer(table, "whoami", seen);
    if (row && row->id == "valid") {
      v = verdict_from_whoami(response.body, now());
    } else if (row && row->id == "expired") {
      v = row_verdict(table.voice, *row, expired_summary(response), now());
    } else if (row && row->id == "rejected") {
      v = row_verdict(table.voice, *row, "Hugging Face rejected the token (401)", now());
    } else if (row) {  // bare_401
      v = row_verdict(table.voice, *row,
                      "whoami-v2 answered 401 without the Hub's error body, which proves nothing "
                      "about the token",
                      now());
    } else {
      const bool success = response.status >= 200 && response.status < 300;
      v = shared_answer_verdict(table.voice, table.requests.front(), response,
                                success ? whoami_shape_problem(response.body) : std::string(),
                                now());
    }
    if (!error_message.empty() && v.status != Status::valid) v.summary += ": " + error_message;
    return DoneStep{v};
  }

 private:
  std::int64_t now() const { return context_.now; }

  static std::string expired_summary(const HttpResponse& response) {
    auto facts = read_whoami_facts(response.body);
    return "Hugging Face reports that the token expired at " +
           (facts ? facts->expires_text : std::string("?")) + ", and its clock reads " +
           find_header(response.headers, "Date").value_or("?");
  }

  std::string token_;
  CheckContext context_;
  WhoamiExchange* keep_;
  HttpRequest request_;
};

}  // namespace

std::unique_ptr<Probe> make_whoami_probe(const Fields& fields, const CheckContext& context,
                                         WhoamiExchange* keep) {
  return std::make_unique<WhoamiProbe>(field_value(fields, "hf_token"), context, std::move(keep));
}

}  // namespace credprobe
