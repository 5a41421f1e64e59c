"""AWS's own clients against the emulator's STS: botocore/boto3 (PyPI) and Debian's AWS CLI.

They sign with their own SigV4 code, so what they get proves the emulator verifies signatures the
way STS does, independently of credprobe's signer: the valid fixture keys get their identity, and
the bad ones get InvalidClientTokenId, SignatureDoesNotMatch and ExpiredToken, in STS's XML that
these clients parse. boto3's presigner checks the query-string form the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from aws_fixtures import REGION, AwsKey, make_aws_fixture, unknown_key
from emulator_harness import start_emulator

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

AWS_CLI = "/usr/bin/aws"  # Debian's awscli package, not one installed into the venv
VALID = ["iam_user", "assumed_role", "federated", "root"]


pytestmark = pytest.mark.usefixtures("no_aws_machine_config")


@pytest.fixture(scope="module")
def aws_fixture():
    return make_aws_fixture()


@pytest.fixture(scope="module")
def emulator(aws_fixture):
    with start_emulator(aws_fixture.fixtures) as running:
        yield running


def sts_client(url: str, key: AwsKey):
    return boto3.client(
        "sts",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key.access_key_id,
        aws_secret_access_key=key.secret_access_key,
        aws_session_token=key.session_token or None,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def wrong_secret(key: AwsKey) -> AwsKey:
    return AwsKey(key.access_key_id, key.secret_access_key[:-4] + "AAAA", key.session_token)


def client_error(call) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Message"]


# ---- boto3, header-signed POST ---------------------------------------------------------------


@pytest.mark.parametrize("name", VALID)
def test_boto3_gets_the_identity_of_valid_keys(emulator, aws_fixture, name):
    key = aws_fixture[name]
    identity = sts_client(emulator.url, key).get_caller_identity()
    assert identity["Account"] == key.account
    assert identity["Arn"] == key.arn
    assert identity["UserId"]
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert identity["ResponseMetadata"]["RequestId"] == identity["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


def test_boto3_unknown_key_is_invalid_client_token_id(emulator):
    code, status, message = client_error(sts_client(emulator.url, unknown_key()).get_caller_identity)
    assert (code, status) == ("InvalidClientTokenId", 403)
    assert message == "The security token included in the request is invalid."


@pytest.mark.parametrize("name", ["iam_user", "assumed_role"])
def test_boto3_wrong_secret_is_signature_does_not_match(emulator, aws_fixture, name):
    code, status, message = client_error(
        sts_client(emulator.url, wrong_secret(aws_fixture[name])).get_caller_identity
    )
    assert (code, status) == ("SignatureDoesNotMatch", 403)
    assert message.startswith("The request signature we calculated does not match")


def test_boto3_expired_session_is_expired_token(emulator, aws_fixture):
    code, status, message = client_error(sts_client(emulator.url, aws_fixture["expired"]).get_caller_identity)
    assert (code, status) == ("ExpiredToken", 403)
    assert message == "The security token included in the request is expired"


def test_boto3_temporary_key_without_its_token_is_invalid(emulator, aws_fixture):
    real = aws_fixture["assumed_role"]
    code, _, _ = client_error(sts_client(emulator.url, AwsKey(real.access_key_id, real.secret_access_key)).get_caller_identity)
    assert code == "InvalidClientTokenId"


def test_boto3_signed_for_another_region_is_refused_for_its_scope(emulator, aws_fixture):
    key = aws_fixture["iam_user"]
    client = boto3.client("sts", endpoint_url=emulator.url, region_name="ap-south-1",
                          aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret_access_key,
                          config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    code, _, message = client_error(client.get_caller_identity)
    assert code == "SignatureDoesNotMatch"
    assert message.startswith("Credential should be scoped to a valid region")


@pytest.mark.parametrize("name, status", [("rate_limit", 429), ("throttled_400", 400)])
def test_boto3_reads_the_throttling_answers(emulator, aws_fixture, name, status):
    code, got, message = client_error(sts_client(emulator.url, aws_fixture[name]).get_caller_identity)
    assert (code, got, message) == ("Throttling", status, "Rate exceeded")


# ---- boto3's presigner: the query-string form -------------------------------------------------


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.mark.parametrize("name", ["iam_user", "assumed_role"])
def test_a_boto3_presigned_get_is_accepted(emulator, aws_fixture, name):
    key = aws_fixture[name]
    # The STS model says POST; a URL for a GET must be presigned for GET (boto/boto3#756).
    url = sts_client(emulator.url, key).generate_presigned_url(
        "get_caller_identity", ExpiresIn=60, HttpMethod="GET"
    )
    status, body, headers = fetch(url)
    assert status == 200, body
    assert f"<Arn>{key.arn}</Arn>".encode() in body
    assert headers["Content-Type"] == "text/xml"
    status, body, headers = fetch(url, {"Accept": "application/json"})
    assert status == 200
    assert json.loads(body)["GetCallerIdentityResponse"]["GetCallerIdentityResult"] == {
        "Account": key.account,
        "Arn": key.arn,
        "UserId": json.loads(body)["GetCallerIdentityResponse"]["GetCallerIdentityResult"]["UserId"],
    }


def test_a_boto3_presigned_get_with_a_wrong_secret_is_refused(emulator, aws_fixture):
    url = sts_client(emulator.url, wrong_secret(aws_fixture["iam_user"])).generate_presigned_url(
        "get_caller_identity", ExpiresIn=60, HttpMethod="GET"
    )
    status, body, _ = fetch(url, {"Accept": "application/json"})
    assert status == 403
    assert json.loads(body)["Error"]["Code"] == "SignatureDoesNotMatch"


def test_a_url_presigned_for_post_is_refused_as_a_get(emulator, aws_fixture):
    # What STS answered in boto/boto3#756: the method is part of what is signed.
    url = sts_client(emulator.url, aws_fixture["iam_user"]).generate_presigned_url("get_caller_identity")
    status, body, _ = fetch(url)
    assert status == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in body


def test_a_tampered_presigned_url_is_refused(emulator, aws_fixture):
    url = sts_client(emulator.url, aws_fixture["iam_user"]).generate_presigned_url(
        "get_caller_identity", HttpMethod="GET"
    )
    status, body, _ = fetch(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=3599"))
    assert status == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in body


# ---- Debian's AWS CLI ------------------------------------------------------------------------


def aws_cli(url: str, key: AwsKey, home) -> subprocess.CompletedProcess:
    if not os.path.exists(AWS_CLI):
        pytest.skip("Debian's awscli is not installed (apt-get install awscli)")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        "AWS_PAGER": "",
        "NO_PROXY": "127.0.0.1,localhost",
        "AWS_ACCESS_KEY_ID": key.access_key_id,
        "AWS_SECRET_ACCESS_KEY": key.secret_access_key,
    }
    if key.session_token:
        env["AWS_SESSION_TOKEN"] = key.session_token
    return subprocess.run(
        [AWS_CLI, "sts", "get-caller-identity", "--endpoint-url", url, "--output", "json"],
        env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("name", ["iam_user", "assumed_role", "root"])
def test_aws_cli_gets_the_identity_of_valid_keys(emulator, aws_fixture, name, tmp_path):
    key = aws_fixture[name]
    done = aws_cli(emulator.url, key, tmp_path)
    assert done.returncode == 0, done.stderr
    identity = json.loads(done.stdout)
    assert identity["Account"] == key.account
    assert identity["Arn"] == key.arn
    assert identity["UserId"]


@pytest.mark.parametrize(
    "which, code, message",
    [
        ("unknown", "InvalidClientTokenId", "The security token included in the request is invalid."),
        ("wrong_secret", "SignatureDoesNotMatch", "The request signature we calculated does not match"),
        ("expired", "ExpiredToken", "The security token included in the request is expired"),
    ],
)
def test_aws_cli_rejects_the_bad_keys(emulator, aws_fixture, tmp_path, which, code, message):
    key = {
        "unknown": unknown_key(),
        "wrong_secret": wrong_secret(aws_fixture["iam_user"]),
        "expired": aws_fixture["expired"],
    }[which]
    done = aws_cli(emulator.url, key, tmp_path)
    assert done.returncode != 0
    # "An error occurred (CODE) when calling the GetCallerIdentity operation (reached max retries:
    # 0): MESSAGE": the part in parentheses depends on the retry settings.
    assert f"An error occurred ({code}) when calling the GetCallerIdentity operation" in done.stderr
    assert f"): {message}" in done.stderr
