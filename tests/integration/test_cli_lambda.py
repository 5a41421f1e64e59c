"""`credprobe check lambda` and `credprobe lint lambda`, the built CLI against the emulator.

Every verdict the Lambda probe can give, with its exact exit code (0 valid, 1 invalid, 2
malformed, 3 insufficient, 4 could not tell), and the key in no stdout, stderr or JSON. A short
section at the end checks the emulator itself plays Lambda as the probe expects (Basic auth, no
CORS, the per-key limiter), since every verdict above rests on it.
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from cli_runner import Run, closed_port_url, run_credprobe
from emulator_harness import Emulator, start_emulator
from lambda_fixtures import TWO_INSTANCES, fake_lambda_key, make_lambda_fixture

EXIT_VALID, EXIT_INVALID, EXIT_USAGE, EXIT_INSUFFICIENT, EXIT_COULD_NOT_TELL = 0, 1, 2, 3, 4
INSTANCES = "/api/v1/instances"


def run_cli(args: list[str], key: str | None) -> Run:
    """The CLI with a clean environment; the key, when given, in LAMBDA_API_KEY."""
    return run_credprobe(*args, env={"LAMBDA_API_KEY": key} if key is not None else None)


def check(endpoint: str, key: str | None, *extra: str, as_json: bool = True) -> Run:
    args = ["check", "lambda", "--endpoint", endpoint, *extra]
    if as_json:
        args.append("--json")
    return run_cli(args, key)


def assert_secret_free(run: Run, *keys: str) -> None:
    for key in keys:
        everything = run.everything()
        assert key not in everything
        # Neither half of it: a key cut in two still leaks.
        assert key[: len(key) // 2] not in everything
        assert key[len(key) // 2 :] not in everything
        assert base64.b64encode(f"{key}:".encode()).decode() not in everything


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lambda_fixture():
    return make_lambda_fixture(rate_limit=False)


@pytest.fixture(scope="module")
def emulator(lambda_fixture):
    with start_emulator(lambda_fixture.fixtures) as running:
        yield running


@pytest.fixture
def fresh(emulator: Emulator):
    emulator.clear_faults()
    emulator.clear_requests()
    return emulator


# ---- valid ----------------------------------------------------------------------------------


def test_two_instances_is_valid_with_the_count(fresh, lambda_fixture):
    key = lambda_fixture["two_instances"]
    run = check(fresh.url, key)
    assert run.code == EXIT_VALID, run.stderr
    v = run.json()
    assert v["provider"] == "lambda"
    assert v["status"] == "valid"
    assert v["summary"] == "API key works (2 running instances)"
    # Facts about the account, not permissions: an instance is not something the key may do.
    assert v["identity"] == {"instances running": "2", "instance names": "train-1, eval-2"}
    assert v["permissions"] == []
    [evidence] = v["evidence"]
    assert evidence["method"] == "GET"
    assert evidence["host"] == f"127.0.0.1:{fresh.port}"
    assert evidence["path"] == INSTANCES
    assert evidence["http_status"] == 200
    assert "provider_code" not in evidence
    assert v["hint"] == ""
    assert_secret_free(run, key)


def test_two_instances_human_output_shows_the_count(fresh, lambda_fixture):
    key = lambda_fixture["two_instances"]
    run = check(fresh.url, key, as_json=False)
    assert run.code == EXIT_VALID
    lines = run.stdout.splitlines()
    assert lines[0] == "Lambda Cloud  VALID  API key works (2 running instances)"
    assert [line for line in lines if line.startswith("  instance")] == [
        "  instances running  2", "  instance names  train-1, eval-2"]
    assert not any(line.startswith("  permissions") for line in lines)
    assert any(line.startswith(f"  evidence      GET 127.0.0.1:{fresh.port}{INSTANCES} -> 200") for line in lines)
    assert "  sources       lambda_api_key from env LAMBDA_API_KEY" in lines
    assert_secret_free(run, key)


def test_the_instances_jupyter_tokens_are_never_shown(fresh, lambda_fixture):
    key = lambda_fixture["two_instances"]
    listed = fresh.request("GET", INSTANCES, headers={"Authorization": f"Bearer {key}"}).json()["data"]
    tokens = [instance["jupyter_token"] for instance in listed]
    for as_json in (True, False):
        run = check(fresh.url, key, as_json=as_json)
        for token in tokens:
            assert token not in run.stdout
        assert "jupyter" not in run.stdout


def test_no_instances_is_valid_and_says_none(fresh, lambda_fixture):
    key = lambda_fixture["no_instances"]
    run = check(fresh.url, key)
    assert run.code == EXIT_VALID
    v = run.json()
    assert v["status"] == "valid"
    assert v["summary"] == "API key works (no running instances)"
    assert v["identity"] == {"instances running": "0"}
    assert v["permissions"] == []
    assert_secret_free(run, key)


def test_the_key_went_as_a_bearer_to_the_instance_list_only(fresh, lambda_fixture):
    check(fresh.url, lambda_fixture["no_instances"])
    [logged] = fresh.requests()
    assert logged["method"] == "GET"
    assert logged["path"] == INSTANCES
    assert logged["query_names"] == []
    assert "Authorization" in logged["header_names"]


def test_an_endpoint_with_the_api_v1_path_still_works(fresh, lambda_fixture):
    run = check(fresh.url + "/api/v1/", lambda_fixture["no_instances"])
    assert run.code == EXIT_VALID
    assert run.json()["evidence"][0]["path"] == INSTANCES


def test_key_from_a_field_file_works_and_stays_secret(fresh, lambda_fixture, tmp_path):
    key = lambda_fixture["two_instances"]
    key_file = tmp_path / "lambda-key"
    key_file.write_text(key)
    run = run_cli(
        ["check", "lambda", "--endpoint", fresh.url, "--field", f"lambda_api_key=@{key_file}", "--json"], None
    )
    assert run.code == EXIT_VALID, run.stderr
    assert run.json()["status"] == "valid"
    assert_secret_free(run, key)


# ---- invalid --------------------------------------------------------------------------------


def test_revoked_key_is_invalid(fresh, lambda_fixture):
    key = lambda_fixture["revoked"]
    run = check(fresh.url, key)
    assert run.code == EXIT_INVALID
    v = run.json()
    assert v["status"] == "invalid"
    assert v["summary"] == (
        "Lambda rejected the API key (401 global/invalid-api-key): API key was invalid, expired, or deleted."
    )
    assert v["hint"] == (
        "Lambda suggests: Check your API key or create a new one, then try again. The key is wrong, "
        "deleted or expired. Create a new one at https://cloud.lambda.ai/api-keys."
    )
    assert v["evidence"][0]["http_status"] == 401
    assert v["evidence"][0]["provider_code"] == "global/invalid-api-key"
    assert v["identity"] == {}
    assert_secret_free(run, key)


def test_a_key_lambda_never_issued_is_invalid(fresh):
    key = fake_lambda_key()
    run = check(fresh.url, key)
    assert run.code == EXIT_INVALID
    assert run.json()["status"] == "invalid"
    assert_secret_free(run, key)


def test_invalid_human_output(fresh, lambda_fixture):
    key = lambda_fixture["revoked"]
    run = check(fresh.url, key, as_json=False)
    assert run.code == EXIT_INVALID
    assert run.stdout.startswith("Lambda Cloud  INVALID  Lambda rejected the API key (401 global/invalid-api-key)")
    assert f"-> 401 global/invalid-api-key" in run.stdout
    assert_secret_free(run, key)


# ---- insufficient ---------------------------------------------------------------------------


def test_inactive_account_is_insufficient(fresh, lambda_fixture):
    key = lambda_fixture["inactive"]
    run = check(fresh.url, key)
    assert run.code == EXIT_INSUFFICIENT
    v = run.json()
    assert v["status"] == "insufficient"
    assert v["summary"] == (
        "the API key authenticates but the Lambda account is inactive (403 global/account-inactive): "
        "Your account is inactive."
    )
    assert v["hint"].startswith("Lambda suggests: Make sure you have verified your email address")
    assert v["evidence"][0]["provider_code"] == "global/account-inactive"
    assert_secret_free(run, key)


# ---- rate limited ---------------------------------------------------------------------------


def test_rate_limit_fault_is_rate_limited_with_retry_after(fresh, lambda_fixture):
    key = lambda_fixture["rate_limit"]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "rate_limited"
    assert v["retry_after_seconds"] == 7
    assert v["summary"] == "Lambda is rate limiting (429 global/too-many-requests): Too many requests."
    assert v["hint"] == "Lambda allows about one request per second. Try again in 7 seconds."
    human = check(fresh.url, key, as_json=False)
    assert human.code == EXIT_COULD_NOT_TELL
    assert "  retry after   7 s" in human.stdout.splitlines()
    assert_secret_free(run, key)
    assert_secret_free(human, key)


def test_the_per_key_limiter_answers_a_second_check_with_429():
    # A wide window so that a slow machine still lands the second check inside it.
    fixture = make_lambda_fixture(rate_limit={"interval_ms": 5000})
    key = fixture["two_instances"]
    with start_emulator(fixture.fixtures) as emulator:
        first = check(emulator.url, key)
        second = check(emulator.url, key)
        other_key = check(emulator.url, fixture["no_instances"])  # its own window
    assert first.code == EXIT_VALID
    assert second.code == EXIT_COULD_NOT_TELL, second.stdout
    v = second.json()
    assert v["status"] == "rate_limited"
    assert 1 <= v["retry_after_seconds"] <= 5
    assert v["evidence"][0]["http_status"] == 429
    assert other_key.code == EXIT_VALID
    for run in (first, second):
        assert_secret_free(run, key)


# ---- indeterminate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault, status, summary",
    [
        (
            "server_error",
            500,
            "Lambda answered 500 global/internal-error, a server error that proves nothing about the key: "
            "An internal error occurred.",
        ),
        (
            "unavailable",
            503,
            "Lambda answered 503 provider/internal-unavailable, a server error that proves nothing about "
            "the key: Provider unavailable",
        ),
    ],
)
def test_server_errors_are_indeterminate(fresh, lambda_fixture, fault, status, summary):
    key = lambda_fixture[fault]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "indeterminate"
    assert v["summary"] == summary
    assert v["evidence"][0]["http_status"] == status
    assert_secret_free(run, key)


@pytest.mark.parametrize(
    "fault, summary",
    [
        ("malformed_json", "the instance list answered 200 with a body that is not JSON"),
        ("unexpected_body", "the instance list answered 200 with a body that is not JSON"),
    ],
)
def test_bodies_that_are_not_the_instance_list_are_indeterminate(fresh, lambda_fixture, fault, summary):
    key = lambda_fixture[fault]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"
    assert run.json()["summary"] == summary
    assert_secret_free(run, key)


def test_an_armed_server_error_hits_even_a_valid_key(fresh, lambda_fixture):
    fresh.arm_fault(INSTANCES, "server_error")
    key = lambda_fixture["two_instances"]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"
    assert check(fresh.url, key).code == 0  # armed for one request only


def test_latency_within_the_timeout_is_still_valid(fresh, lambda_fixture):
    run = check(fresh.url, lambda_fixture["latency"])
    assert run.code == EXIT_VALID
    assert run.json()["evidence"][0]["latency_ms"] >= 1400


# ---- unreachable ----------------------------------------------------------------------------


def test_a_closed_port_is_unreachable(lambda_fixture):
    key = lambda_fixture["two_instances"]
    url = closed_port_url()
    run = check(url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "unreachable"
    assert v["summary"].startswith(f"no answer from {url[len('http://'):]}: connection refused")
    assert v["evidence"][0]["transport_error"] == "connection refused"
    assert v["evidence"][0]["http_status"] == 0
    assert_secret_free(run, key)


def test_a_hang_with_timeout_1_is_unreachable_in_time(fresh, lambda_fixture):
    key = lambda_fixture["hang"]
    started = time.monotonic()
    run = check(fresh.url, key, "--timeout", "1")
    seconds = time.monotonic() - started
    assert run.code == EXIT_COULD_NOT_TELL
    v = run.json()
    assert v["status"] == "unreachable"
    assert v["evidence"][0]["transport_error"] == "timeout"
    assert v["hint"] == "The provider did not answer in time. Check the network or raise --timeout."
    assert seconds < 8
    assert_secret_free(run, key)


def test_a_connection_cut_mid_body_is_unreachable(fresh, lambda_fixture):
    key = lambda_fixture["reset"]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "unreachable"
    assert run.json()["evidence"][0]["transport_error"] == "connection reset"
    assert_secret_free(run, key)


def test_an_oversized_body_is_refused_not_read(fresh, lambda_fixture):
    key = lambda_fixture["oversized"]
    run = check(fresh.url, key)
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"
    assert run.json()["evidence"][0]["transport_error"] == "response too large"


# ---- malformed and usage --------------------------------------------------------------------


def test_a_pasted_bearer_scheme_is_malformed_and_nothing_is_sent(fresh, lambda_fixture):
    key = lambda_fixture["two_instances"]
    run = check(fresh.url, f"Bearer {key}")
    assert run.code == EXIT_USAGE
    v = run.json()
    assert v["status"] == "malformed"
    assert v["summary"] == (
        'lambda_api_key starts with "Bearer ": paste the API key alone, without the Authorization scheme'
    )
    assert v["evidence"] == []
    assert fresh.requests() == []
    assert_secret_free(run, key)


def test_no_key_at_all_is_a_usage_error(fresh):
    run = check(fresh.url, None)
    assert run.code == EXIT_USAGE
    assert run.json()["status"] == "malformed"
    assert fresh.requests() == []


def test_a_key_of_unexpected_shape_is_still_checked(fresh):
    # Lambda might issue keys of another shape: the lint warns, the provider decides.
    key = "unprefixed" + fake_lambda_key()[7:]
    run = check(fresh.url, key, as_json=False)
    assert run.code == EXIT_INVALID  # the emulator does not know it
    assert run.stdout.startswith(
        'lambda: warning: lambda_api_key does not start with "secret_" as Lambda Cloud API keys do'
    )
    assert "INVALID" in run.stdout
    assert_secret_free(run, key)


# ---- lint -----------------------------------------------------------------------------------


def lint(key: str | None, *extra: str) -> Run:
    return run_cli(["lint", "lambda", *extra], key)


def test_lint_accepts_a_dashboard_shaped_key():
    key = fake_lambda_key()
    run = lint(key)
    assert run.code == EXIT_VALID
    assert run.stdout.splitlines() == [
        "lambda: format looks right (no network call was made)",
        "  sources       lambda_api_key from env LAMBDA_API_KEY",
    ]
    assert_secret_free(run, key)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda k: f"Bearer {k}", 'starts with "Bearer ": paste the API key alone, without the Authorization scheme'),
        (lambda k: f" {k}", "has leading or trailing whitespace (pasted along with the value?); remove it"),
        (lambda k: f'"{k}"', "is wrapped in quotes; paste the value without the quotes"),
        (lambda k: k[:20] + " " + k[20:], "contains whitespace at the 21st character"),
    ],
)
def test_lint_errors_on_paste_accidents(make, message):
    key = fake_lambda_key()
    run = lint(None, "--field", f"lambda_api_key={make(key)}", "--json")
    assert run.code == EXIT_USAGE
    out = run.json()
    assert out["ok"] is False
    assert out["issues"] == [{"severity": "error", "field": "lambda_api_key", "message": message}]
    assert_secret_free(run, key)


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "unprefixed_0123456789abcdef.ABCDEFGHIJ",
            'does not start with "secret_" as Lambda Cloud API keys do (Lambda does not document the '
            "format, so the key is checked anyway)",
        ),
        ("secret_short", "has no \".\"; Lambda Cloud API keys have one before their last part (cut short when copied?)"),
        (
            "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
            "looks like a Hugging Face token, not a Lambda Cloud API key (those start with secret_)",
        ),
    ],
)
def test_lint_only_warns_about_the_shape(value, message):
    run = lint(value, "--json")
    assert run.code == EXIT_VALID
    out = run.json()
    assert out["ok"] is True
    assert {"severity": "warning", "field": "lambda_api_key", "message": message} in out["issues"]
    assert all(issue["severity"] == "warning" for issue in out["issues"])
    assert value not in run.stdout


def test_lint_without_a_key_says_it_is_required():
    run = lint(None)
    assert run.code == EXIT_USAGE
    assert "lambda: error: lambda_api_key API key is required" in run.stdout


# ---- the registry ---------------------------------------------------------------------------


def test_providers_lists_lambda_with_both_hosts_and_no_browser_access():
    run = run_cli(["providers", "--json"], None)
    assert run.code == EXIT_VALID
    registry = json.loads(run.stdout)
    [provider] = [p for p in registry["providers"] if p["id"] == "lambda"]
    assert provider["clustrix_type"] == "lambda_cloud"
    assert [f["name"] for f in provider["fields"]] == [
        "lambda_api_key", "lambda_instance_type", "lambda_region"]
    assert provider["fields"][0]["env_vars"] == ["LAMBDA_API_KEY"]
    # The compute fields; lambda_region is not a Clustrix key, so exports leave it out.
    assert [f.get("group") for f in provider["fields"]] == [None, "Compute", "Compute"]
    assert [f.get("clustrix_key", True) for f in provider["fields"]] == [True, True, False]
    # Readiness reads only the api endpoint, with GETs.
    assert [(r["method"], r["action"]) for r in provider["readiness_requests"]] == [
        ("GET", "/api/v1/instance-types"), ("GET", "/api/v1/ssh-keys")]
    [endpoint] = provider["endpoints"]
    assert endpoint["name"] == "api"
    assert endpoint["default_url"] == "https://cloud.lambda.ai"
    assert endpoint["browser_callable"] is False
    assert endpoint["hosts"] == ["cloud.lambda.ai", "cloud.lambdalabs.com"]
    assert {"cloud.lambda.ai", "cloud.lambdalabs.com"} <= set(registry["allowed_hosts"])


# ---- the emulator plays Lambda as the verdicts above assume ---------------------------------


def test_emulator_accepts_the_key_as_basic_user_name(fresh, lambda_fixture):
    key = lambda_fixture["two_instances"]
    basic = base64.b64encode(f"{key}:".encode()).decode()
    response = fresh.request("GET", INSTANCES, headers={"Authorization": f"Basic {basic}"})
    assert response.status == 200
    data = response.json()["data"]
    assert [i["name"] for i in data] == [i["name"] for i in TWO_INSTANCES]
    for field in ("id", "status", "ssh_key_names", "file_system_names", "region", "instance_type", "actions"):
        assert field in data[0]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Token abc"}, {"Authorization": "Basic !!!"}, {"Authorization": "Bearer "}],
)
def test_emulator_refuses_missing_or_foreign_credentials_in_lambdas_shape(fresh, headers):
    response = fresh.request("GET", INSTANCES, headers=headers)
    assert response.status == 401
    assert response.json() == {
        "error": {
            "code": "global/invalid-api-key",
            "message": "API key was invalid, expired, or deleted.",
            "suggestion": "Check your API key or create a new one, then try again.",
        }
    }


def test_emulator_sends_no_cors_headers_at_all(fresh, lambda_fixture):
    origin = {"Origin": "https://notebook.example"}
    key = lambda_fixture["two_instances"]
    answers = [
        fresh.request("GET", INSTANCES, headers={**origin, "Authorization": f"Bearer {key}"}),
        fresh.request("GET", INSTANCES, headers={**origin, "Authorization": "Bearer nope"}),
        fresh.request(
            "OPTIONS",
            INSTANCES,
            headers={**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"},
        ),
    ]
    for response in answers:
        assert not [name for name in response.headers if name.lower().startswith("access-control-")]
    assert answers[2].status == 405


def test_emulator_limiter_allows_one_request_per_second_per_key():
    fixture = make_lambda_fixture(rate_limit=True)
    key = fixture["no_instances"]
    auth = {"Authorization": f"Bearer {key}"}
    with start_emulator(fixture.fixtures) as emulator:
        first = emulator.request("GET", INSTANCES, headers=auth)
        second = emulator.request("GET", INSTANCES, headers=auth)
        time.sleep(1.1)
        third = emulator.request("GET", INSTANCES, headers=auth)
    assert first.status == 200
    assert second.status == 429
    assert second.headers["Retry-After"] == "1"
    assert second.json()["error"]["code"] == "global/too-many-requests"
    assert third.status == 200


def test_emulator_limiter_switched_off_lets_requests_through(fresh, lambda_fixture):
    auth = {"Authorization": f"Bearer {lambda_fixture['no_instances']}"}
    assert [fresh.request("GET", INSTANCES, headers=auth).status for _ in range(3)] == [200, 200, 200]


def test_emulator_rejects_a_malformed_lambda_fixture_without_quoting_the_key():
    key = fake_lambda_key()
    with pytest.raises(RuntimeError) as failure:
        with start_emulator({"lambda": {"keys": [{"key": key, "fault": "no-such-fault"}]}}, start_timeout=5):
            pass
    assert "lambda.keys[0]: unknown fault" in str(failure.value)
    assert key not in str(failure.value)
