#include "credprobe/azure/compute_readiness.hpp"

#include <algorithm>

#include "credprobe/answers.hpp"
#include "credprobe/azure/arm_permissions.hpp"
#include "credprobe/azure/arm_subscriptions.hpp"
#include "credprobe/azure/azure_clouds.hpp"
#include "credprobe/azure/compute_answers.hpp"
#include "credprobe/azure/compute_usages.hpp"
#include "credprobe/azure/resource_skus.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

// SKU lists and permission lists may come in pages; more than this many are not read (the
// requirement is then unknown, never unmet).
constexpr int kMaxPages = 10;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class AzureComputeReadiness final : public TableReadiness {
 public:
  AzureComputeReadiness(const Fields& fields, CheckContext context,
                        std::unique_ptr<const AzureGrantedToken> token)
      : size_(field_value(fields, "azure_instance_type")),
        region_(ascii_lower(field_value(fields, "azure_region"))),
        group_(field_value(fields, "azure_resource_group")),
        subscription_(field_value(fields, "azure_subscription_id")),
        context_(std::move(context)),
        token_(std::move(token)) {
    if (auto targets = azure_targets(fields, context_.endpoints)) {
      management_ = targets->management;
    }
    list_requirements(azure_compute_requirements());
  }

  Step start(Verdict credential) override {
    verdict_ = std::move(credential);
    std::vector<std::string> missing;
    if (subscription_.empty()) missing.push_back("azure_subscription_id");
    if (region_.empty()) missing.push_back("azure_region");
    if (group_.empty()) missing.push_back("azure_resource_group");
    if (!missing.empty() || management_.empty() || !token_ || token_->access_token.empty()) {
      for (auto& r : requirements_) {
        r.detail = missing.empty() ? "not checked: no Resource Manager token to ask with"
                                   : "not checked: " + joined(missing) +
                                         (missing.size() == 1 ? " is" : " are") + " not given";
        r.hint = missing.empty() ? "" : "Give " + joined(missing) + " with azure_instance_type.";
      }
      return finish();
    }
    // Every read names only the subscription, the group and the region: all go out at once,
    // and are read in this order, each only when the answers before it leave it needed.
    std::vector<std::pair<std::string, SendStep>> all;
    for (const char* name : {"provider", "resource_group", "skus", "usages", "permissions"}) {
      all.emplace_back(name, get(path_of(name)));
    }
    return in_flight_.send_all(std::move(all));
  }

 private:
  Step read_answer(const InFlight::Answer& answer) override {
    const HttpResult& result = answer.result;
    const std::string& name = answer.name;
    // Pages of one listing are counted from its first.
    pages_ = reading_next_page_ ? pages_ + 1 : 1;
    reading_next_page_ = false;
    const AzureComputeRequest* spec = azure_compute_request(name);
    Requirement& requirement = requirement_named(spec->requirement);

    std::vector<std::string> tokens;
    std::string code;
    int status = 0;
    if (!result.ok()) {
      tokens = {result.error == TransportError::too_large ? "too_large" : "no_answer"};
      set("error", result.error_detail.empty()
                       ? to_string(result.error)
                       : std::string(to_string(result.error)) + ": " + result.error_detail);
    } else {
      status = result.response.status;
      if (status >= 200 && status < 300) {
        tokens = {success_token(name, result.response.body)};
      } else {
        auto error = parse_arm_error(result.response.body);
        code = error ? error->code : "";
        tokens = {code.empty() ? "*" : code};
        if (status == 403) tokens.push_back("denied");
        if (is_rate_limited_status(status)) {
          tokens.push_back("throttled");
          note_retry_after(result.response.headers);
        }
      }
    }
    if (!answer.held) note_code(code);  // for the session's line of the answer just arrived
    set_answer_facts(answer.request, code, status);
    requirement.evidence.push_back(evidence_for(answer.request, result, code));

    if (tokens.front() == "page") return next_page(name);
    const ReadinessAnswerRow& row = lookup(name, tokens, status);
    apply(requirement, row);
    return after(name, row.effect, tokens.front());
  }

  // ---- sequencing -----------------------------------------------------------------------------

  Step after(const std::string& name, AnswerEffect effect, const std::string& token) {
    if (name == "provider") {
      compute_unregistered_ = token == "not_registered";
      return read("resource_group");
    }
    if (name == "resource_group") {
      group_missing_ = effect == AnswerEffect::unmet;
      if (compute_unregistered_) {
        for (const char* id : {"size_offered", "vcpu_quota"}) {
          apply(requirement_named(id), lookup("*", {"not_registered"}, 0));
        }
        return permissions();
      }
      return read("skus");
    }
    if (name == "skus") {
      for (const auto& zone_row : annotations_) apply(requirement_named("size_offered"), *zone_row);
      if (token == "offered" || token == "restricted") {
        return read("usages");
      }
      apply(requirement_named("vcpu_quota"),
            lookup("*", {token == "not_in_region" ? "size_missing" : "size_unknown"}, 0));
      return permissions();
    }
    if (name == "usages") return permissions();
    return finish();
  }

  Step permissions() {
    if (group_missing_) {
      apply(requirement_named("launch_permission"), lookup("*", {"group_missing"}, 0));
      return finish();
    }
    return read("permissions");
  }

  Step next_page(const std::string& name) {
    auto next = parse_url(next_link_);
    auto base = parse_url(management_);
    // The token goes only to the Resource Manager it was issued for.
    if (next && base && next->origin() == base->origin() && pages_ < kMaxPages) {
      reading_next_page_ = true;
      return in_flight_.send(name, send(next_link_));
    }
    const AzureComputeRequest* spec = azure_compute_request(name);
    Requirement& requirement = requirement_named(spec->requirement);
    const ReadinessAnswerRow& row = lookup(name, {"more_pages"}, 0);
    apply(requirement, row);
    return after(name, row.effect, "more_pages");
  }

  // ---- answers --------------------------------------------------------------------------------

  // The token for a 2xx answer; "page" when the answer continues on a next page that decides.
  std::string success_token(const std::string& name, const std::string& body) {
    if (name == "provider") {
      auto json = parse_json(body);
      auto state =
          json && json->is_object() ? json_string(*json, "registrationState") : std::nullopt;
      if (!state) return "not_shape";
      set("state", *state);
      if (iequals(*state, "Registered")) return "registered";
      if (iequals(*state, "Registering")) return "registering";
      if (iequals(*state, "NotRegistered") || iequals(*state, "Unregistered") ||
          iequals(*state, "Unregistering")) {
        return "not_registered";
      }
      return "not_shape";
    }
    if (name == "resource_group") {
      auto json = parse_json(body);
      if (!json || !json->is_object() || !json_string(*json, "name")) return "not_shape";
      set("group_location", json_string(*json, "location").value_or("an unnamed location"));
      return "found";
    }
    if (name == "skus") {
      auto page = find_vm_sku(body, size_, region_);
      if (!page) return "not_shape";
      if (!page->sku) {
        if (page->next_link.empty()) return "not_in_region";
        next_link_ = page->next_link;
        return "page";
      }
      const VmSku& sku = *page->sku;
      if (sku.vcpus <= 0 || sku.family.empty()) return "not_shape";
      vcpus_ = sku.vcpus;
      family_ = sku.family;
      set("vcpus", std::to_string(sku.vcpus));
      set("family", sku.family);
      annotations_.clear();
      if (!sku.restricted_zones.empty()) {
        set("zones", joined(sku.restricted_zones));
        annotations_.push_back(&lookup("skus", {"zones_restricted"}, 200));
      }
      if (!sku.location_restrictions.empty()) {
        set("reason", joined(sku.location_restrictions));
        return "restricted";
      }
      return "offered";
    }
    if (name == "usages") {
      auto usages = parse_compute_usages(body);
      if (!usages) return "not_shape";
      const ComputeUsage* family = find_usage(*usages, family_);
      const ComputeUsage* cores = find_usage(*usages, "cores");
      if (!family || !cores) {
        set("missing_usage", !family ? family_ + " usage" : "cores (Total Regional vCPUs) usage");
        return "no_family_usage";
      }
      const double family_free = family->limit - family->current;
      const double cores_free = cores->limit - cores->current;
      set("family_name", family->label);
      set("family_free", whole_number(family_free));
      set("family_limit", whole_number(family->limit));
      set("cores_free", whole_number(cores_free));
      set("cores_limit", whole_number(cores->limit));
      if (family_free >= vcpus_ && cores_free >= vcpus_) return "covers";
      // The quota to raise, and to what: the one that falls short (both when both do).
      std::vector<std::string> short_of;
      double needed = 0;
      if (family_free < vcpus_) {
        short_of.push_back("\"" + family->label + "\"");
        needed = family->current + vcpus_;
      }
      if (cores_free < vcpus_) {
        short_of.push_back("\"" + cores->label + "\"");
        needed = std::max(needed, cores->current + vcpus_);
      }
      set("short", short_of.size() == 2 ? short_of[0] + " and " + short_of[1] : short_of[0]);
      set("needed", whole_number(needed));
      return "below";
    }
    if (name == "permissions") {
      auto page = parse_permission_page(body);
      if (!page) return "not_shape";
      permissions_.insert(permissions_.end(), page->permissions.begin(), page->permissions.end());
      std::vector<std::string> missing;
      for (const auto& a : azure_launch_actions()) {
        if (!arm_permissions_allow(permissions_, a.action)) missing.emplace_back(a.action);
      }
      set("action_count", std::to_string(azure_launch_actions().size()));
      if (missing.empty()) return "allowed";
      if (!page->next_link.empty()) {
        next_link_ = page->next_link;
        return "page";
      }
      set("missing", joined(missing));
      return "missing";
    }
    return "not_shape";
  }

  void note_retry_after(const Headers& headers) {
    auto seconds = retry_after_seconds(headers, context_.now);
    set("retry", seconds ? ", Retry-After " + std::to_string(*seconds) + " s" : "");
    set("wait", seconds ? " " + std::to_string(*seconds) + (*seconds == 1 ? " second" : " seconds")
                        : " a minute");
  }

  const ReadinessAnswerRow& lookup(const std::string& name, const std::vector<std::string>& tokens,
                                   int status) {
    if (const AzureComputeRequest* spec = azure_compute_request(name)) {
      set("permission", spec->permission);
      set("operation", spec->operation);
    }
    return readiness_answer_row(azure_compute_answer_rows(), name, tokens, status);
  }

  // ---- requests -------------------------------------------------------------------------------

  std::string path_of(const std::string& name) const {
    const AzureComputeRequest* spec = azure_compute_request(name);
    return fill_template(spec->path, {{"subscription", uri_encode(subscription_)},
                                      {"group", uri_encode(group_)},
                                      {"region", uri_encode(region_)}});
  }

  SendStep request_for(const std::string& name) override { return get(path_of(name)); }

  SendStep get(const std::string& path) {
    // $filter's value travels percent-encoded: "location eq 'westus2'".
    std::string encoded = path;
    const std::string filter = "$filter=";
    if (const size_t at = encoded.find(filter); at != std::string::npos) {
      encoded = encoded.substr(0, at + filter.size()) +
                uri_encode(url_decode(encoded.substr(at + filter.size())).value_or(""));
    }
    return send(join_url(management_, encoded));
  }

  SendStep send(const std::string& url) const {
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"Authorization", "Bearer " + token_->access_token},
                       {"Accept", "application/json"}};
    return SendStep{request, "management"};
  }

  // ---- facts ----------------------------------------------------------------------------------

  std::string fill(std::string_view text) const override {
    return facts_.fill(
        text,
        {{"size", size_}, {"region", region_}, {"group", group_}, {"subscription", subscription_}});
  }

  std::string size_;
  std::string region_;
  std::string group_;
  std::string subscription_;
  CheckContext context_;
  std::unique_ptr<const AzureGrantedToken> token_;
  std::string management_;
  std::string next_link_;
  int pages_ = 0;
  bool reading_next_page_ = false;  // the answer awaited is a listing's next page
  bool compute_unregistered_ = false;
  bool group_missing_ = false;
  int vcpus_ = 0;
  std::string family_;
  std::vector<const ReadinessAnswerRow*> annotations_;
  std::vector<ArmPermission> permissions_;
};

}  // namespace

std::unique_ptr<ReadinessCheck> make_azure_compute_readiness(
    const Fields& fields, const CheckContext& context,
    std::unique_ptr<const AzureGrantedToken> token) {
  if (field_value(fields, "azure_instance_type").empty()) return nullptr;
  return std::make_unique<AzureComputeReadiness>(fields, context, std::move(token));
}

}  // namespace credprobe
