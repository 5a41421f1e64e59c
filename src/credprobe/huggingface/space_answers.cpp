#include "credprobe/huggingface/space_answers.hpp"

namespace credprobe {

constexpr SpaceReadinessRequest kSpaceReadinessRequests[] = {
    {"whoami-v2", "GET", "hub", "/api/whoami-v2", "any valid token",
     CREDPROBE_DOC_TEXT(
         "nothing more: the credential check's answer is read again (token role, fine-grained "
         "scopes, orgs with roleInOrg and canPay, canPay and isPro, the token's expiration)")},
    {"spaces/hardware", "GET", "hub", "/api/spaces/hardware", "none: the list is public",
     CREDPROBE_DOC_TEXT(
         "only with `hf_hardware`: nothing of the credential (no Authorization header, so browsers "
         "send it without a preflight)")},
};

Table<SpaceReadinessRequest> space_readiness_requests() {
  return kSpaceReadinessRequests;
}

constexpr ReadinessRequirementSpec kSpaceRequirements[] = {
    {"namespace_write", "the token may create a Space in {namespace}"},
    {"hardware_flavour", "{hardware} is Space hardware the Hub offers"},
    {"hardware_billing", "{hardware} can be billed to {namespace}"},
    {"token_lifetime", "the token has not expired and will not during the run"},
};

Table<ReadinessRequirementSpec> space_requirements() {
  return kSpaceRequirements;
}

namespace {
// A macro, not a constant: hints end with it, and a constexpr row's text must be one literal.
#define CREDPROBE_HF_TOKENS_PAGE "https://huggingface.co/settings/tokens"
}  // namespace

constexpr SpaceAnswerRow kSpaceAnswerRows[] = {
    // The token may create a Space in the namespace: what the token may write, then (for an
    // organization) what the user's role there allows. Roles after the Hub's "Access control
    // in organizations": contributors, writers and admins may create repos, readers may not.
    {"namespace_write", "whoami-v2", "not_member", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose account is not the namespace and whose orgs do not list it"),
     "{namespace} is neither {user} nor one of {user}'s organizations ({orgs})",
     "Check hf_username: it names the user or organization the Space is created under."},
    {"namespace_write", "whoami-v2", "read_role", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 with token role `read`"),
     "the token's role is read: it may not create repos, so no Space",
     "Create a token with the write role, or a fine-grained token with \"Write "
     "access to contents/settings of all repos\" (repo.write) under "
     "{namespace}: " CREDPROBE_HF_TOKENS_PAGE},
    {"namespace_write", "whoami-v2", "fine_grained_no_write", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 with a fine-grained token holding no `repo.write` on the namespace"),
     "the fine-grained token holds no repo.write on {namespace} (its grants: {grants})",
     "Edit the token's permissions: under {namespace}, allow \"Write access to "
     "contents/settings of all repos\" (repo.write): " CREDPROBE_HF_TOKENS_PAGE},
    {"namespace_write", "whoami-v2", "org_role_read", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose orgs give the user the `read` role in the namespace"),
     "{user} is a read member of {namespace}: read members may not create repos",
     "Ask an admin of {namespace} for the contributor, write or admin role (organization "
     "settings, Members)."},
    {"namespace_write", "whoami-v2", "org_role_unknown", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 with a roleInOrg credprobe does not know, or none"),
     "whoami-v2 names {user}'s role in {namespace} \"{org_role}\", which credprobe does not know",
     "Check your role in the organization's settings: contributors, writers and admins may "
     "create repos."},
    {"namespace_write", "whoami-v2", "role_unknown", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "200 with a token role credprobe does not know, or none (OAuth and app tokens)"),
     "whoami-v2 names the token's role \"{role}\" ({auth_type}), which says nothing credprobe "
     "knows about writing",
     "Use a user access token with the write role: " CREDPROBE_HF_TOKENS_PAGE},
    {"namespace_write", "whoami-v2", "write_role", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 with token role `write` (or `admin`)"),
     "the token's role is {role}; {where}", ""},
    {"namespace_write", "whoami-v2", "fine_grained_write", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 with a fine-grained token holding `repo.write` on the namespace"),
     "the fine-grained token holds repo.write on {namespace}; {where}", ""},

    // The flavour exists: the Hub's own list decides, so a flavour added after this table was
    // written is still found, and an unknown one is named by the Hub's answer.
    {"hardware_flavour", "spaces/hardware", "listed", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 whose list names the flavour"),
     "the Hub's hardware list has {hardware} ({pretty})", ""},
    {"hardware_flavour", "spaces/hardware", "not_listed", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 whose list does not name the flavour"),
     "the Hub's hardware list has no {hardware}",
     "Set hf_hardware to one of the Hub's flavours: {flavours}."},
    {"hardware_flavour", "spaces/hardware", "denied", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("401 or 403"),
     "the Hub refused its hardware list (HTTP {status}), so credprobe cannot tell",
     "The list is public and needs no permission: check the endpoint and proxy settings, then "
     "try again. Flavours credprobe knows: {known}."},
    {"hardware_flavour", "spaces/hardware", "throttled", 429, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("429"), "the Hub asked to slow down (HTTP 429), so credprobe cannot tell",
     "Wait a minute and check again."},
    {"hardware_flavour", "spaces/hardware", "no_answer", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("no answer (DNS, refused, timeout, CORS)"),
     "no answer from {host}: {error}", "Check the network, then try again."},
    {"hardware_flavour", "spaces/hardware", "*", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("any other answer (5xx, a body that is not the list, ...)"),
     "the Hub answered HTTP {status} to its hardware list, which proves nothing either way",
     "Try again; the evidence shows the answer."},

    // The flavour can be billed: anything but the free CPU tier needs a payment method
    // (canPay); ZeroGPU needs PRO (a user) or a Team/Enterprise plan (an organization).
    {"hardware_billing", "*", "not_a_flavour", 0, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not decided) the Hub's list has no such flavour"),
     "not checked: the Hub lists no {hardware}", ""},
    {"hardware_billing", "whoami-v2", "not_member", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("(not decided) the namespace is not the user's"),
     "not checked: {namespace} is not {user}'s", ""},
    {"hardware_billing", "whoami-v2", "free", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("the flavour is `cpu-basic`"),
     "{hardware} is the free CPU tier: no payment method is needed", ""},
    {"hardware_billing", "whoami-v2", "can_pay", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT(
         "200 with `canPay: true` for the namespace (the user's, or its entry in `orgs`)"),
     "{hardware} is billed by the minute, and whoami-v2 reports a payment method on "
     "{namespace} (canPay)",
     ""},
    {"hardware_billing", "whoami-v2", "cannot_pay", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("200 with `canPay: false` for the namespace"),
     "{hardware} is billed by the minute, and whoami-v2 reports no payment method on "
     "{namespace} (canPay false)",
     "Add a payment method to {namespace} ({billing_url}), or use the free cpu-basic."},
    {"hardware_billing", "whoami-v2", "pay_unreported", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("200 without `canPay` for the namespace"),
     "whoami-v2 does not say whether {namespace} has a payment method",
     "Check the billing settings of {namespace}: {billing_url}"},
    {"hardware_billing", "whoami-v2", "zero_gpu_pro", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("`zero-a10g` and 200 with `isPro: true` for the user"),
     "ZeroGPU hosting needs a PRO account, and whoami-v2 reports {namespace} is PRO (isPro)", ""},
    {"hardware_billing", "whoami-v2", "zero_gpu_not_pro", 200, AnswerEffect::unmet,
     CREDPROBE_DOC_TEXT("`zero-a10g` and 200 with `isPro: false` for the user"),
     "ZeroGPU hosting needs a PRO account, and whoami-v2 reports {namespace} is not PRO (isPro "
     "false)",
     "Subscribe to PRO (https://huggingface.co/subscribe/pro), or choose paid hardware."},
    {"hardware_billing", "whoami-v2", "zero_gpu_org", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT("`zero-a10g` for an organization, or for a user without `isPro`"),
     "ZeroGPU hosting in {namespace} needs a Team or Enterprise plan (PRO for a user), which "
     "whoami-v2 does not report",
     "Check the plan of {namespace}: {billing_url}"},

    // The token lives through the run. An expiration at or before the Hub's own clock makes
    // the credential `expired` (the answer table), so readiness never sees it.
    {"token_lifetime", "whoami-v2", "no_expiration", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 without an expiration"),
     "whoami-v2 reports no expiration for the token", ""},
    {"token_lifetime", "whoami-v2", "expires", 200, AnswerEffect::met,
     CREDPROBE_DOC_TEXT("200 with an expiration after now"),
     "the token expires at {expires}, in {remaining}: a run that lasts longer loses access then",
     ""},
    {"token_lifetime", "whoami-v2", "past_local_clock", 200, AnswerEffect::unknown,
     CREDPROBE_DOC_TEXT(
         "200 with an expiration before this machine's clock but not before the Hub's Date"),
     "the Hub accepted the token, but the expiration it reports ({expires}) is before this "
     "machine's clock ({now})",
     "Check this machine's clock; if it is right, the token stops working any "
     "moment: create a new one at " CREDPROBE_HF_TOKENS_PAGE},

    // Anything else.
    {"*", "*", "*", 0, AnswerEffect::unknown, CREDPROBE_DOC_TEXT("any other answer"),
     "credprobe could not read the answer for this requirement",
     "Try again; the evidence shows the answer."},
};

Table<SpaceAnswerRow> space_answer_rows() {
  return kSpaceAnswerRows;
}

const SpaceAnswerRow& space_answer_row(std::string_view requirement,
                                       const std::vector<std::string>& tokens, int status) {
  const auto& rows = space_answer_rows();
  auto find = [&](std::string_view token) -> const SpaceAnswerRow* {
    for (const auto& row : rows) {
      if (row.requirement == requirement && row.match == token &&
          (row.status == 0 || row.status == status))
        return &row;
    }
    return nullptr;
  };
  for (const auto& token : tokens) {
    if (const auto* row = find(token)) return *row;
  }
  if (const auto* row = find("*")) return *row;
  return rows.back();
}

}  // namespace credprobe
