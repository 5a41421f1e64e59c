// The principal kinds GetCallerIdentity reports, read from the ARN.
#include <catch2/catch.hpp>

#include "credprobe/aws/principal_arn.hpp"

using namespace credprobe;

TEST_CASE("an IAM user without a path") {
  auto p = parse_principal_arn("arn:aws:iam::123456789012:user/Alice");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::iam_user);
  CHECK(p->account == "123456789012");
  CHECK(p->name == "Alice");
  CHECK(p->path == "/");
  CHECK(p->partition == "aws");
}

TEST_CASE("an IAM user with a path") {
  auto p = parse_principal_arn("arn:aws:iam::123456789012:user/division/team/Bob");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::iam_user);
  CHECK(p->name == "Bob");
  CHECK(p->path == "/division/team/");
}

TEST_CASE("an assumed role names the role and the session") {
  auto p = parse_principal_arn("arn:aws:sts::123456789012:assumed-role/Deployer/ci-run-42");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::assumed_role);
  CHECK(p->name == "Deployer");
  CHECK(p->session == "ci-run-42");
  CHECK(std::string(to_string(p->kind)) == "assumed role");
}

TEST_CASE("a role session name may hold @ and =") {
  auto p = parse_principal_arn("arn:aws:sts::123456789012:assumed-role/SSO_Admin/ada@example.com");
  REQUIRE(p);
  CHECK(p->session == "ada@example.com");
}

TEST_CASE("a federated user") {
  auto p = parse_principal_arn("arn:aws:sts::123456789012:federated-user/Carol");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::federated_user);
  CHECK(p->name == "Carol");
}

TEST_CASE("the root user") {
  auto p = parse_principal_arn("arn:aws:iam::123456789012:root");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::root);
  CHECK(p->name.empty());
  CHECK(std::string(to_string(p->kind)) == "root");
}

TEST_CASE("other partitions keep their name") {
  auto p = parse_principal_arn("arn:aws-cn:iam::123456789012:user/Dan");
  REQUIRE(p);
  CHECK(p->partition == "aws-cn");
  CHECK(p->kind == AwsPrincipalKind::iam_user);
}

TEST_CASE("an ARN of another shape is 'other'") {
  auto p = parse_principal_arn("arn:aws:iam::123456789012:role/Deployer");
  REQUIRE(p);
  CHECK(p->kind == AwsPrincipalKind::other);
  CHECK(parse_principal_arn("arn:aws:sts::123456789012:assumed-role/NoSession")->kind ==
        AwsPrincipalKind::other);
}

TEST_CASE("text that is not an ARN") {
  CHECK_FALSE(parse_principal_arn(""));
  CHECK_FALSE(parse_principal_arn("arn:aws:iam::123456789012"));
  CHECK_FALSE(parse_principal_arn("urn:aws:iam::123456789012:root"));
}
