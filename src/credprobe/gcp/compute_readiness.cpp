#include "credprobe/gcp/compute_readiness.hpp"

#include "credprobe/answers.hpp"
#include "credprobe/crypto/encoding.hpp"
#include "credprobe/gcp/compute_answers.hpp"
#include "credprobe/gcp/compute_quotas.hpp"
#include "credprobe/gcp/gcp_lint.hpp"
#include "credprobe/json.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

// What readiness reads of Google's JSON error envelope: the ErrorInfo reason and its activation
// link, and the legacy errors[].reason Compute Engine still sends (rateLimitExceeded, ...).
struct ApiError {
  int code = 0;
  std::string status;          // "PERMISSION_DENIED"
  std::string reason;          // ErrorInfo reason: "SERVICE_DISABLED", "IAM_PERMISSION_DENIED"
  std::string activation_url;  // ErrorInfo metadata.activationUrl (SERVICE_DISABLED)
  std::string legacy_reason;   // errors[0].reason: "notFound", "forbidden", "rateLimitExceeded"
};

std::optional<ApiError> read_api_error(const std::string& body) {
  auto json = parse_json(body);
  const Json* error = json ? json_object(*json, "error") : nullptr;
  if (!error) return std::nullopt;
  ApiError out;
  const double code = json_number(*error, "code").value_or(0);
  out.code = code >= 0 && code < 1000 ? static_cast<int>(code) : 0;
  out.status = json_string(*error, "status").value_or("");
  if (const Json* details = json_array(*error, "details")) {
    for (const auto& detail : *details) {
      if (!detail.is_object() ||
          json_string(detail, "@type").value_or("") != "type.googleapis.com/google.rpc.ErrorInfo") {
        continue;
      }
      out.reason = json_string(detail, "reason").value_or("");
      if (const Json* metadata = json_object(detail, "metadata")) {
        out.activation_url = json_string(*metadata, "activationUrl").value_or("");
      }
      break;
    }
  }
  if (const Json* errors = json_array(*error, "errors")) {
    for (const auto& e : *errors) {
      if (e.is_object()) out.legacy_reason = json_string(e, "reason").value_or("");
      break;
    }
  }
  return out;
}

bool is_throttle_reason(std::string_view reason) {
  return reason == "RATE_LIMIT_EXCEEDED" || reason == "rateLimitExceeded" ||
         reason == "userRateLimitExceeded";
}

// One quota entry of a region or project: {"metric": "CPUS", "limit": 24, "usage": 0}.
struct Quota {
  double limit = 0;
  double usage = 0;
};

std::optional<Quota> find_quota(const Json& resource, std::string_view metric) {
  const Json* quotas = json_array(resource, "quotas");
  if (!quotas) return std::nullopt;
  for (const auto& q : *quotas) {
    if (!q.is_object() || json_string(q, "metric").value_or("") != metric) continue;
    auto limit = json_number(q, "limit");
    auto usage = json_number(q, "usage");
    if (!limit || !usage) return std::nullopt;
    return Quota{*limit, *usage};
  }
  return std::nullopt;
}

struct Accelerator {
  std::string type;
  int count = 0;
};

struct Finding {
  AnswerEffect effect;
  std::string detail;
  std::string hint;
};

class ComputeReadiness final : public TableReadiness {
 public:
  ComputeReadiness(std::string type, std::string zone, std::string region, std::string project,
                   CheckContext context, std::unique_ptr<const GcpGrant> grant)
      : type_(std::move(type)),
        zone_(std::move(zone)),
        region_(std::move(region)),
        project_(std::move(project)),
        context_(std::move(context)),
        grant_(std::move(grant)) {}

  Step start(Verdict credential) override {
    verdict_ = std::move(credential);
    // The project Google returned (its ID, even when gcp_project_id gave the number).
    if (const std::string* read = verdict_.fact("project")) project_ = *read;
    // The labels name the project, so they are filled once it is known.
    list_requirements(gcp_requirements());
    findings_.resize(requirements_.size());
    set("quota_url", gcp_quota_page(project_));
    if (project_.empty() || !grant_ || grant_->access_token.empty()) {
      for (const auto& spec : gcp_requirements()) note(spec.id, lookup("*", {"no_project"}, 0));
      return decide_and_finish();
    }
    // Each read names only the project, the zone, the region and the type: all go out at
    // once, and are read in this order, each only when the answers before it leave it needed
    // (the project's GPU quota only for a type with accelerators).
    std::vector<std::pair<std::string, SendStep>> all;
    for (const char* name :
         {"machineTypes.get", "regions.get", "projects.get", "testIamPermissions"}) {
      all.emplace_back(name, request_for(name));
    }
    return in_flight_.send_all(std::move(all));
  }

 private:
  Step read_answer(const InFlight::Answer& answer) override {
    const HttpResult& result = answer.result;
    action_ = answer.name;
    request_ = answer.request;
    const std::string action = action_;
    const GcpReadinessRequest* spec = gcp_readiness_request(action);
    const bool is_compute = spec->endpoint == "compute";

    std::vector<std::string> tokens;
    std::string code;
    int status = 0;
    std::optional<Json> body;
    if (!result.ok()) {
      tokens = {"no_answer"};
      set("error", to_string(result.error));
    } else {
      status = result.response.status;
      auto error = read_api_error(result.response.body);
      const bool google_shape = error && error->code == status;
      if (status >= 200 && status < 300 && !error) {
        body = parse_json(result.response.body);
        tokens = {body && body->is_object() ? "read" : "*"};
      } else if (google_shape) {
        code = !error->reason.empty()
                   ? error->reason
                   : (!error->status.empty() ? error->status : error->legacy_reason);
        if (!error->reason.empty()) tokens.push_back(error->reason);
        if (is_rate_limited_status(status) || is_throttle_reason(error->reason) ||
            is_throttle_reason(error->legacy_reason)) {
          tokens.push_back("throttled");
        } else if (status == 404) {
          tokens.push_back("not_found");
        } else if (status == 403 && error->reason != "SERVICE_DISABLED") {
          tokens.push_back("denied");
        }
        if (error->reason == "SERVICE_DISABLED") set("activation_url", error->activation_url);
      } else {
        tokens = {is_rate_limited_status(status) ? "throttled" : "*"};
      }
    }
    set_answer_facts(request_, code, status);
    if (!answer.held) note_code(code);  // for the session's line of the answer just arrived
    const Evidence evidence = evidence_for(request_, result, code);
    requirement_named(spec->requirement).evidence.push_back(evidence);
    if (action == "regions.get" && !accelerators_.empty()) {
      requirement_named("gpu_quota").evidence.push_back(evidence);
    }
    if (is_compute) {
      decide_compute_api(tokens, status, body.has_value(), evidence);
      if (contains_token(tokens, "denied")) refused_.emplace_back(spec->permission);
    }

    if (action == "machineTypes.get") return after_machine_type(tokens, status, body);
    if (action == "regions.get") return after_region(tokens, status, body);
    if (action == "projects.get") return after_project(tokens, status, body);
    return after_permissions(tokens, status, body);
  }

  // ---- sequencing -----------------------------------------------------------------------------

  Step after_machine_type(const std::vector<std::string>& tokens, int status,
                          const std::optional<Json>& body) {
    if (body && read_machine_type(*body)) {
      note("machine_type_offered", lookup("machineTypes.get", {"described"}, status));
      if (accelerators_.empty()) note("gpu_quota", lookup("gpu_quota", {"no_gpus"}, 0));
      return read("regions.get");
    }
    const ReadinessAnswerRow& row =
        lookup("machineTypes.get", body ? std::vector<std::string>{"*"} : tokens, status);
    note("machine_type_offered", row);
    if (row.effect == AnswerEffect::unmet) {  // not offered: nothing more is asked
      for (const char* id : {"cpu_quota", "gpu_quota", "launch_permission"}) {
        note(id, lookup("*", {"not_offered"}, 0));
      }
      return decide_and_finish();
    }
    const bool disabled = contains_token(tokens, "SERVICE_DISABLED");
    for (const char* id : {"cpu_quota", "gpu_quota"}) {
      note(id, lookup("*", {disabled ? "SERVICE_DISABLED" : "no_machine_type"}, 403));
    }
    return read("testIamPermissions");
  }

  Step after_region(const std::vector<std::string>& tokens, int status,
                    const std::optional<Json>& body) {
    if (!body) {
      const ReadinessAnswerRow& row = lookup("regions.get", tokens, status);
      note("cpu_quota", row);
      if (!accelerators_.empty()) note("gpu_quota", row);
    } else {
      const std::string metric = gcp_cpu_metric_for(type_);
      note("cpu_quota", quota_row("regions.get", *body, metric, cpus_));
      for (const auto& accelerator : accelerators_) {
        set("accelerator", accelerator.type);
        auto gpu_metric = gcp_gpu_metric_for(accelerator.type);
        if (!gpu_metric) {
          note("gpu_quota", lookup("gpu_quota", {"unknown_gpu"}, 0));
          continue;
        }
        note("gpu_quota", quota_row("gpu_quota", *body, *gpu_metric, accelerator.count));
      }
    }
    if (!accelerators_.empty()) return read("projects.get");
    return read("testIamPermissions");
  }

  Step after_project(const std::vector<std::string>& tokens, int status,
                     const std::optional<Json>& body) {
    int gpus = 0;
    for (const auto& a : accelerators_) gpus += a.count;
    note("gpu_quota", body ? quota_row("projects.get", *body, kGcpGpusAllRegions, gpus)
                           : lookup("projects.get", tokens, status));
    return read("testIamPermissions");
  }

  Step after_permissions(const std::vector<std::string>& tokens, int status,
                         const std::optional<Json>& body) {
    if (!body) {
      note("launch_permission", lookup("testIamPermissions", tokens, status));
      return decide_and_finish();
    }
    std::vector<std::string> held;
    if (const Json* listed = json_array(*body, "permissions")) {
      for (const auto& p : *listed) {
        if (p.is_string()) held.push_back(p.string());
      }
    }
    std::string missing, elsewhere;
    for (const auto& p : gcp_launch_permissions()) {
      bool found = false;
      for (const auto& h : held) found = found || h == p.permission;
      if (found) continue;
      std::string& list = p.project_level ? missing : elsewhere;
      list += list.empty() ? "" : ", ";
      list += p.permission;
    }
    set("count", std::to_string(gcp_launch_permissions().size()));
    std::string token = "all_held";
    if (!missing.empty()) {
      set("missing", missing);
      token = "missing";
    } else if (!elsewhere.empty()) {
      set("missing", elsewhere);
      token = "missing_elsewhere";
    } else if (!refused_.empty()) {
      std::string refused;
      for (const auto& r : refused_) refused += (refused.empty() ? "" : ", ") + r;
      set("refused", refused);
      token = "contradicted";
    }
    note("launch_permission", lookup("testIamPermissions", {token}, status));
    return decide_and_finish();
  }

  // Each requirement from its findings: unmet if one is, else unknown if one is (or none
  // was noted), else met; every detail kept, the hints of what is not met.
  Step decide_and_finish() {
    for (size_t i = 0; i < requirements_.size(); ++i) {
      Requirement& r = requirements_[i];
      bool unmet = false, unknown = findings_[i].empty();
      std::string detail, hint;
      for (const auto& f : findings_[i]) {
        unmet = unmet || f.effect == AnswerEffect::unmet;
        unknown = unknown || f.effect == AnswerEffect::unknown;
        if (!f.detail.empty()) detail += (detail.empty() ? "" : "; ") + f.detail;
        if (f.effect != AnswerEffect::met && !f.hint.empty()) {
          hint += (hint.empty() ? "" : " ") + f.hint;
        }
      }
      r.state = unmet     ? RequirementState::unmet
                : unknown ? RequirementState::unknown
                          : RequirementState::met;
      r.detail = detail;
      r.hint = hint;
    }
    return finish();
  }

  // ---- answers --------------------------------------------------------------------------------

  // The Compute Engine API is enabled: the first Compute Engine answer that can tell decides.
  void decide_compute_api(const std::vector<std::string>& tokens, int status, bool read,
                          const Evidence& evidence) {
    if (compute_api_decided_) return;
    requirement_named("compute_api").evidence.push_back(evidence);
    std::string token = "*";
    if (contains_token(tokens, "SERVICE_DISABLED")) {
      token = "SERVICE_DISABLED";
    } else if (read || contains_token(tokens, "not_found")) {
      token = "answered";
    }
    compute_api_decided_ = token != "*";
    findings_[index_of("compute_api")].clear();
    note("compute_api", lookup("compute_api", {token}, status));
  }

  bool read_machine_type(const Json& body) {
    auto cpus = json_number(body, "guestCpus");
    if (!cpus || *cpus < 1 || *cpus > 100000) return false;
    cpus_ = static_cast<int>(*cpus);
    set("cpus", std::to_string(cpus_));
    std::string text;
    if (const Json* accelerators = json_array(body, "accelerators")) {
      for (const auto& a : *accelerators) {
        if (!a.is_object()) continue;
        auto type = json_string(a, "guestAcceleratorType");
        auto count = json_number(a, "guestAcceleratorCount");
        if (!type || type->empty() || !count || *count < 1 || *count > 1000) continue;
        accelerators_.push_back({*type, static_cast<int>(*count)});
        text += " and " + std::to_string(accelerators_.back().count) + " " + *type +
                (accelerators_.back().count == 1 ? " GPU" : " GPUs");
      }
    }
    set("gpus_text", text);
    return true;
  }

  const ReadinessAnswerRow& quota_row(const std::string& request, const Json& resource,
                                      const std::string& metric, int needed) {
    set("metric", metric);
    set("needed", std::to_string(needed));
    auto quota = find_quota(resource, metric);
    if (!quota) return lookup(request, {"no_metric"}, 200);
    const double free = quota->limit - quota->usage;
    set("limit", whole_number(quota->limit));
    set("usage", whole_number(quota->usage));
    set("free", whole_number(free < 0 ? 0 : free));
    set("want", whole_number(quota->usage + needed));
    return lookup(request, {free >= needed ? "covers" : "below"}, 200);
  }

  const ReadinessAnswerRow& lookup(const std::string& request,
                                   const std::vector<std::string>& tokens, int status) {
    if (const GcpReadinessRequest* spec = gcp_readiness_request(action_)) {
      set("action", action_);
      set("permission", spec->permission);
      set("service", spec->service);
    }
    return readiness_answer_row(gcp_answer_rows(), request, tokens, status);
  }

  void note(std::string_view id, const ReadinessAnswerRow& row) {
    if (row.effect == AnswerEffect::next || row.effect == AnswerEffect::annotate) return;
    findings_[index_of(id)].push_back({row.effect, fill(row.detail), fill(row.hint)});
  }

  static bool contains_token(const std::vector<std::string>& tokens, std::string_view token) {
    for (const auto& t : tokens) {
      if (t == token) return true;
    }
    return false;
  }

  // ---- requests -------------------------------------------------------------------------------

  SendStep request_for(const std::string& name) override {
    if (name == "machineTypes.get") {
      return compute("/zones/" + uri_encode(zone_) + "/machineTypes/" + uri_encode(type_));
    }
    if (name == "regions.get") return compute("/regions/" + uri_encode(region_));
    if (name == "projects.get") return compute("");
    return permissions();
  }

  SendStep compute(const std::string& below_project) const {
    return send("compute", "GET",
                join_url(context_.endpoints.url("compute"),
                         "/compute/v1/projects/" + uri_encode(project_) + below_project),
                "");
  }

  SendStep permissions() const {
    Json names = Json::array();
    for (const auto& p : gcp_launch_permissions()) names.push_back(p.permission);
    return send("resourcemanager", "POST",
                join_url(context_.endpoints.url("resourcemanager"),
                         "/v1/projects/" + uri_encode(project_) + ":testIamPermissions"),
                Json::object().set("permissions", std::move(names)).dump());
  }

  SendStep send(const std::string& endpoint, const std::string& method, const std::string& url,
                std::string body) const {
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = {{"Authorization", "Bearer " + grant_->access_token},
                       {"Accept", "application/json"}};
    if (!body.empty()) request.headers.push_back({"Content-Type", "application/json"});
    request.body = std::move(body);
    return SendStep{request, endpoint};
  }

  // ---- facts ----------------------------------------------------------------------------------

  std::string fill(std::string_view text) const override {
    return facts_.fill(
        text, {{"type", type_}, {"zone", zone_}, {"region", region_}, {"project", project_}});
  }

  size_t index_of(std::string_view id) const {
    for (size_t i = 0; i < requirements_.size(); ++i) {
      if (requirements_[i].id == id) return i;
    }
    return 0;
  }

  std::string type_;
  std::string zone_;
  std::string region_;
  std::string project_;
  CheckContext context_;
  std::unique_ptr<const GcpGrant> grant_;
  std::vector<std::vector<Finding>> findings_;  // per requirement, in requirements_' order
  std::string action_;                          // the request whose answer is being read
  HttpRequest request_;                         // and that request
  int cpus_ = 0;
  std::vector<Accelerator> accelerators_;
  std::vector<std::string> refused_;  // permissions of Compute Engine reads that were denied
  bool compute_api_decided_ = false;
};

}  // namespace

std::string gcp_region_of_zone(std::string_view zone) {
  const size_t dash = zone.rfind('-');
  return std::string(dash == std::string_view::npos ? zone : zone.substr(0, dash));
}

std::unique_ptr<ReadinessCheck> make_compute_readiness(const Fields& fields,
                                                       const CheckContext& context,
                                                       std::unique_ptr<const GcpGrant> grant) {
  const std::string type = field_value(fields, kGcpInstanceTypeField);
  if (type.empty()) return nullptr;
  std::string zone = field_value(fields, kGcpZoneField);
  std::string region = field_value(fields, kGcpRegionField);
  // Without a zone, Clustrix's default; the lint refuses a region without a zone (zone names
  // differ per region, so none can be guessed).
  if (zone.empty()) zone = kGcpDefaultZone;
  if (region.empty()) region = gcp_region_of_zone(zone);
  // The project the credential probe reads; the check prefers the one Google returned.
  std::string project = field_value(fields, kGcpProjectField);
  return std::make_unique<ComputeReadiness>(type, std::move(zone), std::move(region),
                                            std::move(project), context, std::move(grant));
}

}  // namespace credprobe
