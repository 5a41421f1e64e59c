#include "credprobe/gcp/gcp_lint.hpp"

#include "credprobe/gcp/compute_readiness.hpp"

#include "credprobe/crypto/pem.hpp"
#include "credprobe/gcp/gcp_credential.hpp"
#include "credprobe/gcp/json_position.hpp"
#include "credprobe/json.hpp"
#include "credprobe/text.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr std::size_t kMaxQuoted = 80;

// A value from the file that is not a secret (a type name, an email), cut to a readable length.
std::string quote_value(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, kMaxQuoted)) {
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  return out + (text.size() > kMaxQuoted ? "...\"" : "\"");
}

bool looks_like_path(std::string_view text) {
  if (text.find('{') != std::string_view::npos || text.find('\n') != std::string_view::npos) {
    return false;
  }
  return text.front() == '/' || text.front() == '~' || text.rfind("./", 0) == 0 ||
         ends_with(text, ".json") || (text.size() > 2 && text[1] == ':' && text[2] == '\\');
}

// Problems with the text before it is read as a key file: not JSON, not an object, a PEM or a
// path pasted instead. Returns false when there is no JSON object to look into.
bool lint_json_shape(std::string_view key, LintIssues& issues) {
  const std::string_view text = trim_ascii_space(key);
  if (text.rfind("-----BEGIN", 0) == 0) {
    issues.push_back({Severity::error, kGcpKeyField,
                      "is a PEM key, not the JSON key file: give the whole JSON file the console "
                      "downloaded (it holds the key together with client_email and "
                      "private_key_id)"});
    return false;
  }
  if (looks_like_path(text)) {
    issues.push_back({Severity::error, kGcpKeyField,
                      "looks like a file path, not the key's contents; pass the file as "
                      "--field gcp_service_account_key=@PATH"});
    return false;
  }
  if (auto error = find_json_syntax_error(key)) {
    issues.push_back({Severity::error, kGcpKeyField,
                      "is not JSON: " + error->problem + " at line " + std::to_string(error->line) +
                          ", column " + std::to_string(error->column)});
    return false;
  }
  auto json = parse_json(key);
  if (!json || !json->is_object()) {
    issues.push_back({Severity::error, kGcpKeyField,
                      "is JSON but not an object; a key file is one JSON object ({ ... })"});
    return false;
  }
  return true;
}

// Members that must be non-empty strings; one issue per missing member.
void require_members(const Json& file, std::initializer_list<const char*> names,
                     LintIssues& issues) {
  for (const char* name : names) {
    if (!file.find(name)) {
      issues.push_back({Severity::error, kGcpKeyField, std::string("is missing \"") + name + "\""});
    } else if (json_string(file, name).value_or("").empty()) {
      issues.push_back({Severity::error, kGcpKeyField,
                        std::string("has \"") + name + "\" that is not a non-empty string"});
    }
  }
}

// URLs and universes inside the file are never destinations unless they are Google's own.
void lint_embedded_destinations(const GcpCredential& c, LintIssues& issues) {
  if (!c.token_uri.empty() && !is_google_token_uri(c.token_uri)) {
    auto url = parse_url(c.token_uri);
    std::string where = url ? "points at " + url->host_and_port() : "is not an http(s) URL";
    issues.push_back({Severity::warning, kGcpKeyField,
                      "has a \"token_uri\" that " + where +
                          ", not Google's token endpoint; credprobe sends a signed assertion "
                          "there only if you set that endpoint yourself (--endpoint token=URL)"});
  }
  if (!c.universe_domain.empty() && c.universe_domain != kGoogleUniverse) {
    issues.push_back({Severity::warning, kGcpKeyField,
                      "is for the universe " + quote_value(c.universe_domain) +
                          ", not googleapis.com; set --endpoint token=URL and "
                          "--endpoint resourcemanager=URL for that universe"});
  }
}

void lint_service_account(const Json& file, const GcpCredential& c, LintIssues& issues) {
  require_members(file, {"client_email", "private_key", "private_key_id", "project_id"}, issues);
  if (!c.private_key.empty()) {
    std::string problem = private_key_problem(c.private_key);
    if (!problem.empty()) issues.push_back({Severity::error, kGcpKeyField, problem});
  }
  if (!c.client_email.empty() && !is_service_account_email(c.client_email)) {
    issues.push_back({Severity::error, kGcpKeyField,
                      "has a \"client_email\" " + quote_value(c.client_email) +
                          " that is not a service-account address "
                          "(NAME@PROJECT.iam.gserviceaccount.com)"});
  }
}

void lint_authorized_user(const Json& file, const GcpCredential& c, const std::string& project,
                          LintIssues& issues) {
  issues.push_back({Severity::info, kGcpKeyField,
                    "is an authorized_user file (gcloud auth application-default login): it is "
                    "checked with its refresh token, not a service-account key"});
  require_members(file, {"client_id", "client_secret", "refresh_token"}, issues);
  if (project.empty() && c.quota_project_id.empty()) {
    issues.push_back({Severity::warning, kGcpProjectField,
                      "is not given and the file has no quota_project_id: only the refresh "
                      "token is checked, no project is read"});
  }
}

void lint_type(const GcpCredential& c, LintIssues& issues) {
  const std::string& t = c.type_name;
  std::string message;
  if (t.empty()) {
    message = "has no \"type\"; a service-account key file says \"type\": \"service_account\"";
  } else if (t == "external_account") {
    message =
        "is an external_account file (workload identity federation): it holds no key, only "
        "how to trade another platform's token for a Google one; credprobe cannot check it. "
        "Check that platform's credential, or use a service-account key";
  } else if (t == "external_account_authorized_user") {
    message =
        "is an external_account_authorized_user file (workforce identity federation login); "
        "credprobe cannot check it. Use a service-account key or an application-default login";
  } else if (t == "impersonated_service_account") {
    message =
        "is an impersonated_service_account file: it names a service account to impersonate "
        "with other credentials; check those source credentials instead";
  } else {
    message = "has \"type\" " + quote_value(t) +
              "; expected \"service_account\" (or an authorized_user file from gcloud auth "
              "application-default login)";
  }
  issues.push_back({Severity::error, kGcpKeyField, message});
}

}  // namespace

std::string private_key_problem(std::string_view pem) {
  PemBlock block = parse_pem(pem);
  if (!block.ok()) return "has a \"private_key\" that is not a usable PEM: " + block.error;
  if (block.label == "PUBLIC KEY" || block.label == "RSA PUBLIC KEY" ||
      block.label == "CERTIFICATE") {
    return "has a \"private_key\" that holds a " +
           std::string(block.label == "CERTIFICATE" ? "certificate" : "public key") + " (BEGIN " +
           block.label + "), not the private key";
  }
  PrivateKeyClass kind = classify_private_key(block.der);
  if (kind.kind == PrivateKeyKind::pkcs8_rsa) return {};
  std::string message =
      "has a \"private_key\" that is not a PKCS#8 RSA private key: " + kind.detail;
  if (kind.kind == PrivateKeyKind::malformed_der)
    message += " (was the key cut short when copied?)";
  return message;
}

bool is_project_id(std::string_view text) {
  if (text.empty() || text.size() > 100) return false;
  if (all_of_class(text, [](char c) { return c >= '0' && c <= '9'; })) return text.size() <= 20;
  const auto colon = text.rfind(':');
  std::string_view id = colon == std::string_view::npos ? text : text.substr(colon + 1);
  if (colon != std::string_view::npos) {
    std::string_view domain = text.substr(0, colon);
    if (domain.empty() || !all_of_class(domain, [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        })) {
      return false;
    }
  }
  if (id.size() < 6 || id.size() > 30) return false;
  if (!(id.front() >= 'a' && id.front() <= 'z') || id.back() == '-') return false;
  return all_of_class(
      id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_service_account_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = text.substr(at + 1);
  return ends_with(domain, ".gserviceaccount.com") && domain.size() > 20;
}

// The compute fields readiness reads: machine types are offered per zone, and zone names differ
// per region (europe-west1 has no zone -a), so a region alone cannot name one.
static void lint_compute(const Fields& fields, LintIssues& issues) {
  if (field_value(fields, kGcpInstanceTypeField).empty()) return;
  const std::string zone = field_value(fields, kGcpZoneField);
  const std::string region = field_value(fields, kGcpRegionField);
  if (zone.empty() && !region.empty()) {
    issues.push_back({Severity::error, kGcpZoneField,
                      "is required with gcp_instance_type and gcp_region: machine types are "
                      "offered per zone (for example " +
                          region + "-b)"});
  } else if (!zone.empty() && !region.empty() && gcp_region_of_zone(zone) != region) {
    issues.push_back({Severity::error, kGcpZoneField,
                      "is not in gcp_region " + region + " (zone " + zone + " is in " +
                          gcp_region_of_zone(zone) + ")"});
  }
}

LintIssues lint_gcp(const Fields& fields) {
  LintIssues issues;
  lint_compute(fields, issues);
  const std::string project = field_value(fields, kGcpProjectField);
  if (!project.empty() && lint_pasted_value(kGcpProjectField, project, issues) &&
      !is_project_id(project)) {
    issues.push_back({Severity::error, kGcpProjectField,
                      "is not a project ID: IDs are 6 to 30 lowercase letters, digits and "
                      "hyphens, starting with a letter (the project number works too)"});
  }

  const std::string key = field_value(fields, kGcpKeyField);
  if (key.empty() || !lint_json_shape(key, issues)) return issues;
  auto file = parse_json(key);
  auto credential = read_gcp_credential(key);
  if (!file || !credential) return issues;  // lint_json_shape has said why
  switch (credential->type) {
    case GcpCredentialType::service_account:
      lint_service_account(*file, *credential, issues);
      break;
    case GcpCredentialType::authorized_user:
      lint_authorized_user(*file, *credential, project, issues);
      break;
    case GcpCredentialType::other:
      lint_type(*credential, issues);
      return issues;
  }
  lint_embedded_destinations(*credential, issues);
  return issues;
}

}  // namespace credprobe
