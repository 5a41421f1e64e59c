#include "credprobe/aws/sts_probe.hpp"

#include "credprobe/aws/aws_partition.hpp"
#include "credprobe/aws/sigv4.hpp"
#include "credprobe/aws/sts_verdict.hpp"
#include "credprobe/http.hpp"
#include "credprobe/url.hpp"

namespace credprobe {

namespace {

constexpr const char* kProvider = "aws";
constexpr const char* kFormBody = "Action=GetCallerIdentity&Version=2011-06-15";
// STS holds a presigned request valid for 15 minutes whatever X-Amz-Expires says; a short value
// still keeps the URL from looking long-lived to anything that logs it.
constexpr std::int64_t kPresignExpires = 60;

class StsProbe final : public Probe {
 public:
  StsProbe(AwsCredentials credentials, std::string region, CheckContext context)
      : credentials_(std::move(credentials)),
        region_(std::move(region)),
        context_(std::move(context)) {}

  Step start() override {
    // prepare_check has held the value to the registry's choices (GET or POST, any case).
    auto option = context_.options.find(kAwsStsMethodOption);
    const std::string method =
        option != context_.options.end() && ascii_lower(option->second) == "post" ? "POST" : "GET";
    const std::string base = context_.endpoints.is_overridden("sts") ? context_.endpoints.url("sts")
                                                                     : sts_regional_url(region_);
    auto url = parse_url(base);
    if (!url) {
      Verdict v = new_verdict(kProvider, Status::malformed, "the STS endpoint is not a URL", now());
      return DoneStep{v};
    }

    SigV4Request sigv4;
    sigv4.scheme = url->scheme;
    sigv4.host = url->host_and_port();
    sigv4.path = url->path.empty() ? "/" : url->path;
    SigV4Options options;
    options.region = region_;
    options.service = "sts";
    options.timestamp = now();

    SigV4Signature signature;
    if (method == "GET") {
      sigv4.method = "GET";
      sigv4.query = {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}};
      options.expires_in = kPresignExpires;
      signature = sigv4_presign_query(sigv4, credentials_, options);
    } else {
      sigv4.method = "POST";
      sigv4.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
      sigv4.body = kFormBody;
      signature = sigv4_sign_headers(sigv4, credentials_, options);
    }
    request_ = signature.request;
    // Accept is left out of the signature: a CORS-safelisted header that proxies may rewrite.
    request_.headers.push_back({"Accept", "application/json"});
    return SendStep{request_, "sts"};
  }

  Step on_response(const HttpResult& result) override {
    if (!result.ok())
      return DoneStep{transport_failure_verdict(kProvider, request_, result, now())};
    StsCheckFacts facts;
    facts.temporary_key = credentials_.access_key_id.rfind("ASIA", 0) == 0;
    facts.region = region_;
    facts.now = now();
    note_code(sts_provider_code(result.response));
    return DoneStep{verdict_from_sts(result.response, facts)};
  }

 private:
  std::int64_t now() const { return context_.now; }

  AwsCredentials credentials_;
  std::string region_;
  CheckContext context_;
  HttpRequest request_;
};

}  // namespace

std::unique_ptr<Probe> make_sts_probe(const Fields& fields, const CheckContext& context) {
  AwsCredentials credentials;
  credentials.access_key_id = field_value(fields, "aws_access_key_id");
  credentials.secret_access_key = field_value(fields, "aws_secret_access_key");
  credentials.session_token = field_value(fields, "aws_session_token");
  std::string region = field_value(fields, "aws_region");
  if (region.empty()) region = kAwsDefaultRegion;
  return std::make_unique<StsProbe>(std::move(credentials), std::move(region), context);
}

}  // namespace credprobe
