// What an access key id tells offline: its kind from the prefix, and the account a modern id
// encodes. Only example ids are used: AWS's documentation ids (AKIAIOSFODNN7EXAMPLE, legacy
// format) and AKIARZPUZDIKAEXAMPLE, built here for AWS's documentation account 123456789012
// (the account bits in characters 5..13, then "EXAMPLE").
#include <catch2/catch.hpp>

#include "credprobe/aws/access_key_id.hpp"
#include "credprobe/aws/aws_partition.hpp"

using namespace credprobe;

TEST_CASE("a modern key id decodes to the account it belongs to") {
  CHECK(aws_account_from_key_id("AKIARZPUZDIKAEXAMPLE") ==
        std::optional<std::string>("123456789012"));
}

TEST_CASE("temporary key ids encode the account the same way") {
  CHECK(aws_account_from_key_id("ASIARZPUZDIKAEXAMPLE") ==
        std::optional<std::string>("123456789012"));
}

TEST_CASE("the last seven characters do not change the account") {
  CHECK(aws_account_from_key_id("AKIARZPUZDIKA2222222") ==
        std::optional<std::string>("123456789012"));
}

TEST_CASE("an account id below 100000000000 keeps its leading zeros") {
  // Account 000000000042 with the format bit set: character 5 is 'Q' (10000).
  CHECK(aws_account_from_key_id("AKIAQAAAAAAVAEXAMPLE") ==
        std::optional<std::string>("000000000042"));
}

TEST_CASE("legacy AKIAI and AKIAJ key ids carry no account") {
  CHECK_FALSE(aws_account_from_key_id("AKIAIOSFODNN7EXAMPLE"));
  CHECK(is_legacy_aws_key_id("AKIAIOSFODNN7EXAMPLE"));
  CHECK(is_legacy_aws_key_id("AKIAJAAAAAAAAEXAMPLE"));
  CHECK_FALSE(is_legacy_aws_key_id("AKIARZPUZDIKAEXAMPLE"));
}

TEST_CASE("anything not shaped like a key id decodes to nothing") {
  CHECK_FALSE(aws_account_from_key_id("AKIARZPUZDIKAEXAMPL"));    // 19 characters
  CHECK_FALSE(aws_account_from_key_id("AKIARZPUZDIKAEXAMPLE2"));  // 21 characters
  CHECK_FALSE(aws_account_from_key_id("AIDARZPUZDIKAEXAMPLE"));   // a user id, not a key id
  CHECK_FALSE(aws_account_from_key_id("AKIARZPUZDIKAEXAMP1E"));   // '1' is not base32
  CHECK_FALSE(aws_account_from_key_id("akiarzpuzdikaexample"));
}

TEST_CASE("the prefix names the kind of identifier") {
  REQUIRE(aws_id_prefix("AKIAIOSFODNN7EXAMPLE"));
  CHECK(aws_id_prefix("AKIAIOSFODNN7EXAMPLE")->kind == AwsIdKind::long_term_key);
  CHECK(aws_id_prefix("ASIAIOSFODNN7EXAMPLE")->kind == AwsIdKind::temporary_key);
  CHECK(aws_id_prefix("AIDAIOSFODNN7EXAMPLE")->kind == AwsIdKind::other_id);
  CHECK(std::string(aws_id_prefix("AROAIOSFODNN7EXAMPLE")->what) == "an IAM role's unique id");
  CHECK(aws_id_prefix("XKIAIOSFODNN7EXAMPLE") == nullptr);
  CHECK(aws_id_prefix("AKI") == nullptr);
}

TEST_CASE("the base32 alphabet is A-Z and 2-7") {
  CHECK(is_aws_base32('A'));
  CHECK(is_aws_base32('7'));
  for (char c : std::string("0189a=")) CHECK_FALSE(is_aws_base32(c));
}

TEST_CASE("the partition follows the region") {
  CHECK(aws_partition_for_region("us-east-1").name == "aws");
  CHECK(aws_partition_for_region("eu-central-2").name == "aws");
  CHECK(aws_partition_for_region("cn-north-1").name == "aws-cn");
  CHECK(aws_partition_for_region("cn-northwest-1").dns_suffix == "amazonaws.com.cn");
  CHECK(aws_partition_for_region("us-gov-west-1").name == "aws-us-gov");
  CHECK(aws_partition_for_region("us-gov-west-1").dns_suffix == "amazonaws.com");
}

TEST_CASE("STS's regional endpoint is in the region's partition") {
  CHECK(sts_regional_url("us-east-1") == "https://sts.us-east-1.amazonaws.com");
  CHECK(sts_regional_url("cn-north-1") == "https://sts.cn-north-1.amazonaws.com.cn");
  CHECK(sts_regional_url("us-gov-east-1") == "https://sts.us-gov-east-1.amazonaws.com");
}

TEST_CASE("region names are two letters, words and a number") {
  for (const char* good : {"us-east-1", "ap-southeast-3", "us-gov-west-1", "cn-northwest-1",
                           "il-central-1", "us-iso-east-1"}) {
    CHECK(is_aws_region_name(good));
  }
  for (const char* bad : {"us-east-1a", "US-EAST-1", "useast1", "us-east", "east-1", "us--east-1",
                          "us-east-1 ", "usa-east-1", ""}) {
    CHECK_FALSE(is_aws_region_name(bad));
  }
  CHECK(is_isolated_region("us-iso-east-1"));
  CHECK(is_isolated_region("us-isob-east-1"));
  CHECK_FALSE(is_isolated_region("us-east-1"));
}
