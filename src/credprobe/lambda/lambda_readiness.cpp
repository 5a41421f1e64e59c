#include "credprobe/lambda/lambda_readiness.hpp"

#include "credprobe/closest_names.hpp"
#include "credprobe/json.hpp"
#include "credprobe/lambda/instances_parse.hpp"
#include "credprobe/lambda/instances_probe.hpp"
#include "credprobe/lambda/readiness_answers.hpp"
#include "credprobe/redact.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

// Enough names to act on; the rest are counted. Texts from the answer are redacted before they
// are cut (a cut secret no longer matches the redactor).
constexpr size_t kMaxListed = 20;
constexpr size_t kMaxText = 64;

std::string cut(const std::string& text) {
  return text.size() > kMaxText ? text.substr(0, kMaxText) + "..." : text;
}

// "a, b, c" (at most kMaxListed, then "and N more").
std::string listing(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < kMaxListed; ++i) {
    out += (i ? ", " : "") + cut(names[i]);
  }
  if (names.size() > kMaxListed) {
    out += " and " + std::to_string(names.size() - kMaxListed) + " more";
  }
  return out;
}

class LambdaReadiness final : public RequirementReadiness {
 public:
  LambdaReadiness(std::string key, std::string type, std::string region, CheckContext context)
      : key_(std::move(key)),
        type_(std::move(type)),
        region_(std::move(region)),
        context_(std::move(context)) {
    redactor_.add(key_);
    list_requirements(lambda_requirements());
  }

  // The instance list has just been answered: wait before the first readiness request.
  Step start(Verdict credential) override {
    verdict_ = std::move(credential);
    return WaitStep{kLambdaPaceSeconds};
  }

  Step on_waited() override { return send(lambda_readiness_requests()[next_]); }

  Step on_response(const HttpResult& result) override {
    const LambdaReadinessRequest& spec = lambda_readiness_requests()[next_];
    classify(spec, result);
    if (++next_ < lambda_readiness_requests().size()) return WaitStep{kLambdaPaceSeconds};
    return finish();
  }

 private:
  Step send(const LambdaReadinessRequest& spec) {
    request_ = HttpRequest{};
    request_.method = "GET";
    request_.url = join_url(lambda_api_base(context_.endpoints.url("api")), spec.path);
    request_.headers = {{"Authorization", "Bearer " + key_}, {"Accept", "application/json"}};
    auto url = parse_url(request_.url);
    set("host", url ? url->host_and_port() : std::string("the API"));
    set("path", spec.path);
    return SendStep{request_, "api"};
  }

  // The tokens of one answer, for each requirement the request decides; then the rows.
  void classify(const LambdaReadinessRequest& spec, const HttpResult& result) {
    std::string shared;  // a shared token, when the answer is not the request's success
    std::string code;
    const int status = result.ok() ? result.response.status : 0;
    set("status", std::to_string(status));
    std::optional<Json> body;
    if (!result.ok()) {
      shared = "no_answer";
      set("error", to_string(result.error) +
                       (result.error_detail.empty() ? "" : " (" + result.error_detail + ")"));
    } else {
      if (status < 200 || status > 299) {
        if (auto error = parse_lambda_error(result.response.body)) code = error->code;
      }
      set("code_note", code.empty() ? "" : " " + code);
      if (status == 429) {
        shared = "rate_limited";
        const auto wait = retry_after_seconds(result.response.headers, context_.now);
        set("retry_note", wait ? ", Retry-After " + std::to_string(*wait) + " s" : "");
        set("wait", wait ? "in " + std::to_string(*wait) + " seconds" : "in a few seconds");
      } else if (status == 401 || status == 403) {
        shared = "refused";
      } else if (status >= 500 && status <= 599) {
        shared = "server_error";
      } else if (status >= 200 && status <= 299) {
        body = parse_json(result.response.body);
        const bool shaped = body && (spec.name == "instance-types" ? json_object(*body, "data")
                                                                   : json_array(*body, "data"));
        if (!shaped) shared = "not_shape";
      } else {
        shared = "*";
      }
    }
    note_code(code);  // for the verdict's evidence line of this answer
    for (std::string_view id : spec.requirements) {
      if (id.empty()) continue;
      Requirement& requirement = requirement_named(id);
      requirement.evidence.push_back(evidence_for(request_, result, code));
      const std::string token = shared.empty() ? success_token(id, *body) : shared;
      apply(requirement, lambda_readiness_row(spec.name, id, token));
    }
  }

  std::string success_token(std::string_view requirement, const Json& body) {
    const Json* data = body.find("data");
    if (requirement == "ssh_key") {
      std::vector<std::string> names;
      for (const Json& key : *data) {
        names.push_back(
            redactor_.apply(key.is_object() ? json_string(key, "name").value_or("?") : "?"));
      }
      set("count", names.size() == 1 ? "1 SSH key" : std::to_string(names.size()) + " SSH keys");
      set("names", listing(names));
      return names.empty() ? "no_keys" : "keys";
    }
    const Json* item = data->find(type_);
    if (requirement == "instance_type_exists") {
      if (item) {
        const Json* described = item->is_object() ? json_object(*item, "instance_type") : nullptr;
        const std::string description =
            described ? json_string(*described, "description").value_or("") : std::string();
        set("description",
            description.empty() ? "no description" : cut(redactor_.apply(description)));
        return "listed";
      }
      auto closest = closest_names(type_, data->keys());
      for (auto& name : closest) name = redactor_.apply(name);
      set("closest", closest.empty() ? "none (Lambda listed no instance types)" : listing(closest));
      set("closest_first", closest.empty() ? "gpu_1x_a10" : closest.front());
      return "not_listed";
    }
    // capacity
    if (!item) return "not_a_type";
    std::vector<std::string> regions;
    bool here = false;
    const Json* available =
        item->is_object() ? json_array(*item, "regions_with_capacity_available") : nullptr;
    if (available) {
      for (const Json& region : *available) {
        const std::string name =
            region.is_object() ? json_string(region, "name").value_or("") : std::string();
        if (name.empty()) continue;
        regions.push_back(redactor_.apply(name));
        here |= name == region_;
      }
    }
    set("regions", regions.empty() ? "none" : listing(regions));
    if (regions.empty()) return "nowhere";
    if (region_.empty()) return "anywhere";
    return here ? "in_region" : "elsewhere";
  }

  void apply(Requirement& requirement, const LambdaReadinessRow& row) {
    requirement.state = row.state;
    requirement.detail = redactor_.apply(fill(row.detail));
    requirement.hint = redactor_.apply(fill(row.hint));
  }

  std::string fill(std::string_view text) const override {
    return facts_.fill(text,
                       {{"type", type_},
                        {"region", region_},
                        {"where", region_.empty() ? std::string_view("some region") : region_}});
  }

  std::string key_;
  std::string type_;
  std::string region_;
  CheckContext context_;
  Redactor redactor_;
  size_t next_ = 0;  // the readiness request being waited for or answered
  HttpRequest request_;
};

}  // namespace

std::unique_ptr<ReadinessCheck> make_lambda_readiness(const Fields& fields,
                                                      const CheckContext& context) {
  const std::string type = field_value(fields, "lambda_instance_type");
  if (type.empty()) return nullptr;
  return std::make_unique<LambdaReadiness>(field_value(fields, "lambda_api_key"), type,
                                           field_value(fields, "lambda_region"), context);
}

}  // namespace credprobe
