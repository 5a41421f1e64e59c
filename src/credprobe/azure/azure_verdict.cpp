#include "credprobe/azure/azure_verdict.hpp"

#include "credprobe/http.hpp"
#include "credprobe/probe.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "azure";

// Facts proven by the issued token, shared by every verdict after the grant.
void add_identity(Verdict& v, const AzureGrantFacts& f) {
  add_claims_to_identity(f.claims, v);
  if (!v.fact("tenant") && !f.tenant_guid.empty()) v.identity.push_back({"tenant", f.tenant_guid});
  if (!v.fact("app_id")) v.identity.push_back({"app_id", f.client_id});
  v.identity.push_back({"cloud", f.cloud});
}

std::string principal_words(const AzureGrantFacts& f) {
  std::string who = f.claims.app_display_name.empty()
                        ? "app " + f.client_id
                        : "app \"" + f.claims.app_display_name + "\" (" + f.client_id + ")";
  std::string tenant = f.claims.tenant_id.empty()
                           ? (f.tenant_guid.empty() ? f.tenant : f.tenant_guid)
                           : f.claims.tenant_id;
  return who + " in tenant " + tenant;
}

}  // namespace

// The token Entra ID granted proves the secret, whatever the read after it says: the read that
// failed is unknown in the permissions, and the verdict stays valid (as for GCP).
Verdict verdict_after_arm_failure(const AzureGrantFacts& f, const std::string& what,
                                  const std::string& hint) {
  Verdict v;
  if (f.subscription.empty()) {
    v = new_verdict(kProvider, Status::valid,
                    "the secret works for " + principal_words(f) +
                        "; its subscriptions could not be listed: " + what,
                    f.now);
    v.permissions.push_back({"subscriptions", {"unknown"}});
  } else {
    v = new_verdict(kProvider, Status::valid,
                    "the secret works for " + principal_words(f) +
                        "; whether it reaches subscription " + f.subscription +
                        " could not be told: " + what,
                    f.now);
    v.permissions.push_back({"subscription " + f.subscription, {"unknown"}});
  }
  v.hint = hint;
  add_identity(v, f);
  return v;
}

Verdict verdict_from_subscriptions(const AzureGrantFacts& f,
                                   const std::vector<ArmSubscription>& subscriptions,
                                   bool more_pages_skipped) {
  const ArmSubscription* wanted = nullptr;
  for (const auto& s : subscriptions) {
    if (!f.subscription.empty() && iequals(s.id, f.subscription)) wanted = &s;
  }
  Verdict v;
  std::string seen = std::to_string(subscriptions.size()) + " subscription" +
                     (subscriptions.size() == 1 ? "" : "s");
  if (f.subscription.empty()) {
    v = new_verdict(kProvider, Status::valid,
                    "the secret works for " + principal_words(f) + "; it sees " + seen, f.now);
    if (subscriptions.empty()) {
      v.hint =
          "The service principal has no role on any subscription. Assign it one (for "
          "example Reader or Contributor) before using it for compute.";
    }
  } else if (wanted) {
    v = new_verdict(kProvider, Status::valid,
                    "the secret works for " + principal_words(f) + " and reaches subscription " +
                        wanted->id + (wanted->name.empty() ? "" : " (" + wanted->name + ")"),
                    f.now);
    if (!wanted->state.empty() && wanted->state != "Enabled") {
      v.hint = "Subscription " + wanted->id + " is " + wanted->state +
               ": it cannot create resources until it is Enabled again.";
    }
  } else if (more_pages_skipped) {
    // It may be on a page that was not read: that proves nothing either way.
    v = new_verdict(kProvider, Status::indeterminate,
                    "the secret works for " + principal_words(f) + "; subscription " +
                        f.subscription + " is not among the first " + seen + " it can see",
                    f.now);
    v.hint =
        "Azure lists more subscriptions than credprobe reads; check the subscription "
        "in the portal or with `az account list`.";
  } else {
    v = new_verdict(kProvider, Status::insufficient,
                    "the secret works for " + principal_words(f) + ", but subscription " +
                        f.subscription + " is not among the " + seen + " it can see",
                    f.now);
    v.hint =
        "Assign the service principal a role (for example Reader or Contributor) on "
        "subscription " +
        f.subscription + ", or check azure_subscription_id and azure_tenant_id.";
  }
  if (more_pages_skipped) {
    v.hint += std::string(v.hint.empty() ? "" : " ") +
              "(Only the first pages of subscriptions were read.)";
  }
  add_identity(v, f);
  for (const auto& s : subscriptions) {
    v.permissions.push_back({"subscription " + s.id + (s.name.empty() ? "" : " (" + s.name + ")"),
                             {s.state.empty() ? "visible" : s.state}});
  }
  return v;
}

}  // namespace credprobe
