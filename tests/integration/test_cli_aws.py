"""`credprobe check aws` and `credprobe lint aws`, the built CLI against the emulator's STS.

Every verdict the AWS probe can give, for the presigned GET and the header-signed POST, with its
exact exit code (0 valid, 1 invalid/expired, 2 malformed/usage, 3 insufficient, 4 could not
tell), and neither the secret access key nor the session token in any stdout, stderr or JSON.
Then where the CLI finds keys (environment, profiles in temporary HOME files, --profile), and a
short section on the emulator's own STS behaviour the verdicts rest on (CORS, JSON/XML).
"""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest

from aws_fixtures import OTHER_REGION, REGION, AwsKey, decode_account, make_aws_fixture, unknown_key
from cli_runner import Run, closed_port_url, run_credprobe
from emulator_harness import Emulator, start_emulator

EXIT_VALID, EXIT_INVALID, EXIT_USAGE, EXIT_INSUFFICIENT, EXIT_COULD_NOT_TELL = 0, 1, 2, 3, 4
METHODS = ["GET", "POST"]


def assert_secret_free(run: Run, *keys: AwsKey) -> None:
    everything = run.everything()
    for key in keys:
        for secret in key.secrets():
            for form in (secret, urllib.parse.quote(secret, safe=""), json.dumps(secret)[1:-1]):
                assert form not in everything
            # Neither half of it: a secret cut in two still leaks.
            assert secret[: len(secret) // 2] not in everything
            assert secret[len(secret) // 2 :] not in everything


def check(endpoint: str, key: AwsKey | None, *extra: str, method: str = "GET", as_json: bool = True,
          env: dict | None = None) -> Run:
    args = ["check", "aws", "--endpoint", endpoint, "--option", f"aws_sts_method={method}", *extra]
    if as_json:
        args.append("--json")
    values = dict(key.env()) if key is not None else {}
    values.update(env or {})
    run = run_credprobe(*args, env=values)
    if key is not None:
        assert_secret_free(run, key)
    return run


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def aws_fixture():
    return make_aws_fixture()


@pytest.fixture(scope="module")
def emulator(aws_fixture):
    with start_emulator(aws_fixture.fixtures) as running:
        yield running


@pytest.fixture
def fresh(emulator: Emulator):
    emulator.clear_faults()
    emulator.clear_requests()
    return emulator


# ---- valid ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_iam_user_is_valid_with_account_arn_and_kind(fresh, aws_fixture, method):
    key = aws_fixture["iam_user"]
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_VALID, run.stdout + run.stderr
    v = run.json()
    assert v["provider"] == "aws"
    assert v["status"] == "valid"
    assert v["summary"] == f"key works for IAM user ada in account {key.account}"
    assert v["identity"] == {
        "account": key.account,
        "arn": key.arn,
        "principal": "IAM user",
        "user": "ada",
        "path": "/engineering/",
        "user_id": key.user_id,
    }
    [evidence] = v["evidence"]
    assert evidence["method"] == method
    assert evidence["host"] == f"127.0.0.1:{fresh.port}"
    assert evidence["path"] == "/"
    assert evidence["http_status"] == 200
    assert v["hint"] == ""


@pytest.mark.parametrize("method", METHODS)
def test_assumed_role_session_is_valid_with_role_and_session(fresh, aws_fixture, method):
    key = aws_fixture["assumed_role"]
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_VALID, run.stdout
    v = run.json()
    assert v["summary"] == f"key works for role Deployer (session ci-run-7) in account {key.account}"
    assert v["identity"]["principal"] == "assumed role"
    assert v["identity"]["role"] == "Deployer"
    assert v["identity"]["session"] == "ci-run-7"
    assert v["identity"]["user_id"].endswith(":ci-run-7")


def test_federated_user_is_valid(fresh, aws_fixture):
    key = aws_fixture["federated"]
    v = check(fresh.url, key).json()
    assert v["status"] == "valid"
    assert v["identity"]["principal"] == "federated user"
    assert v["identity"]["federated_user"] == "grace"
    assert v["identity"]["user_id"] == f"{key.account}:grace"


@pytest.mark.parametrize("method", METHODS)
def test_root_key_is_valid_with_a_warning_hint(fresh, aws_fixture, method):
    key = aws_fixture["root"]
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_VALID
    v = run.json()
    assert v["summary"] == f"key works for the root user of account {key.account}"
    assert v["identity"]["principal"] == "root"
    assert v["identity"]["user_id"] == key.account
    assert "root access keys" in v["hint"]


def test_valid_human_output(fresh, aws_fixture):
    key = aws_fixture["iam_user"]
    run = check(fresh.url, key, as_json=False)
    assert run.code == EXIT_VALID
    lines = run.stdout.splitlines()
    assert lines[0] == f"AWS  VALID  key works for IAM user ada in account {key.account}"
    assert f"  account       {key.account}" in lines
    assert "  principal     IAM user" in lines
    assert any(line.startswith(f"  evidence      GET 127.0.0.1:{fresh.port}/ -> 200") for line in lines)
    assert any(
        line.startswith("  sources       ") and "aws_access_key_id from env AWS_ACCESS_KEY_ID" in line
        for line in lines
    )


def test_get_is_a_presigned_cors_simple_request(fresh, aws_fixture):
    key = aws_fixture["assumed_role"]
    assert check(fresh.url, key).code == EXIT_VALID
    [logged] = fresh.requests()
    assert logged["method"] == "GET"
    assert logged["path"] == "/"
    assert sorted(logged["query_names"]) == sorted([
        "Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
        "X-Amz-Security-Token", "X-Amz-SignedHeaders", "X-Amz-Signature",
    ])
    header_names = {name.lower() for name in logged["header_names"]}
    assert "authorization" not in header_names
    assert "x-amz-security-token" not in header_names
    assert "accept" in header_names


def test_post_signs_headers(fresh, aws_fixture):
    key = aws_fixture["assumed_role"]
    assert check(fresh.url, key, method="POST").code == EXIT_VALID
    [logged] = fresh.requests()
    assert logged["method"] == "POST"
    assert logged["query_names"] == []
    header_names = {name.lower() for name in logged["header_names"]}
    assert {"authorization", "x-amz-date", "x-amz-security-token", "content-type"} <= header_names


def test_region_from_the_environment_signs_for_that_region(fresh, aws_fixture):
    key = aws_fixture["iam_user"]
    run = check(fresh.url, key, env={"AWS_REGION": OTHER_REGION})
    assert run.code == EXIT_VALID


def test_a_region_the_endpoint_does_not_serve_proves_nothing(fresh, aws_fixture):
    key = aws_fixture["iam_user"]
    run = check(fresh.url, key, env={"AWS_REGION": "ap-south-1"})
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "indeterminate"
    assert v["evidence"][0]["provider_code"] == "SignatureDoesNotMatch"
    assert "region ap-south-1" in v["hint"]


# ---- invalid and expired --------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_an_unknown_key_id_is_invalid(fresh, method):
    key = unknown_key()
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_INVALID
    v = run.json()
    assert v["status"] == "invalid"
    assert v["summary"] == "AWS does not recognise this access key id (InvalidClientTokenId)"
    assert v["evidence"][0]["http_status"] == 403
    assert v["evidence"][0]["provider_code"] == "InvalidClientTokenId"
    assert v["identity"] == {}


@pytest.mark.parametrize("method", METHODS)
def test_a_wrong_secret_is_invalid(fresh, aws_fixture, method):
    real = aws_fixture["iam_user"]
    key = AwsKey(real.access_key_id, real.secret_access_key[:-4] + "AAAA")
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_INVALID
    v = run.json()
    assert v["summary"] == "the secret access key does not match the key id (SignatureDoesNotMatch)"
    assert v["evidence"][0]["provider_code"] == "SignatureDoesNotMatch"
    assert_secret_free(run, real)


def test_a_temporary_key_with_another_sessions_token_is_invalid(fresh, aws_fixture):
    real = aws_fixture["assumed_role"]
    key = AwsKey(real.access_key_id, real.secret_access_key, aws_fixture["federated"].session_token)
    run = check(fresh.url, key)
    assert run.code == EXIT_INVALID
    v = run.json()
    assert v["evidence"][0]["provider_code"] == "InvalidClientTokenId"
    assert "session token" in v["hint"]
    assert_secret_free(run, real)


@pytest.mark.parametrize("method", METHODS)
def test_an_expired_session_is_expired(fresh, aws_fixture, method):
    key = aws_fixture["expired"]
    run = check(fresh.url, key, method=method)
    assert run.code == EXIT_INVALID
    v = run.json()
    assert v["status"] == "expired"
    assert v["summary"] == "the session token has expired (ExpiredToken)"
    assert v["evidence"][0]["provider_code"] == "ExpiredToken"


def test_invalid_human_output(fresh):
    run = check(fresh.url, unknown_key(), as_json=False)
    assert run.code == EXIT_INVALID
    assert run.stdout.splitlines()[0] == (
        "AWS  INVALID  AWS does not recognise this access key id (InvalidClientTokenId)"
    )


# ---- clock skew ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("offset, words", [(-3600, "60 minutes behind"), (3600, "60 minutes ahead of")])
def test_a_skewed_clock_is_indeterminate_with_a_clock_hint(fresh, aws_fixture, method, offset, words):
    key = aws_fixture["iam_user"]
    run = check(fresh.url, key, "--now", str(int(time.time()) + offset), method=method)
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "indeterminate"
    assert v["summary"] == (
        "AWS refused the request's signature because of the time it carries: this machine's "
        f"clock is {words} AWS's (SignatureDoesNotMatch)"
    )
    assert "clock" in v["hint"]
    assert v["evidence"][0]["provider_code"] == "SignatureDoesNotMatch"


def test_a_clock_a_few_minutes_off_still_works(fresh, aws_fixture):
    key = aws_fixture["iam_user"]
    assert check(fresh.url, key, "--now", str(int(time.time()) - 240)).code == EXIT_VALID


# ---- could not tell -------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_throttling_429_is_rate_limited_with_retry_after(fresh, aws_fixture, method):
    run = check(fresh.url, aws_fixture["rate_limit"], method=method)
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "rate_limited"
    assert v["retry_after_seconds"] == 7
    assert v["summary"] == "AWS STS is throttling requests (Throttling)"
    assert v["evidence"][0]["http_status"] == 429


def test_throttling_400_is_rate_limited(fresh, aws_fixture):
    run = check(fresh.url, aws_fixture["throttled_400"])
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "rate_limited"
    assert "retry_after_seconds" not in v or v["retry_after_seconds"] is None
    assert v["evidence"][0]["http_status"] == 400
    assert v["evidence"][0]["provider_code"] == "Throttling"


@pytest.mark.parametrize(
    "fault, status, code",
    [("server_error", 500, "InternalFailure"), ("unavailable", 503, "ServiceUnavailable")],
)
def test_server_errors_are_indeterminate(fresh, aws_fixture, fault, status, code):
    run = check(fresh.url, aws_fixture[fault])
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "indeterminate"
    assert v["summary"].startswith(
        f"AWS STS answered {status} ({code}), a server error that proves nothing about the credentials"
    )
    assert v["evidence"][0]["http_status"] == status


def test_an_armed_server_error_hits_even_a_valid_key(fresh, aws_fixture):
    fresh.arm_fault("/", "server_error", count=1)
    assert check(fresh.url, aws_fixture["iam_user"]).code == EXIT_COULD_NOT_TELL
    assert check(fresh.url, aws_fixture["iam_user"]).code == EXIT_VALID


@pytest.mark.parametrize("fault", ["unexpected_body", "malformed_json"])
def test_bodies_that_are_not_sts_answers_are_indeterminate(fresh, aws_fixture, fault):
    run = check(fresh.url, aws_fixture[fault])
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"


def test_a_closed_port_is_unreachable(aws_fixture):
    url = closed_port_url()
    run = check(url, aws_fixture["iam_user"])
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "unreachable"
    assert v["evidence"][0]["transport_error"] == "connection refused"
    assert v["evidence"][0]["http_status"] == 0


def test_a_hang_with_timeout_1_is_unreachable(fresh, aws_fixture):
    run = check(fresh.url, aws_fixture["hang"], "--timeout", "1")
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "unreachable"
    assert v["evidence"][0]["transport_error"] == "timeout"


# ---- malformed: nothing is sent -------------------------------------------------------------


def test_a_temporary_key_without_its_token_is_malformed_and_nothing_is_sent(fresh, aws_fixture):
    real = aws_fixture["assumed_role"]
    key = AwsKey(real.access_key_id, real.secret_access_key)
    run = check(fresh.url, key)
    assert run.code == EXIT_USAGE
    v = run.json()
    assert v["status"] == "malformed"
    assert v["summary"].startswith("aws_session_token is required with a temporary (ASIA) key id")
    assert fresh.requests() == []


def test_a_lower_case_key_id_is_malformed(fresh, aws_fixture):
    real = aws_fixture["iam_user"]
    run = check(fresh.url, AwsKey(real.access_key_id.lower(), real.secret_access_key))
    assert run.code == EXIT_USAGE
    assert run.json()["status"] == "malformed"
    assert fresh.requests() == []


def test_an_unknown_sts_method_is_a_malformed_verdict(fresh, aws_fixture):
    run = check(fresh.url, aws_fixture["iam_user"], method="PUT")
    assert run.code == EXIT_USAGE
    assert run.json()["summary"] == "option aws_sts_method must be GET or POST"
    assert fresh.requests() == []


def test_a_misspelt_option_is_refused_naming_the_real_one(fresh, aws_fixture):
    run = check(fresh.url, aws_fixture["iam_user"], "--option", "aws_sts_mehtod=POST")
    assert run.code == EXIT_USAGE
    verdict = run.json()
    assert verdict["status"] == "malformed"
    assert verdict["summary"] == "unknown option 'aws_sts_mehtod' for AWS"
    assert verdict["hint"] == "Options for AWS: aws_sts_method."
    assert fresh.requests() == []


def test_providers_lists_the_sts_method_option():
    run = run_credprobe("providers")
    assert run.code == 0
    assert "  options (--option NAME=VALUE):\n    aws_sts_method            GET|POST (default GET)\n" in run.stdout


# ---- lint: offline --------------------------------------------------------------------------


def test_lint_shows_the_decoded_account_without_the_network(aws_fixture):
    key = aws_fixture["iam_user"]
    env = key.env()
    env["HTTPS_PROXY"] = env["HTTP_PROXY"] = closed_port_url()  # any network use would fail
    run = run_credprobe("lint", "aws", env=env)
    assert run.code == EXIT_VALID, run.stdout + run.stderr
    assert f"aws: info: aws_access_key_id account {key.account} (decoded offline from the key id)" in run.stdout
    assert "no network call was made" in run.stdout
    assert decode_account(key.access_key_id) == key.account
    assert_secret_free(run, key)


def test_lint_json_lists_the_account_as_info(aws_fixture):
    key = aws_fixture["assumed_role"]
    run = run_credprobe("lint", "aws", "--json", env=key.env())
    assert run.code == EXIT_VALID
    assert run.json()["issues"] == [
        {"severity": "info", "field": "aws_access_key_id",
         "message": f"account {key.account} (decoded offline from the key id)"}
    ]
    assert_secret_free(run, key)


def test_lint_errors_exit_2(aws_fixture):
    key = aws_fixture["iam_user"]
    run = run_credprobe("lint", "aws", env={**key.env(), "AWS_SECRET_ACCESS_KEY": key.secret_access_key[:39]})
    assert run.code == EXIT_USAGE
    assert "aws_secret_access_key has 39 characters; secret access keys have 40" in run.stdout
    assert key.secret_access_key[:39] not in run.everything()


# ---- credential sources ---------------------------------------------------------------------


def write_aws_files(home, credentials: str = "", config: str = ""):
    aws = home / ".aws"
    aws.mkdir(exist_ok=True)
    if credentials:
        (aws / "credentials").write_text(credentials)
    if config:
        (aws / "config").write_text(config)


def profile_lines(name: str, key: AwsKey) -> str:
    text = f"[{name}]\naws_access_key_id = {key.access_key_id}\naws_secret_access_key = {key.secret_access_key}\n"
    if key.session_token:
        text += f"aws_session_token = {key.session_token}\n"
    return text


def check_from_home(emulator: Emulator, home, *extra: str, env: dict | None = None) -> Run:
    run = run_credprobe("check", "aws", "--endpoint", emulator.url, *extra,
                        env={"HOME": str(home), **(env or {})})
    return run


def test_the_default_profile_is_read_from_the_credentials_file(fresh, aws_fixture, tmp_path):
    key = aws_fixture["iam_user"]
    write_aws_files(tmp_path, credentials=profile_lines("default", key))
    run = check_from_home(fresh, tmp_path)
    assert run.code == EXIT_VALID, run.stdout + run.stderr
    assert (
        "aws_access_key_id from file ~/.aws/credentials [default]; "
        "aws_secret_access_key from file ~/.aws/credentials [default]"
    ) in run.stdout
    assert_secret_free(run, key)


def test_profile_flag_reads_config_profile_with_its_region(fresh, aws_fixture, tmp_path):
    key = aws_fixture["assumed_role"]
    config = profile_lines("profile dev", key) + f"region = {OTHER_REGION}\n"
    write_aws_files(tmp_path, config="[default]\nregion = us-west-2\n" + config)
    run = check_from_home(fresh, tmp_path, "--profile", "dev", "--json")
    assert run.code == EXIT_VALID, run.stdout + run.stderr
    assert run.json()["identity"]["session"] == "ci-run-7"
    text = check_from_home(fresh, tmp_path, "--profile", "dev")
    assert f"aws_region from file ~/.aws/config [profile dev]" in text.stdout
    assert "aws_session_token from file ~/.aws/config [profile dev]" in text.stdout
    assert_secret_free(text, key)


def test_aws_profile_selects_a_credentials_profile(fresh, aws_fixture, tmp_path):
    user, root = aws_fixture["iam_user"], aws_fixture["root"]
    write_aws_files(tmp_path, credentials=profile_lines("default", user) + profile_lines("admin", root))
    run = check_from_home(fresh, tmp_path, "--json", env={"AWS_PROFILE": "admin"})
    assert run.code == EXIT_VALID
    assert run.json()["identity"]["principal"] == "root"
    assert_secret_free(run, user, root)


def test_environment_keys_win_over_aws_profile_but_not_over_profile_flag(fresh, aws_fixture, tmp_path):
    env_key, file_key = aws_fixture["iam_user"], aws_fixture["root"]
    write_aws_files(tmp_path, credentials=profile_lines("admin", file_key))
    env = {**env_key.env(), "AWS_PROFILE": "admin"}
    by_env = check_from_home(fresh, tmp_path, "--json", env=env)
    assert by_env.json()["identity"]["principal"] == "IAM user"
    by_flag = check_from_home(fresh, tmp_path, "--json", "--profile", "admin", env=env)
    assert by_flag.json()["identity"]["principal"] == "root"
    assert_secret_free(by_env, env_key, file_key)
    assert_secret_free(by_flag, env_key, file_key)


def test_shared_credentials_file_variable_moves_the_file(fresh, aws_fixture, tmp_path):
    key = aws_fixture["iam_user"]
    elsewhere = tmp_path / "elsewhere.ini"
    elsewhere.write_text(profile_lines("default", key))
    run = check_from_home(fresh, tmp_path, env={"AWS_SHARED_CREDENTIALS_FILE": str(elsewhere),
                                                "AWS_CONFIG_FILE": str(tmp_path / "none")})
    assert run.code == EXIT_VALID
    assert "aws_access_key_id from file ~/elsewhere.ini [default]" in run.stdout


def test_a_missing_profile_is_a_usage_problem_with_a_note(fresh, tmp_path):
    run = check_from_home(fresh, tmp_path, "--profile", "nope")
    assert run.code == EXIT_USAGE
    # The name is not quoted: a profile in neither file may be a secret pasted after --profile.
    assert "the profile given with --profile is in neither ~/.aws/credentials nor ~/.aws/config" in run.stderr
    assert "nope" not in run.stderr


# ---- the emulator's STS ---------------------------------------------------------------------


def test_sts_answers_xml_by_default_and_json_when_asked(fresh):
    xml = fresh.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15")
    assert xml.status == 403
    assert xml.headers["Content-Type"] == "text/xml"
    assert b"<Code>MissingAuthenticationToken</Code>" in xml.body
    as_json = fresh.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15",
                            headers={"Accept": "application/json"})
    assert as_json.json()["Error"] == {
        "Code": "MissingAuthenticationToken",
        "Message": "Request is missing Authentication Token",
        "Type": "Sender",
    }
    assert as_json.headers["x-amzn-RequestId"] == as_json.json()["RequestId"]
    assert as_json.headers["Date"]


def test_sts_answers_browsers_with_any_origin(fresh):
    answer = fresh.request("GET", "/?Action=GetCallerIdentity", headers={"Origin": "https://example.org"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Date" in answer.headers["Access-Control-Expose-Headers"].split(",")
    preflight = fresh.request("OPTIONS", "/", headers={
        "Origin": "https://example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,x-amz-date",
    })
    assert preflight.status == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Headers"] == "authorization,x-amz-date"


def test_sts_without_an_origin_sends_no_cors_headers(fresh):
    answer = fresh.request("GET", "/?Action=GetCallerIdentity")
    assert "Access-Control-Allow-Origin" not in answer.headers
