// Answers as data. Each provider declares, in an AnswerTable, the answers it knows: a row matches
// one answer to one of its requests (HTTP status, provider error code, a body predicate where
// needed) and names the verdict's status, its summary and its hint. The probe classifies through
// the table; the docs' outcome table is generated from it; a unit test replays every row with an
// example answer. The answers every provider shares (429, 5xx, redirects, a 2xx that is not the
// provider's shape, any other answer, no HTTP answer, a browser's or a relay's refusal) are
// classified once, here, in the provider's words (AnswerVoice).
//
// The tables are constant data (`constexpr`, std::string_view texts; credprobe/table.hpp): the
// wasm holds them as bytes, not as code that builds them on every check. The example answers are
// test data, not rows: each provider's <id>_answer_example() gives them to the replay test, and
// nothing the wasm exports calls it, so the page does not download them.
//
// The honesty rule this encodes: a provider's error code is authoritative only inside the answer
// the provider documents for it (its status and its body shape); anything else is indeterminate
// with what was seen. And a token granted for the credential proves it: the answers to a read
// after the grant (a `reach` request) decide permissions, never the credential.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credprobe/http.hpp"
#include "credprobe/table.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

// What a probe read from one answer, for matching rows.
struct AnswerSeen {
  int status = 0;
  std::string code;     // the provider's error code, "" when the body holds none
  std::string message;  // the provider's error message or description, "" when none
  std::string kind;     // the credential's kind when rows depend on it ("authorized_user"), or ""
  const HttpResponse* response = nullptr;  // for predicates that read headers or the body
  std::int64_t now = 0;
};

// The HTTP statuses a row documents for its answer, in the docs' order; none: any status.
class AnswerStatuses {
 public:
  static constexpr std::size_t kMax = 4;

  constexpr AnswerStatuses() = default;
  template <typename... Statuses>
  constexpr AnswerStatuses(Statuses... statuses)  // NOLINT: implicit, so rows read {400, 401}
      : values_{statuses...}, size_(sizeof...(statuses)) {
    static_assert(sizeof...(statuses) <= kMax, "a row lists at most kMax statuses");
  }

  constexpr const int* begin() const { return values_; }
  constexpr const int* end() const { return values_ + size_; }
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr int operator[](std::size_t i) const { return values_[i]; }

 private:
  int values_[kMax] = {};
  std::size_t size_ = 0;
};

struct AnswerRow {
  std::string_view id;       // names the row for the probe and the tests: "invalid_key"
  std::string_view request;  // which of the provider's requests answered (RequestDoc::name)
  AnswerStatuses statuses;   // the statuses the provider documents for this answer; {} = any
  std::string_view code;     // the provider's error code; "" = the row needs none
  std::string_view kind;     // AnswerSeen::kind the row needs; "" = any
  // The body predicate in words for the docs, and as code; both empty when the row needs none.
  // The words are CREDPROBE_DOC_TEXT (credprobe/table.hpp): "" in the wasm, which only matches.
  std::string_view condition;
  bool (*matches)(const AnswerSeen&) = nullptr;
  Status status = Status::indeterminate;
  std::string_view summary;  // what the verdict says (the probe adds names and the provider's text)
  std::string_view hint;     // the hint, when the probe adds nothing of its own
};

// One request the probe sends, as the shared answers name it.
struct AnswerRequest {
  std::string_view name;  // "sts", "token", "subscriptions"
  std::string_view who;   // who answers, in a sentence: "AWS STS", "Entra ID", "the instance list"
  // A read after the credential was proven (a granted token): every answer that is not one of
  // the table's rows leaves the verdict valid and the read unknown in the permissions.
  bool reach = false;
  std::string_view endpoint_hint;  // replaces the voice's endpoint_hint for this request, when set
  // What answered, for a 2xx, a redirect or another answer ("STS", "the instance list",
  // "whoami-v2"); `who` when empty.
  std::string_view resource;
};

// The provider's words for the shared answers.
struct AnswerVoice {
  std::string_view provider;        // "aws"
  std::string_view credential;      // "the credentials", "the key", "the token"
  std::string_view status_page;     // "https://status.example" or "" when the provider keeps none
  std::string_view endpoint_hint;   // what to check after an answer no row knows
  std::string_view not_shape_hint;  // what to check after a 2xx that is not the provider's
  std::string_view wait_hint;       // a 429 without Retry-After: "Wait a minute and try again."
  std::string_view rate_note;       // said before the wait, "" for nothing
};

struct AnswerTable {
  AnswerVoice voice;
  Table<AnswerRequest> requests;
  Table<AnswerRow> rows;

  const AnswerRequest* request(std::string_view name) const;
};

// The first row of `table` for `request` that matches `seen`; null when none does.
const AnswerRow* match_answer(const AnswerTable& table, std::string_view request,
                              const AnswerSeen& seen);

// A verdict with the row's status and hint, and `summary`.
Verdict row_verdict(const AnswerVoice& voice, const AnswerRow& row, std::string summary,
                    std::int64_t now);

// The shared answers, in the order a probe asks for them after its rows matched nothing:
// 429 (Retry-After kept), 5xx, 3xx (never followed), a 2xx (not the provider's shape), anything
// else. `detail` follows the status in the summary (" (InternalFailure)", " from the token
// endpoint"); the caller may append the provider's message.
// `code` (the provider's error code, if any) is named in a 429's summary.
Verdict shared_answer_verdict(const AnswerVoice& voice, const AnswerRequest& request,
                              const HttpResponse& response, const std::string& detail,
                              std::int64_t now, const std::string& code = "");

// Whether an HTTP status is the shared "slow down" answer (429): for checks that classify an
// answer into something other than a verdict (readiness requirements), so the rule stays here.
bool is_rate_limited_status(int status);

// A shared answer as a row, in the provider's words, for the docs and the replay test. Its
// summary and hint are built from the voice at run time, so it owns them, and its example.
struct SharedAnswerRow {
  std::string_view id;  // "shared.server_error"
  std::string_view request;
  std::string_view condition;
  Status status = Status::indeterminate;
  std::string summary;
  std::string hint;
  HttpResponse example;  // status 0 for a transport row: `transport_example` gives its failure

  AnswerRow row() const;  // views of this row's texts: valid while it lives
};

// The rows of the shared answers for one request. Transport rows have an empty `statuses`.
std::vector<SharedAnswerRow> shared_answer_rows(const AnswerTable& table,
                                                const AnswerRequest& request);
std::optional<HttpResult> transport_example(const AnswerRow& shared_row);

// The docs' outcome table: the provider's rows, then the shared answers of each request.
struct OutcomeLine {
  std::string request;
  std::string answer;  // "403 InvalidClientTokenId", "5xx", ...
  Status status;
  std::string note;
};
std::vector<OutcomeLine> outcome_lines(const AnswerTable& table);

}  // namespace credprobe
