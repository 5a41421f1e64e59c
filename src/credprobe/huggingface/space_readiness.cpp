#include "credprobe/huggingface/space_readiness.hpp"

#include <algorithm>

#include "credprobe/answers.hpp"
#include "credprobe/huggingface/space_answers.hpp"
#include "credprobe/huggingface/space_hardware.hpp"
#include "credprobe/huggingface/whoami_facts.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kWritePermission = "repo.write";

bool has(const std::vector<std::string>& items, std::string_view wanted) {
  for (const auto& item : items) {
    if (item == wanted) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items, const char* none) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? none : out;
}

// "3 days 4 hours", "5 hours 2 minutes", "12 minutes", "under a minute".
std::string describe_duration(std::int64_t seconds) {
  auto unit = [](std::int64_t n, const char* name) {
    return std::to_string(n) + " " + name + (n == 1 ? "" : "s");
  };
  const std::int64_t days = seconds / 86400, hours = seconds % 86400 / 3600,
                     minutes = seconds % 3600 / 60;
  if (days > 0) return unit(days, "day") + (hours ? " " + unit(hours, "hour") : "");
  if (hours > 0) return unit(hours, "hour") + (minutes ? " " + unit(minutes, "minute") : "");
  if (minutes > 0) return unit(minutes, "minute");
  return "under a minute";
}

class SpaceReadiness final : public RequirementReadiness {
 public:
  SpaceReadiness(std::string namespace_name, std::string hardware, CheckContext context,
                 std::unique_ptr<const WhoamiExchange> whoami)
      : namespace_(std::move(namespace_name)),
        hardware_(std::move(hardware)),
        context_(std::move(context)),
        whoami_(std::move(whoami)) {}

  Step start(Verdict credential) override {
    verdict_ = std::move(credential);
    std::optional<WhoamiFacts> facts;
    if (whoami_ && whoami_->result.ok()) facts = read_whoami_facts(whoami_->result.response.body);
    if (facts) {
      if (namespace_.empty()) namespace_ = facts->name;
      set("user", facts->name);
    }
    set("namespace", namespace_);
    set("hardware", hardware_);
    list_requirements(space_requirements());
    if (hardware_.empty()) {
      // No flavour asked for: nothing to look up or to pay for.
      requirements_.erase(std::remove_if(requirements_.begin(), requirements_.end(),
                                         [](const Requirement& r) {
                                           return r.id == "hardware_flavour" ||
                                                  r.id == "hardware_billing";
                                         }),
                          requirements_.end());
    }
    if (!facts) {
      // A valid verdict always comes with whoami-v2's account; without it nothing can be told.
      for (auto& r : requirements_) apply(r, space_answer_row("*", {"*"}, 0));
      return finish();
    }
    const std::string access = namespace_write(*facts);
    if (!hardware_.empty()) billing(*facts, access);
    lifetime(*facts);
    if (hardware_.empty()) return finish();

    request_.method = "GET";
    request_.url = join_url(context_.endpoints.url("hub"), "/api/spaces/hardware");
    request_.headers = {{"Accept", "application/json"}};
    if (auto url = parse_url(request_.url)) set("host", url->host_and_port());
    return SendStep{request_, "hub"};
  }

  Step on_response(const HttpResult& result) override {
    Requirement& flavour = requirement_named("hardware_flavour");
    flavour.evidence.push_back(evidence_for(request_, result));
    std::vector<std::string> tokens;
    const int status = result.ok() ? result.response.status : 0;
    set("status", status ? std::to_string(status) : "none");
    if (!result.ok()) {
      tokens = {"no_answer"};
      set("error", to_string(result.error));
    } else if (status == 401 || status == 403) {
      tokens = {"denied"};
    } else if (is_rate_limited_status(status)) {
      tokens = {"throttled"};
    } else if (status == 200) {
      tokens = {listed_token(result.response.body)};
    } else {
      tokens = {"*"};
    }
    apply(flavour, space_answer_row("hardware_flavour", tokens, status));
    if (tokens.front() == "not_listed") {
      apply(requirement_named("hardware_billing"),
            space_answer_row("hardware_billing", {"not_a_flavour"}, 0));
    }
    return finish();
  }

 private:
  // ---- whoami-v2 --------------------------------------------------------------------------

  // Decides namespace_write; returns its match token.
  std::string namespace_write(const WhoamiFacts& facts) {
    std::vector<std::string> org_names;
    for (const auto& o : facts.orgs) org_names.push_back(o.name);
    set("orgs", joined(org_names, "none"));
    set("role", facts.token_role.empty() ? "none" : facts.token_role);
    set("auth_type", facts.auth_type.empty() ? "no auth type" : facts.auth_type);

    const bool own = namespace_ == facts.name;
    const WhoamiOrg* org = own ? nullptr : facts.org(namespace_);
    set("where", own ? namespace_ + " is the token owner's own namespace" : "");
    std::string token;
    if (!own && !org) {
      token = "not_member";
    } else if (facts.token_role == "write" || facts.token_role == "admin") {
      token = "write_role";
    } else if (facts.token_role == "read") {
      token = "read_role";
    } else if (facts.token_role == "fineGrained") {
      const std::string entity = own ? "user" : "org";
      bool may_write = has(facts.global, kWritePermission);
      std::vector<std::string> grants;
      for (const auto& s : facts.scoped) {
        grants.push_back(s.entity_type + " " + s.entity_name + ": " +
                         joined(s.permissions, "nothing"));
        may_write |= s.entity_type == entity && s.entity_name == namespace_ &&
                     has(s.permissions, kWritePermission);
      }
      set("grants", joined(grants, "none"));
      token = may_write ? "fine_grained_write" : "fine_grained_no_write";
    } else {
      token = "role_unknown";
    }
    if (org && (token == "write_role" || token == "fine_grained_write")) {
      set("org_role", org->role.empty() ? "none" : org->role);
      if (org->role == "admin" || org->role == "write" || org->role == "contributor") {
        set("where", facts.name + " is " + org->role + " in " + namespace_ +
                         ", a role that may create repos");
      } else {
        token = org->role == "read" ? "org_role_read" : "org_role_unknown";
      }
    }
    Requirement& r = requirement_named("namespace_write");
    r.evidence.push_back(whoami_evidence());
    apply(r, space_answer_row("namespace_write", {token}, 200));
    return token;
  }

  void billing(const WhoamiFacts& facts, const std::string& access) {
    const bool own = namespace_ == facts.name;
    const WhoamiOrg* org = own ? nullptr : facts.org(namespace_);
    set("billing_url",
        own ? "https://huggingface.co/settings/billing"
            : "https://huggingface.co/organizations/" + namespace_ + "/settings/billing");
    std::string token;
    const SpaceBilling billing = space_billing_of(hardware_);
    if (access == "not_member") {
      token = "not_member";
    } else if (billing == SpaceBilling::free) {
      token = "free";
    } else if (billing == SpaceBilling::zero_gpu) {
      token = own && facts.is_pro ? (*facts.is_pro ? "zero_gpu_pro" : "zero_gpu_not_pro")
                                  : "zero_gpu_org";
    } else {
      const std::optional<bool> can_pay = own ? facts.can_pay : org->can_pay;
      token = !can_pay ? "pay_unreported" : *can_pay ? "can_pay" : "cannot_pay";
    }
    Requirement& r = requirement_named("hardware_billing");
    r.evidence.push_back(whoami_evidence());
    apply(r, space_answer_row("hardware_billing", {token}, 200));
  }

  void lifetime(const WhoamiFacts& facts) {
    std::string token;
    set("expires", facts.expires_text);
    set("now", iso8601_utc(context_.now));
    if (facts.expires_text.empty()) {
      token = "no_expiration";
    } else if (!facts.expires_at) {
      token = "*";  // an expiration that is not a date: the catch-all says so
    } else if (*facts.expires_at > context_.now) {
      token = "expires";
      set("expires", iso8601_utc(*facts.expires_at));
      set("remaining", describe_duration(*facts.expires_at - context_.now));
    } else {
      token = "past_local_clock";
    }
    Requirement& r = requirement_named("token_lifetime");
    r.evidence.push_back(whoami_evidence());
    apply(r, space_answer_row("token_lifetime", {token}, 200));
  }

  Evidence whoami_evidence() const { return evidence_for(whoami_->request, whoami_->result); }

  // ---- the hardware list ------------------------------------------------------------------

  std::string listed_token(const std::string& body) {
    auto json = parse_json(body);
    if (!json || !json->is_array()) return "*";
    std::vector<std::string> names;
    for (const auto& entry : *json) {
      if (!entry.is_object()) continue;
      auto name = json_string(entry, "name");
      if (!name || name->empty()) continue;
      names.push_back(*name);
      if (*name == hardware_) {
        set("pretty", json_string(entry, "prettyName").value_or(*name));
        return "listed";
      }
    }
    if (names.empty()) return "*";
    set("flavours", joined(names, "none"));
    return "not_listed";
  }

  // ---- requirements -----------------------------------------------------------------------

  void apply(Requirement& requirement, const SpaceAnswerRow& row) {
    apply_answer_effect(requirement, row.effect, fill(row.detail), fill(row.hint));
  }

  std::string fill(std::string_view text) const override {
    return facts_.fill(text, {{"known", space_hardware_names()}});
  }

  std::string namespace_;
  std::string hardware_;
  CheckContext context_;
  std::unique_ptr<const WhoamiExchange> whoami_;
  HttpRequest request_;
};

}  // namespace

std::unique_ptr<ReadinessCheck> make_space_readiness(const Fields& fields,
                                                     const CheckContext& context,
                                                     std::unique_ptr<const WhoamiExchange> whoami) {
  std::string namespace_name = field_value(fields, "hf_username");
  std::string hardware = field_value(fields, "hf_hardware");
  if (namespace_name.empty() && hardware.empty()) return nullptr;
  return std::make_unique<SpaceReadiness>(std::move(namespace_name), std::move(hardware), context,
                                          std::move(whoami));
}

}  // namespace credprobe
