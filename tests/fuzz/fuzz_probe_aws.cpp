// AWS STS GetCallerIdentity probe under fuzzer-chosen fields and answers (probe_harness.hpp).
#include "credprobe/aws/aws_provider.hpp"
#include "probe_harness.hpp"

using namespace credprobe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ProviderSpec provider = aws_provider();
  static const fuzz::ProbeSamples samples = {
      {{"aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"},
       {"aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
       {"aws_session_token", "IQoJb3JpZ2luX2VjEXAMPLE/token+with=special+characters/EXAMPLE=="},
       {"aws_region", "us-east-1"}},
      {R"({"GetCallerIdentityResponse":{"GetCallerIdentityResult":{"Account":"123456789012","Arn":"arn:aws:iam::123456789012:user/ada","UserId":"AIDAEXAMPLE"},"ResponseMetadata":{"RequestId":"01234567-89ab-cdef-0123-456789abcdef"}}})",
       R"({"Error":{"Code":"InvalidClientTokenId","Message":"The security token included in the request is invalid.","Type":"Sender"},"RequestId":"4c5bd0a5"})",
       R"J({"Error":{"Code":"SignatureDoesNotMatch","Message":"Signature expired: 20251128T120000Z is now earlier than 20251128T131500Z (20251128T132000Z - 5 min.)","Type":"Sender"},"RequestId":"4c5bd0a5"})J",
       R"({"Error":{"Code":"ExpiredToken","Message":"The security token included in the request is expired","Type":"Sender"},"RequestId":"x"})",
       R"({"Error":{"Code":"Throttling","Message":"Rate exceeded","Type":"Sender"},"RequestId":"x"})",
       "<GetCallerIdentityResponse "
       "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/"
       "\"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/r/s</"
       "Arn><UserId>AROA:s</UserId><Account>123456789012</Account></"
       "GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></"
       "GetCallerIdentityResponse>",
       "<ErrorResponse "
       "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</"
       "Type><Code>AccessDenied</Code><Message>User: &amp; &lt;x&gt; &#38; is not "
       "authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>"},
      {{"Date", "Fri, 28 Nov 2025 13:20:00 GMT"},
       {"Retry-After", "12"},
       {"Content-Type", "text/xml"},
       {"x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef"}}};
  return fuzz::fuzz_probe(provider, samples, data, size);
}
