// The one rule that picks a readiness answer row (readiness_rows.hpp), on a table of its own:
// the providers' tables replay their rows in their own tests, this states the order between them.
#include <catch2/catch.hpp>

#include "credprobe/readiness_rows.hpp"

using namespace credprobe;

namespace {

constexpr ReadinessAnswerRow kRows[] = {
    {"read", "found", 200, AnswerEffect::met, "", "own", ""},
    {"read", "denied", 0, AnswerEffect::unknown, "", "own denied", ""},
    {"read", "*", 0, AnswerEffect::unknown, "", "own any", ""},
    {"*", "denied", 0, AnswerEffect::unknown, "", "shared denied", ""},
    {"*", "throttled", 0, AnswerEffect::unknown, "", "shared throttled", ""},
    {"*", "*", 0, AnswerEffect::unknown, "", "catch-all", ""},
};

std::string_view detail_for(std::string_view request, const std::vector<std::string>& tokens,
                            int status) {
  return readiness_answer_row(kRows, request, tokens, status).detail;
}

}  // namespace

TEST_CASE("readiness rows: the request's own row for the first token that has one") {
  CHECK(detail_for("read", {"AccessDenied", "denied"}, 403) == "own denied");
  CHECK(detail_for("read", {"found"}, 200) == "own");
}

TEST_CASE("readiness rows: a row with a status matches only that status") {
  CHECK(detail_for("read", {"found"}, 203) == "own any");
}

TEST_CASE("readiness rows: the request's own \"*\" row comes before the shared rows") {
  CHECK(detail_for("read", {"throttled"}, 429) == "own any");
}

TEST_CASE("readiness rows: another request takes the shared rows, then the catch-all") {
  CHECK(detail_for("list", {"SlowDown", "throttled"}, 503) == "shared throttled");
  CHECK(detail_for("list", {"denied"}, 403) == "shared denied");
  CHECK(detail_for("list", {"found"}, 200) == "catch-all");
  CHECK(detail_for("list", {}, 0) == "catch-all");
}
