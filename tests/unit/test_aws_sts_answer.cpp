// Reading STS's answers, JSON and XML, with the tiny tag scanner; and reading the clock out of
// STS's clock refusals.
#include <catch2/catch.hpp>

#include "credprobe/aws/clock_skew.hpp"
#include "credprobe/aws/sts_answer.hpp"
#include "credprobe/aws/xml_scan.hpp"

using namespace credprobe;

namespace {

const char* kIdentityXml =
    R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDAJQABLZS4A3QDU576Q</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
)";

const char* kIdentityJson =
    R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012",)"
    R"("Arn":"arn:aws:sts::123456789012:assumed-role/Deployer/ci","UserId":"AROA3XFRBF535PLBIFPI4:ci"},)"
    R"("ResponseMetadata":{"RequestId":"c6104cbe-af31-11e0-8154-cbc7ccf896c7"}}})";

const char* kErrorXml = R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>InvalidClientTokenId</Code>
    <Message>The security token included in the request is invalid.</Message>
  </Error>
  <RequestId>f1dfd149-5bee-11e6-90ab-4b1e521fd574</RequestId>
</ErrorResponse>
)";

const char* kErrorJson =
    R"({"Error":{"Code":"SignatureDoesNotMatch","Message":"The request signature we calculated )"
    R"(does not match the signature you provided.","Type":"Sender"},"RequestId":"1e370b71-d40f"})";

}  // namespace

TEST_CASE("GetCallerIdentity in XML") {
  auto id = parse_caller_identity(kIdentityXml);
  REQUIRE(id);
  CHECK(id->account == "123456789012");
  CHECK(id->arn == "arn:aws:iam::123456789012:user/Alice");
  CHECK(id->user_id == "AIDAJQABLZS4A3QDU576Q");
  CHECK(id->request_id == "01234567-89ab-cdef-0123-456789abcdef");
}

TEST_CASE("GetCallerIdentity in JSON") {
  auto id = parse_caller_identity(kIdentityJson);
  REQUIRE(id);
  CHECK(id->account == "123456789012");
  CHECK(id->arn == "arn:aws:sts::123456789012:assumed-role/Deployer/ci");
  CHECK(id->user_id == "AROA3XFRBF535PLBIFPI4:ci");
  CHECK(id->request_id == "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
}

TEST_CASE("XML entities in an ARN are decoded") {
  auto id = parse_caller_identity(
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:"
      "assumed-role/R/a&amp;b&#x40;c&#61;d</Arn><Account>123456789012</Account>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  REQUIRE(id);
  CHECK(id->arn == "arn:aws:sts::123456789012:assumed-role/R/a&b@c=d");
  CHECK(id->user_id.empty());
}

TEST_CASE("an answer without Account or Arn is not an identity") {
  CHECK_FALSE(
      parse_caller_identity("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn>"
                            "</GetCallerIdentityResult></GetCallerIdentityResponse>"));
  CHECK_FALSE(parse_caller_identity(R"({"GetCallerIdentityResponse":{}})"));
  CHECK_FALSE(parse_caller_identity(kErrorXml));
  CHECK_FALSE(parse_caller_identity("<html><body>Sign in to the network</body></html>"));
  CHECK_FALSE(parse_caller_identity(std::string(kIdentityJson).substr(0, 60)));
  CHECK_FALSE(parse_caller_identity(std::string(kIdentityXml).substr(0, 150)));
  CHECK_FALSE(parse_caller_identity(""));
}

TEST_CASE("an STS error in XML") {
  auto error = parse_sts_error(kErrorXml);
  REQUIRE(error);
  CHECK(error->type == "Sender");
  CHECK(error->code == "InvalidClientTokenId");
  CHECK(error->message == "The security token included in the request is invalid.");
  CHECK(error->request_id == "f1dfd149-5bee-11e6-90ab-4b1e521fd574");
}

TEST_CASE("an STS error in JSON") {
  auto error = parse_sts_error(kErrorJson);
  REQUIRE(error);
  CHECK(error->type == "Sender");
  CHECK(error->code == "SignatureDoesNotMatch");
  CHECK(error->message ==
        "The request signature we calculated does not match the signature you provided.");
  CHECK(error->request_id == "1e370b71-d40f");
}

TEST_CASE("bodies that are not STS errors") {
  CHECK_FALSE(parse_sts_error(kIdentityXml));
  CHECK_FALSE(parse_sts_error(R"({"error": "nope"})"));
  CHECK_FALSE(
      parse_sts_error("<ErrorResponse><Error><Message>x</Message></Error></ErrorResponse>"));
  CHECK_FALSE(parse_sts_error("<html>503 Service Temporarily Unavailable</html>"));
}

TEST_CASE("the tag scanner matches whole names only") {
  const std::string xml = "<CodeName>a</CodeName><Code attr=\"1\">b</Code>";
  CHECK(xml_element_text(xml, "Code") == std::optional<std::string>("b"));
  CHECK(xml_element_text(xml, "CodeName") == std::optional<std::string>("a"));
  CHECK(xml_element_text("<Code/>", "Code") == std::optional<std::string>(""));
  CHECK_FALSE(xml_element_text("<Code>unterminated", "Code"));
  CHECK(xml_element_text("<M><![CDATA[a<b&c]]></M>", "M") == std::optional<std::string>("a<b&c"));
  CHECK(xml_unescape("&lt;&gt;&quot;&apos;&amp;amp;&unknown;&#0;") == "<>\"'&amp;&unknown;&#0;");
}

TEST_CASE("X-Amz-Date times read as Unix seconds") {
  CHECK(parse_amz_date("20150830T123600Z") == std::optional<std::int64_t>(1440938160));
  CHECK(parse_amz_date("19700101T000000Z") == std::optional<std::int64_t>(0));
  CHECK_FALSE(parse_amz_date("20150830T123600"));
  CHECK_FALSE(parse_amz_date("2015-08-30T12:36:00Z"));
  CHECK_FALSE(parse_amz_date("20151330T123600Z"));
}

TEST_CASE("an expired signature message tells how far behind this clock is") {
  const std::string message =
      "Signature expired: 20250101T000000Z is now earlier than 20250101T004500Z "
      "(20250101T010000Z - 15 min.)";
  CHECK(is_clock_refusal_message(message));
  CHECK(skew_from_message(message) == std::optional<std::int64_t>(3600));
  CHECK(describe_skew(3600) == "this machine's clock is 60 minutes behind AWS's");
}

TEST_CASE("a not-yet-current signature message tells how far ahead this clock is") {
  const std::string message =
      "Signature not yet current: 20250101T020000Z is still later than 20250101T011500Z "
      "(20250101T010000Z + 15 min.)";
  CHECK(is_clock_refusal_message(message));
  CHECK(skew_from_message(message) == std::optional<std::int64_t>(-3600));
  CHECK(describe_skew(-3600) == "this machine's clock is 60 minutes ahead of AWS's");
  CHECK(describe_skew(-45) == "this machine's clock is 45 seconds ahead of AWS's");
}

TEST_CASE("a plain signature mismatch is not a clock refusal") {
  const std::string message =
      "The request signature we calculated does not match the signature you provided.";
  CHECK_FALSE(is_clock_refusal_message(message));
  CHECK_FALSE(skew_from_message(message));
}

TEST_CASE("the Date header measures the skew against our clock") {
  const Headers headers = {{"date", "Fri, 28 Nov 2025 14:20:00 GMT"}};
  CHECK(skew_from_date_header(headers, 1764336000) == std::optional<std::int64_t>(3600));
  CHECK_FALSE(skew_from_date_header({}, 1764336000));
  CHECK_FALSE(skew_from_date_header({{"Date", "yesterday"}}, 1764336000));
}
