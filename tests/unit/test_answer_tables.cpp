// Every row of every provider's answer table, and every shared answer of every request, replayed
// through the provider's probe: the verdict must be exactly the row's. The docs' outcome tables
// are generated from these rows, so this test is what makes the documentation true.
#include <algorithm>

#include <catch2/catch.hpp>

#include "credprobe/aws/aws_error_codes.hpp"
#include "credprobe/aws/aws_provider.hpp"
#include "credprobe/aws/sts_answers.hpp"
#include "credprobe/azure/azure_answers.hpp"
#include "credprobe/check.hpp"
#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/huggingface/whoami_answers.hpp"
#include "credprobe/lambda/instances_answers.hpp"
#include "credprobe/registry.hpp"
#include "credprobe/scripted_driver.hpp"
#include "docs/provider_docs.hpp"
#include "native/signer.hpp"
#include "test_gcp_support.hpp"

using namespace credprobe;

namespace {

constexpr std::int64_t kNow = 1764336000;  // 2025-11-28T13:20:00Z

HttpResult as_result(const HttpResponse& response) {
  return http_answer(response.status, response.body, response.headers);
}

// The provider's example answer for one of its rows: test data that lives outside the tables
// (and outside the wasm), looked up here rather than through the registry, which the wasm links.
std::optional<HttpResponse> provider_example(const std::string& provider, std::string_view request,
                                             std::string_view row) {
  if (provider == "aws") return aws_answer_example(request, row);
  if (provider == "azure") return azure_answer_example(request, row);
  if (provider == "gcp") return gcp_answer_example(request, row);
  if (provider == "huggingface") return huggingface_answer_example(request, row);
  if (provider == "lambda") return lambda_answer_example(request, row);
  return std::nullopt;
}

HttpResponse example_of(const std::string& provider, std::string_view request,
                        std::string_view row) {
  auto example = provider_example(provider, request, row);
  if (!example) FAIL("no example for " << provider << " / " << request << " / " << row);
  return *example;
}

// A row to replay, with the answer it is replayed with.
struct Replayed {
  AnswerRow row;
  HttpResponse example;
};

// The answers that lead a probe to `request`, and those that take it from a row that goes on
// (a granted token) to its verdict.
struct Route {
  std::vector<HttpResult> before;
  std::vector<HttpResult> after;
};

Route route_for(const std::string& provider, const AnswerRow& row) {
  Route route;
  if (provider == "gcp") {
    if (row.request == "project") {
      route.before = {as_result(example_of(provider, "token", "granted"))};
    } else if (row.id == "granted") {
      route.after = {as_result(example_of(provider, "project", "readable"))};
    }
  } else if (provider == "azure") {
    const HttpResult config = as_result(example_of(provider, "openid", "config"));
    const HttpResult granted = as_result(example_of(provider, "token", "granted"));
    const HttpResult page = as_result(example_of(provider, "subscriptions", "page"));
    if (row.request == "token") route.before = {config};
    if (row.request == "subscriptions") route.before = {config, granted};
    if (row.id == "config") route.after = {granted, page};
    if (row.id == "granted") route.after = {page};
  }
  return route;
}

Fields fields_for(const std::string& provider, const AnswerRow& row) {
  if (provider == "aws") {
    return {{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"},
            {"aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}};
  }
  if (provider == "azure") {
    return {{"azure_tenant_id", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
            {"azure_client_id", "4d856d1f-8648-456c-9bb2-f36273bbe4e3"},
            {"azure_client_secret", "Abc8Q~xYz0123456789abcdefghijklmnopqrstu"}};
  }
  if (provider == "gcp") {
    return {{"gcp_service_account_key", row.kind == "authorized_user"
                                            ? gcp_test::authorized_user_file()
                                            : gcp_test::key_file()}};
  }
  if (provider == "lambda") {
    return {{"lambda_api_key", "secret_credprobe-replay_" + std::string(32, 'a')}};
  }
  return {{"hf_token", "hf_" + std::string(34, 'x')}};
}

Verdict replay(const ProviderSpec& provider, const Replayed& replayed) {
  const AnswerRow& row = replayed.row;
  Route route = route_for(provider.id, row);
  std::vector<HttpResult> script = route.before;
  auto transport = transport_example(row);
  script.push_back(transport ? *transport : as_result(replayed.example));
  script.insert(script.end(), route.after.begin(), route.after.end());
  CheckRequest request;
  request.fields = fields_for(provider.id, row);
  request.now = kNow;
  PreparedCheck prepared = prepare_check(provider, request);
  REQUIRE_FALSE(prepared.verdict);
  ScriptedDriver driver(std::move(script), native::openssl_sign);
  Verdict v = driver.run(std::move(prepared));
  // The whole script was used: the row's answer was the one the probe classified.
  CHECK(driver.sent().size() == route.before.size() + 1 + route.after.size());
  return v;
}

}  // namespace

TEST_CASE("every provider declares an answer table that the docs are generated from") {
  for (const auto& provider : documented_registry()) {
    INFO(provider.id);
    REQUIRE(provider.answers);
    const AnswerTable& table = provider.answers();
    CHECK(table.voice.provider == provider.id);
    CHECK(table.rows.size() > 0);
    for (const auto& row : table.rows) CHECK(table.request(row.request));
    const std::string docs = provider_markdown(provider);
    for (const auto& line : outcome_lines(table)) {
      CHECK(docs.find(line.note) != std::string::npos);
    }
  }
}

TEST_CASE("every row of every answer table gives exactly its verdict") {
  int replayed = 0;
  for (const auto& provider : provider_registry()) {
    const AnswerTable& table = provider.answers();
    for (const auto& request : table.requests) {
      std::vector<Replayed> rows;
      for (const auto& row : table.rows) {
        if (row.request == request.name) {
          rows.push_back({row, example_of(provider.id, request.name, row.id)});
        }
      }
      // Viewed by the rows below: kept alive until they are replayed.
      const std::vector<SharedAnswerRow> shared = shared_answer_rows(table, request);
      for (const auto& row : shared) rows.push_back({row.row(), row.example});
      for (const auto& entry : rows) {
        const AnswerRow& row = entry.row;
        INFO(provider.id << " / " << request.name << " / " << row.id);
        Verdict v = replay(provider, entry);
        CHECK(v.status == row.status);
        CHECK(v.provider == provider.id);
        CHECK(v.checked_at == "2025-11-28T13:20:00Z");
        if (!row.hint.empty()) CHECK(v.hint == row.hint);
        if (!row.code.empty() && row.code != "*") {
          CHECK(v.evidence.back().provider_code == row.code);
        }
        ++replayed;
      }
    }
  }
  // 5 providers: AWS 9 rows + 7 shared, Azure 13 + 21, GCP 11 + 14, Hugging Face 4 + 7,
  // Lambda 4 + 7.
  CHECK(replayed == 97);
}

TEST_CASE("AWS's throttling row names the codes is_aws_throttling_code knows") {
  const AnswerTable& table = aws_answer_table();
  const auto row = std::find_if(table.rows.begin(), table.rows.end(),
                                [](const AnswerRow& r) { return r.id == "throttled"; });
  REQUIRE(row != table.rows.end());
  // The row names them by placeholder; the docs page says them, from aws_error_codes' list.
  CHECK(row->condition == "{throttling_codes}");
  const std::string docs = provider_markdown(documented(aws_provider()));
  CHECK(docs.find("| `sts`: 400 or 429, " + aws_throttling_codes_listed("`") +
                  " | `rate_limited`") != std::string::npos);
  CHECK(docs.find("{throttling_codes}") == std::string::npos);
}
