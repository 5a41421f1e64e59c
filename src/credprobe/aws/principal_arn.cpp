#include "credprobe/aws/principal_arn.hpp"

#include <vector>

namespace credprobe {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    std::size_t at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

}  // namespace

const char* to_string(AwsPrincipalKind kind) {
  switch (kind) {
    case AwsPrincipalKind::iam_user:
      return "IAM user";
    case AwsPrincipalKind::assumed_role:
      return "assumed role";
    case AwsPrincipalKind::federated_user:
      return "federated user";
    case AwsPrincipalKind::root:
      return "root";
    case AwsPrincipalKind::other:
      return "other";
  }
  return "other";
}

std::optional<AwsPrincipal> parse_principal_arn(std::string_view arn) {
  // The resource part may itself hold ':' and '/', so split only the first five ':'.
  auto parts = split(arn, ':', 6);
  if (parts.size() != 6 || parts[0] != "arn" || parts[1].empty() || parts[2].empty() ||
      parts[5].empty()) {
    return std::nullopt;
  }
  AwsPrincipal p;
  p.partition = std::string(parts[1]);
  p.service = std::string(parts[2]);
  p.account = std::string(parts[4]);
  const std::string_view resource = parts[5];
  if (p.service == "iam" && resource == "root") {
    p.kind = AwsPrincipalKind::root;
    return p;
  }
  const std::size_t slash = resource.find('/');
  const std::string_view type = resource.substr(0, slash);
  const std::string_view rest =
      slash == std::string_view::npos ? std::string_view() : resource.substr(slash + 1);
  if (p.service == "iam" && type == "user" && !rest.empty()) {
    // user/path/to/name: the last segment is the name, everything before it the path.
    const std::size_t last = rest.rfind('/');
    p.kind = AwsPrincipalKind::iam_user;
    p.name = std::string(last == std::string_view::npos ? rest : rest.substr(last + 1));
    p.path = last == std::string_view::npos ? "/" : "/" + std::string(rest.substr(0, last + 1));
    if (!p.name.empty()) return p;
  } else if (p.service == "sts" && type == "assumed-role") {
    const std::size_t at = rest.find('/');
    if (at != std::string_view::npos && at > 0 && at + 1 < rest.size()) {
      p.kind = AwsPrincipalKind::assumed_role;
      p.name = std::string(rest.substr(0, at));
      p.session = std::string(rest.substr(at + 1));
      return p;
    }
  } else if (p.service == "sts" && type == "federated-user" && !rest.empty()) {
    p.kind = AwsPrincipalKind::federated_user;
    p.name = std::string(rest);
    return p;
  }
  p.kind = AwsPrincipalKind::other;
  p.name.clear();
  p.path.clear();
  return p;
}

}  // namespace credprobe
