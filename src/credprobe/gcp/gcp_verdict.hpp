// From Google's answers to a verdict, through gcp_answer_table(): the token endpoint's answer
// proves or refuses the credential; Cloud Resource Manager's answer after a granted token decides
// what it reaches (never the credential itself: the granted token proved that).
#pragma once

#include <cstdint>
#include <string>

#include "credprobe/http.hpp"
#include "credprobe/verdict.hpp"

namespace credprobe {

struct GcpCheckFacts {
  bool authorized_user = false;  // an application-default login, not a service-account key
  std::string client_id;         // authorized_user: the OAuth client
  std::string client_email;      // service account
  std::string private_key_id;    // service account
  std::string project;           // the project read after the grant, "" for none
  std::string scope;             // the scopes the service account's JWT asked for
  std::int64_t now = 0;
};

// "the application-default login (client ...)" or the service account's email.
std::string gcp_who(const GcpCheckFacts& facts);

// Facts a granted token proves: the account (and key) or the OAuth client.
void add_gcp_identity(Verdict& v, const GcpCheckFacts& facts);

// Whether the token endpoint's answer grants a token; otherwise the verdict on it.
bool gcp_token_granted(const HttpResponse& response);
Verdict verdict_from_token_answer(const HttpResponse& response, const GcpCheckFacts& facts);

// The verdict after a granted token, from Resource Manager's answer (or its failure).
Verdict verdict_from_project_answer(const HttpRequest& request, const HttpResult& result,
                                    const GcpCheckFacts& facts);

}  // namespace credprobe
