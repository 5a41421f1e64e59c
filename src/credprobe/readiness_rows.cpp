#include "credprobe/readiness_rows.hpp"

namespace credprobe {

namespace {

// The first row for `request` and `token` whose status is any or `status`.
const ReadinessAnswerRow* find_row(Table<ReadinessAnswerRow> rows, std::string_view request,
                                   std::string_view token, int status) {
  for (const auto& row : rows) {
    if (row.request == request && row.match == token && (row.status == 0 || row.status == status))
      return &row;
  }
  return nullptr;
}

}  // namespace

const ReadinessAnswerRow& readiness_answer_row(Table<ReadinessAnswerRow> rows,
                                               std::string_view request,
                                               const std::vector<std::string>& tokens, int status) {
  for (const auto& token : tokens) {
    if (const auto* row = find_row(rows, request, token, status)) return *row;
  }
  if (const auto* row = find_row(rows, request, "*", status)) return *row;
  for (const auto& token : tokens) {
    if (const auto* row = find_row(rows, "*", token, status)) return *row;
  }
  return rows.back();
}

}  // namespace credprobe
