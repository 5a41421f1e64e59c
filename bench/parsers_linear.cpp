// Whether the core's parsers take time linear in the size of hostile inputs: each parser reads
// each of its hostile inputs (tests/unit/hostile_inputs.hpp) at 1, 2 and 4 MB, and the time
// should double with the size. The growth per doubling, sqrt(t(4 MB) / t(1 MB)), is judged
// against 3.5: a linear parser doubles, a quadratic one quadruples. (Over the whole range, not
// per step: on this machine a parser that builds a large JSON tree measures 1.8 then 3.2 for
// the two steps, from the memory it touches, while its growth over the range is 2.4.) Each time is
// the minimum of 5 runs, which a busy machine only makes slower, never faster, so the minimum is
// the run least disturbed by other work. Times are the thread's CPU time, not wall time: on a
// machine shared by many processes a wall-clock run is mostly time spent waiting for a core, which
// says nothing about the parser.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "credprobe/aws/access_key_id.hpp"
#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/principal_arn.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/xml_scan.hpp"
#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/entra_error.hpp"
#include "credprobe/azure/token_claims.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/crypto/pem.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/gcp/json_position.hpp"
#include "credprobe/huggingface/whoami_parse.hpp"
#include "credprobe/json.hpp"
#include "credprobe/lambda/instances_parse.hpp"
#include "credprobe/probe.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/url.hpp"
#include "hostile_inputs.hpp"

using namespace credprobe;

namespace {

constexpr std::size_t kMegabyte = 1024 * 1024;
constexpr std::size_t kSizes[] = {1 * kMegabyte, 2 * kMegabyte, 4 * kMegabyte};
constexpr int kRuns = 5;
// A quadratic parser measures 4. Not 3.0: a fresh-clone run measured parse_json on an array of
// 1M empty strings at 3.18 (11.7, 49.3, 118 ms: the tree's memory, not rescanning), and 2.97
// for an array of zeros.
constexpr double kMaxRatio = 3.5;
// Below this, at the larger size, a ratio is noise and is shown but not judged: a quadratic
// parser takes seconds on 1 MB of these inputs, never milliseconds. At 1 ms, a fresh-clone CI
// run on a loaded machine failed retry_after_seconds on 4 MB of digits (0.13 -> 1.86 ms: the
// bench copying the 4 MB header value, page faults and all; the parser looks at 9 characters).
constexpr double kJudgedFromMs = 5.0;

const char kHelp[] =
    R"(credprobe-bench-parsers: is every core parser linear in the size of hostile inputs?

Each parser reads each of its hostile inputs (tests/unit/hostile_inputs.hpp: one short unit
repeated, chosen so that a parser that rescans what it has read would be quadratic) at 1, 2
and 4 MB. Each time is the minimum of 5 runs, in milliseconds of the thread's CPU time (not
wall time, which on a shared machine is mostly waiting for a core): the minimum is the run the
rest of the machine disturbed least, so a busy machine hardly moves it.

Reading the table: one row per parser and input; the time at each size; the ratios of
consecutive sizes (1->2, 2->4); and the growth per doubling over the whole range,
sqrt(t(4 MB) / t(1 MB)). A linear parser's time doubles with the size (about 2); a quadratic
one's quadruples (about 4). The bench fails (exit 1) and names the parser and the input when
the growth per doubling exceeds 3.5 (a quadratic parser's is 4). It is judged over the whole range because one step alone
is noisier (memory effects move a single step to above 3 for large JSON trees). Rows whose
4 MB time is under 5 ms are noise: shown in parentheses, not judged.

usage: credprobe-bench-parsers [--help]
)";

// Every parser the unit tests cover, grouped by the hostile inputs each group reads.
struct Parser {
  const char* name;
  std::function<void(const std::string&)> read;
};
struct Group {
  std::function<std::vector<hostile::Input>(std::size_t)> inputs;
  std::vector<Parser> parsers;
};

volatile std::size_t g_sink;  // keeps results observable, so no call is optimized away
void keep(std::size_t value) {
  g_sink = value;
}

std::vector<Group> groups() {
  return {
      {hostile::json_texts, {{"parse_json", [](auto& t) { keep(parse_json(t).has_value()); }}}},
      {hostile::sts_texts,
       {{"parse_caller_identity", [](auto& t) { keep(parse_caller_identity(t).has_value()); }},
        {"parse_sts_error", [](auto& t) { keep(parse_sts_error(t).has_value()); }},
        {"xml_unescape", [](auto& t) { keep(xml_unescape(t).size()); }}}},
      {hostile::aws_id_texts,
       {{"parse_principal_arn", [](auto& t) { keep(parse_principal_arn(t).has_value()); }},
        {"aws_id_prefix", [](auto& t) { keep(aws_id_prefix(t) != nullptr); }},
        {"aws_account_from_key_id", [](auto& t) { keep(aws_account_from_key_id(t).has_value()); }},
        {"skew_from_message", [](auto& t) { keep(skew_from_message(t).has_value()); }},
        {"is_clock_refusal_message", [](auto& t) { keep(is_clock_refusal_message(t)); }}}},
      {hostile::huggingface_lambda_texts,
       {{"verdict_from_whoami", [](auto& t) { keep(verdict_from_whoami(t, 0).summary.size()); }},
        {"hub_error_message", [](auto& t) { keep(hub_error_message(t).size()); }},
        {"verdict_from_instances",
         [](auto& t) { keep(verdict_from_instances(t, 0).summary.size()); }},
        {"parse_lambda_error", [](auto& t) { keep(parse_lambda_error(t).has_value()); }}}},
      {hostile::azure_texts,
       {{"parse_entra_error", [](auto& t) { keep(parse_entra_error(t).has_value()); }},
        {"decode_token_claims", [](auto& t) { keep(decode_token_claims(t).has_value()); }},
        {"parse_subscription_page", [](auto& t) { keep(parse_subscription_page(t).has_value()); }},
        {"parse_arm_error", [](auto& t) { keep(parse_arm_error(t).has_value()); }}}},
      {hostile::google_texts,
       {{"read_oauth_error", [](auto& t) { keep(read_oauth_error(t).has_value()); }},
        {"read_google_api_error", [](auto& t) { keep(read_google_api_error(t).has_value()); }},
        {"read_project", [](auto& t) { keep(read_project(t).has_value()); }},
        {"read_gcp_credential", [](auto& t) { keep(read_gcp_credential(t).has_value()); }},
        {"find_json_syntax_error", [](auto& t) { keep(find_json_syntax_error(t).has_value()); }}}},
      {hostile::pem_url_texts,
       {{"parse_pem+classify_private_key",
         [](auto& t) { keep(classify_private_key(parse_pem(t).der).detail.size()); }},
        {"base64_decode", [](auto& t) { keep(base64_decode(t).has_value()); }},
        {"hex_decode", [](auto& t) { keep(hex_decode(t).has_value()); }},
        {"url_decode", [](auto& t) { keep(url_decode(t).has_value()); }},
        {"parse_url", [](auto& t) { keep(parse_url(t).has_value()); }}}},
      {[](std::size_t size) {
         return std::vector<hostile::Input>{hostile::retry_after_value(size)};
       },
       {{"retry_after_seconds",
         [](auto& t) {
           keep(retry_after_seconds({{"Retry-After", t}}, 0).value_or(0));
         }}}},
      {[](std::size_t size) { return std::vector<hostile::Input>{hostile::redactor_text(size)}; },
       {{"Redactor::apply",
         [](auto& t) {
           Redactor redactor;
           redactor.add(hostile::kRedactedSecret);
           keep(redactor.apply(t).size());
         }}}},
  };
}

// This thread's CPU time in milliseconds (POSIX): what the parser used, whatever else runs.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double min_ms(const Parser& parser, const std::string& text) {
  double best = 1e300;
  for (int run = 0; run < kRuns; ++run) {
    const double start = thread_cpu_ms();
    parser.read(text);
    best = std::min(best, thread_cpu_ms() - start);
  }
  return best;
}

struct Row {
  std::string parser;
  std::string input;
  double ms[3];
};

std::string shorten(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    std::fprintf(stderr, "credprobe-bench-parsers: unknown argument %s (see --help)\n", argv[i]);
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  std::vector<Row> rows;
  for (const Group& group : groups()) {
    std::vector<std::vector<hostile::Input>> inputs_by_size;
    for (std::size_t size : kSizes) inputs_by_size.push_back(group.inputs(size));
    for (const Parser& parser : group.parsers) {
      for (std::size_t i = 0; i < inputs_by_size[0].size(); ++i) {
        Row row{parser.name, inputs_by_size[0][i].name, {}};
        for (std::size_t s = 0; s < 3; ++s) row.ms[s] = min_ms(parser, inputs_by_size[s][i].text);
        rows.push_back(row);
      }
    }
  }

  std::printf("%-30s %-46s %9s %9s %9s %7s %7s %9s\n", "parser", "input", "1 MB ms", "2 MB ms",
              "4 MB ms", "1->2", "2->4", "/doubling");
  std::vector<std::string> offenders;
  for (const Row& row : rows) {
    const double per_doubling = std::sqrt(row.ms[2] / std::max(row.ms[0], 1e-6));
    const bool judged = row.ms[2] >= kJudgedFromMs;
    char verdict[32];
    std::snprintf(verdict, sizeof verdict, judged ? "%.2f" : "(%.2f)", per_doubling);
    std::printf("%-30s %-46s %9.3f %9.3f %9.3f %7.2f %7.2f %9s\n", row.parser.c_str(),
                shorten(row.input, 46).c_str(), row.ms[0], row.ms[1], row.ms[2],
                row.ms[1] / std::max(row.ms[0], 1e-6), row.ms[2] / std::max(row.ms[1], 1e-6),
                verdict);
    if (judged && per_doubling > kMaxRatio) {
      offenders.push_back(row.parser + " on " + row.input + ": " + verdict + " per doubling");
    }
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::printf("%zu parser/input pairs, %d runs per size, %.1f s wall, %.1f s CPU\n", rows.size(),
              kRuns, took.count(), thread_cpu_ms() / 1e3);
  for (const std::string& offender : offenders) {
    std::printf("NOT LINEAR: %s (more than %.1f)\n", offender.c_str(), kMaxRatio);
  }
  if (!offenders.empty()) return 1;
  std::printf("linear: every parser's growth per doubling is at most %.1f\n", kMaxRatio);
  return 0;
}
