#include "credprobe/gcp/gcp_verdict.hpp"

#include "credprobe/gcp/gcp_answers.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/google_answers.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "gcp";

std::string works_words(const GcpCheckFacts& facts) {
  return (facts.authorized_user ? "the login works" : "the key works") +
         std::string(" (Google granted a token to ") + gcp_who(facts) + ")";
}

// The token Google granted proves the credential, whatever the read after it says: the read
// that failed is unknown in the permissions, and the verdict stays valid (as for Azure).
Verdict project_unknown(const GcpCheckFacts& facts, const Verdict& failure) {
  Verdict v = new_verdict(kProvider, Status::valid,
                          works_words(facts) + "; whether it reaches project " + facts.project +
                              " could not be told: " + failure.summary,
                          facts.now);
  add_gcp_identity(v, facts);
  v.permissions.push_back({"project " + facts.project, {"unknown"}});
  v.hint = failure.hint;
  return v;
}

Verdict readable_verdict(const ProjectInfo& project, const GcpCheckFacts& facts) {
  Verdict v = new_verdict(kProvider, Status::valid, "", facts.now);
  add_gcp_identity(v, facts);
  v.identity.push_back({"project", project.project_id});
  if (!project.display_name.empty()) v.identity.push_back({"project_name", project.display_name});
  if (!project.number.empty()) v.identity.push_back({"project_number", project.number});
  const bool inactive = !project.state.empty() && project.state != "ACTIVE";
  if (inactive) v.identity.push_back({"project_state", project.state});
  v.permissions.push_back({"project " + project.project_id, {"resourcemanager.projects.get"}});
  if (!facts.authorized_user) {
    std::vector<std::string> scopes;
    std::string_view rest = facts.scope.empty() ? std::string_view(kReadOnlyScope) : facts.scope;
    while (!rest.empty()) {
      const size_t space = rest.find(' ');
      scopes.emplace_back(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    v.permissions.push_back({"token scope", scopes});
  }
  v.summary = (facts.authorized_user
                   ? "application-default login works (OAuth client " + facts.client_id + ")"
                   : "key works for " + facts.client_email) +
              ": project " + project.project_id;
  if (!project.display_name.empty()) v.summary += " (\"" + project.display_name + "\")";
  v.summary += " is readable";
  if (inactive) v.summary += " (state " + project.state + ")";
  return v;
}

}  // namespace

std::string gcp_who(const GcpCheckFacts& facts) {
  return facts.authorized_user ? "the application-default login (client " + facts.client_id + ")"
                               : facts.client_email;
}

void add_gcp_identity(Verdict& v, const GcpCheckFacts& facts) {
  if (facts.authorized_user) {
    // Not "client_id": the file has a line with that name and value, which the redactor treats
    // as part of the secret file.
    v.identity.push_back({"oauth_client_id", facts.client_id});
  } else {
    v.identity.push_back({"service_account", facts.client_email});
    v.identity.push_back({"key_id", facts.private_key_id});
  }
}

bool gcp_token_granted(const HttpResponse& response) {
  return response.status == 200 && read_access_token(response.body).has_value();
}

Verdict verdict_from_token_answer(const HttpResponse& response, const GcpCheckFacts& facts) {
  const AnswerTable& table = gcp_answer_table();
  auto error = read_oauth_error(response.body);
  const std::string code = error ? error->error : "";
  const std::string description = error ? error->description : "";
  const std::string quoted =
      code.empty() ? "" : " (" + code + (description.empty() ? "" : ": " + description) + ")";
  AnswerSeen seen;
  seen.status = response.status;
  seen.code = code;
  seen.message = description;
  seen.kind = facts.authorized_user ? "authorized_user" : "service_account";
  seen.response = &response;
  seen.now = facts.now;
  const AnswerRow* row = match_answer(table, "token", seen);
  if (!row) {
    const bool success = response.status >= 200 && response.status < 300;
    return shared_answer_verdict(table.voice, *table.request("token"), response,
                                 success ? " without an access token" : quoted, facts.now);
  }
  const std::string_view id = row->id;
  if (id == "granted") {  // the caller reads the project next; without one, this is the verdict
    Verdict v = row_verdict(table.voice, *row,
                            "Google granted an access token to " + gcp_who(facts) +
                                "; no project was given, so none was read",
                            facts.now);
    add_gcp_identity(v, facts);
    v.hint = "Give gcp_project_id to also check what the credential can reach.";
    return v;
  }
  if (id == "user_refused") {
    return row_verdict(table.voice, *row, "Google refused the refresh token" + quoted, facts.now);
  }
  if (id == "clock") {
    Verdict v = row_verdict(table.voice, *row,
                            "Google judged the assertion's time out of range" + quoted +
                                "; this says nothing about the key",
                            facts.now);
    v.hint = "The assertion was dated " + iso8601_utc(facts.now) +
             " by this machine's clock; Google accepts it only if that is close to the real "
             "time. Sync the clock (NTP) and check again.";
    return v;
  }
  if (id == "bad_signature") {
    Verdict v =
        row_verdict(table.voice, *row, "Google rejected the key's signature" + quoted, facts.now);
    v.hint = "Key " + facts.private_key_id + " is deleted or disabled, or does not belong to " +
             facts.client_email + ". Create a new key under IAM > Service accounts > Keys.";
    return v;
  }
  if (id == "account_not_found") {
    Verdict v =
        row_verdict(table.voice, *row, "Google refused the service account" + quoted, facts.now);
    v.hint = "The service account " + facts.client_email +
             " is disabled or deleted. Enable it (IAM > Service accounts) or use another "
             "account's key.";
    return v;
  }
  if (id == "bad_assertion") {
    return row_verdict(table.voice, *row, "Google refused the assertion" + quoted, facts.now);
  }
  if (id == "user_client") {
    return row_verdict(table.voice, *row, "Google refused the credential" + quoted, facts.now);
  }
  if (id == "unnamed") {
    return row_verdict(
        table.voice, *row,
        "Google refused the assertion for a reason that does not name the key" + quoted, facts.now);
  }
  // unauthorized_client
  return row_verdict(table.voice, *row, "Google did not allow this grant or scope" + quoted,
                     facts.now);
}

Verdict verdict_from_project_answer(const HttpRequest& request_sent, const HttpResult& result,
                                    const GcpCheckFacts& facts) {
  const AnswerTable& table = gcp_answer_table();
  const AnswerRequest& request = *table.request("project");
  if (!result.ok()) {
    Verdict failure = transport_failure_verdict(kProvider, request_sent, result, facts.now);
    return project_unknown(facts, failure);
  }
  const HttpResponse& response = result.response;
  auto api_error = read_google_api_error(response.body);
  AnswerSeen seen;
  seen.status = response.status;
  seen.code = api_error ? api_error->status : "";
  seen.message = api_error ? api_error->message : "";
  seen.response = &response;
  seen.now = facts.now;
  const AnswerRow* row = match_answer(table, "project", seen);
  const std::string said =
      api_error && !api_error->message.empty() ? ": " + api_error->message : "";
  if (!row) {
    const bool success = response.status >= 200 && response.status < 300;
    Verdict shared = shared_answer_verdict(table.voice, request, response,
                                           success ? " without a project" : "", facts.now);
    if (!success && shared.status != Status::rate_limited) shared.summary += said;
    return project_unknown(facts, shared);
  }
  if (row->id == "readable") return readable_verdict(*read_project(response.body), facts);
  // denied: 403 or 404
  const std::string status = std::to_string(response.status);
  Verdict v = row_verdict(
      table.voice, *row,
      works_words(facts) + ", but project " + facts.project + " could not be read (" + status +
          (api_error && !api_error->status.empty() ? " " + api_error->status : "") + ")" + said,
      facts.now);
  add_gcp_identity(v, facts);
  if (api_error && api_error->reason == "SERVICE_DISABLED") {
    v.hint = "Enable the Cloud Resource Manager API in the credential's project, then check again.";
  } else if (response.status == 404) {
    v.hint = "Project " + facts.project + " does not exist. Check gcp_project_id.";
  } else {
    v.hint =
        "Google answers 403 both when the project does not exist and when the credential may "
        "not read it. Check gcp_project_id, or grant a role with resourcemanager.projects.get "
        "(for example roles/browser) on " +
        facts.project + ".";
  }
  return v;
}

}  // namespace credprobe
