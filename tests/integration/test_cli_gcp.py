"""`credprobe check gcp` against the emulator: every verdict with its exit code, each malformed
key file with its message, endpoint pinning, credential discovery, and no secret in any output."""

import json
import time

import pytest

from cli_runner import closed_port_url, run_credprobe
from emulator_harness import start_emulator
from gcp_fixtures import MISSING, READABLE, READABLE_NAME, READABLE_NUMBER, REFUSED, make_gcp_fixture

EXIT_VALID, EXIT_INVALID, EXIT_USAGE, EXIT_INSUFFICIENT, EXIT_COULD_NOT_TELL = 0, 1, 2, 3, 4
KEY = "gcp_service_account_key"


@pytest.fixture(scope="module")
def gcp():
    return make_gcp_fixture()


@pytest.fixture(scope="module")
def emulator(gcp):
    with start_emulator(gcp.fixtures) as running:
        yield running


def endpoints(emulator):
    return ["--endpoint", f"token={emulator.url}", "--endpoint", f"resourcemanager={emulator.url}"]


def check(emulator, path, *extra, env=None):
    return run_credprobe("check", "gcp", "--field", f"{KEY}=@{path}", *endpoints(emulator),
                         "--timeout", "5", *extra, env=env)


def provider_requests(emulator):
    return [(r["method"], r["path"]) for r in emulator.requests()]


def assert_no_secrets(run, gcp, name):
    text = run.everything()
    assert "-----BEGIN PRIVATE KEY-----\n" not in text  # naming the PEM label is fine, its body is not
    assert "ya29." not in text
    for secret in gcp.secrets(name):
        assert secret not in text


def test_valid_key_reads_the_project(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "reader"), "--json")
    assert run.code == EXIT_VALID, run.everything()
    verdict = run.json()
    assert verdict["status"] == "valid"
    assert verdict["provider"] == "gcp"
    assert verdict["identity"] == {
        "service_account": gcp.key_files["reader"]["client_email"],
        "key_id": gcp.key_files["reader"]["private_key_id"],
        "project": READABLE,
        "project_name": READABLE_NAME,
        "project_number": READABLE_NUMBER,
    }
    assert {"scope": f"project {READABLE}", "access": ["resourcemanager.projects.get"]} in verdict["permissions"]
    assert [(e["method"], e["path"], e["http_status"]) for e in verdict["evidence"]] == [
        ("POST", "/token", 200),
        ("GET", f"/v3/projects/{READABLE}", 200),
    ]
    assert_no_secrets(run, gcp, "reader")


def test_human_output_reads_at_a_glance(emulator, gcp, tmp_path):
    path = gcp.write(tmp_path, "reader")
    run = check(emulator, path)
    assert run.code == EXIT_VALID
    email = gcp.key_files["reader"]["client_email"]
    assert run.stdout.splitlines()[0] == (
        f'Google Cloud  VALID  key works for {email}: project {READABLE} ("{READABLE_NAME}") is readable'
    )
    assert f"{KEY} from file {path}" in run.stdout
    assert_no_secrets(run, gcp, "reader")


def test_project_refused_is_insufficient(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "outsider"), "--json")
    assert run.code == EXIT_INSUFFICIENT
    verdict = run.json()
    assert verdict["status"] == "insufficient"
    assert f"project {REFUSED} could not be read (403 PERMISSION_DENIED)" in verdict["summary"]
    assert verdict["evidence"][1]["provider_code"] == "PERMISSION_DENIED"
    assert_no_secrets(run, gcp, "outsider")


def test_missing_project_is_insufficient_as_google_answers_403(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "reader"), "--field", f"gcp_project_id={MISSING}", "--json")
    assert run.code == EXIT_INSUFFICIENT
    verdict = run.json()
    assert verdict["status"] == "insufficient"
    assert f"'//cloudresourcemanager.googleapis.com/projects/{MISSING}' (or it may not exist)" in verdict["summary"]


def test_deleted_key_is_invalid(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "deleted"), "--json")
    assert run.code == EXIT_INVALID
    verdict = run.json()
    assert verdict["status"] == "invalid"
    assert verdict["summary"] == "Google rejected the key's signature (invalid_grant: Invalid JWT Signature.)"
    assert verdict["evidence"][0]["provider_code"] == "invalid_grant"
    assert len(verdict["evidence"]) == 1
    assert_no_secrets(run, gcp, "deleted")


def test_unregistered_key_is_invalid(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "stranger"), "--json")
    assert run.code == EXIT_INVALID
    assert run.json()["summary"] == "Google rejected the key's signature (invalid_grant: Invalid JWT Signature.)"


def test_disabled_account_is_invalid_with_that_reason(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "disabled"), "--json")
    assert run.code == EXIT_INVALID
    verdict = run.json()
    assert verdict["summary"] == "Google refused the service account (invalid_grant: Invalid grant: account not found)"
    assert "is disabled or deleted" in verdict["hint"]
    assert_no_secrets(run, gcp, "disabled")


@pytest.mark.parametrize("skew", [-7200, 7200])
def test_clock_skew_is_indeterminate_with_a_clock_hint(emulator, gcp, tmp_path, skew):
    run = check(emulator, gcp.write(tmp_path, "reader"), "--now", str(int(time.time()) + skew), "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert verdict["summary"].startswith("Google judged the assertion's time out of range (invalid_grant: Invalid JWT: Token must be a short-lived token (60 minutes)")
    assert "Sync the clock (NTP)" in verdict["hint"]


def test_small_clock_skew_is_tolerated(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "reader"), "--now", str(int(time.time()) + 120), "--json")
    assert run.code == EXIT_VALID


def test_rate_limited_keeps_retry_after(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "rate_limit"), "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "rate_limited"
    assert verdict["retry_after_seconds"] == 7


def test_server_error_is_indeterminate(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "server_error"), "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"
    assert run.json()["evidence"][0]["http_status"] == 500


def test_closed_port_is_unreachable(gcp, tmp_path):
    url = closed_port_url()
    run = run_credprobe("check", "gcp", "--field", f"{KEY}=@{gcp.write(tmp_path, 'reader')}",
                        "--endpoint", f"token={url}", "--endpoint", f"resourcemanager={url}", "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "unreachable"


def test_authorized_user_file_is_checked_with_its_refresh_token(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "adc_user"), "--json")
    assert run.code == EXIT_VALID, run.everything()
    verdict = run.json()
    assert verdict["identity"]["oauth_client_id"] == gcp.key_files["adc_user"]["client_id"]
    assert verdict["identity"]["project"] == READABLE
    assert_no_secrets(run, gcp, "adc_user")


def test_revoked_refresh_token_is_invalid(emulator, gcp, tmp_path):
    run = check(emulator, gcp.write(tmp_path, "adc_revoked"), "--json")
    assert run.code == EXIT_INVALID
    assert run.json()["summary"] == "Google refused the refresh token (invalid_grant: Token has been expired or revoked.)"
    assert_no_secrets(run, gcp, "adc_revoked")


# ---- malformed key files: refused offline, nothing sent ----


def _escaped(pem: str) -> str:
    return pem.replace("\n", "\\n")


def _without(body: dict, member: str) -> dict:
    return {k: v for k, v in body.items() if k != member}


MALFORMED = {
    "not_json": (lambda b: json.dumps(b, indent=2).replace('"type": "service_account",', '"type": "service_account",,'),
                 "is not JSON: unexpected ',' at line 2, column 29"),
    "cut_short": (lambda b: json.dumps(b, indent=2)[:400],
                  "is not JSON: unexpected end of input (the text is cut short, or a bracket or quote is not closed) at line 5"),
    "pem_only": (lambda b: b["private_key"], "is a PEM key, not the JSON key file"),
    "wrong_type": (lambda b: json.dumps({**b, "type": "user"}),
                   'has "type" "user"; expected "service_account"'),
    "external_account": (lambda b: json.dumps({"type": "external_account", "audience": "//iam.googleapis.com/x",
                                               "subject_token_type": "urn:ietf:params:oauth:token-type:jwt"}),
                         "is an external_account file (workload identity federation)"),
    "no_client_email": (lambda b: json.dumps(_without(b, "client_email")), 'is missing "client_email"'),
    "no_private_key": (lambda b: json.dumps(_without(b, "private_key")), 'is missing "private_key"'),
    "no_private_key_id": (lambda b: json.dumps(_without(b, "private_key_id")), 'is missing "private_key_id"'),
    "no_project_id": (lambda b: json.dumps(_without(b, "project_id")), 'is missing "project_id"'),
    "truncated_key": (lambda b: json.dumps({**b, "private_key": b["private_key"][:700]}),
                      'has a "private_key" that is not a usable PEM: the PEM is truncated'),
    "escaped_newlines": (lambda b: json.dumps({**b, "private_key": _escaped(b["private_key"])}),
                         'has a "private_key" that is not a usable PEM: the PEM contains literal \\n sequences'),
    "public_key": (lambda b: json.dumps({**b, "private_key": PUBLIC_PEM}),
                   'has a "private_key" that holds a public key (BEGIN PUBLIC KEY), not the private key'),
    "user_email": (lambda b: json.dumps({**b, "client_email": "ada@gmail.com"}),
                   'has a "client_email" "ada@gmail.com" that is not a service-account address'),
}
PUBLIC_PEM = ""


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_key_file_is_refused_offline(emulator, gcp, tmp_path, case):
    global PUBLIC_PEM
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    body = gcp.key_files["reader"]
    PUBLIC_PEM = load_pem_private_key(body["private_key"].encode(), None).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    make, message = MALFORMED[case]
    emulator.clear_requests()
    run = check(emulator, gcp.write(tmp_path, "reader", text=make(body)), "--json")
    assert run.code == EXIT_USAGE, run.everything()
    verdict = run.json()
    assert verdict["status"] == "malformed"
    assert verdict["summary"].startswith(f"{KEY} {message}"), verdict["summary"]
    assert provider_requests(emulator) == []
    assert_no_secrets(run, gcp, "reader")


def test_lint_command_reports_each_missing_member(gcp, tmp_path):
    body = {k: v for k, v in gcp.key_files["reader"].items() if k not in ("client_email", "project_id")}
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(body))
    run = run_credprobe("lint", "gcp", "--field", f"{KEY}=@{path}", "--json")
    assert run.code == EXIT_USAGE
    messages = [i["message"] for i in run.json()["issues"]]
    assert messages == ['is missing "client_email"', 'is missing "project_id"']
    assert_no_secrets(run, gcp, "reader")


# ---- endpoint pinning ----


def test_foreign_token_uri_is_refused_without_sending_anything(emulator, gcp, tmp_path):
    body = {**gcp.key_files["reader"], "token_uri": f"{emulator.url}/token"}
    path = gcp.write(tmp_path, "reader", text=json.dumps(body))
    emulator.clear_requests()
    run = run_credprobe("check", "gcp", "--field", f"{KEY}=@{path}",
                        "--endpoint", f"resourcemanager={emulator.url}", "--json")
    assert run.code == EXIT_USAGE
    verdict = run.json()
    assert verdict["status"] == "malformed"
    assert verdict["summary"] == (
        "the key's token_uri points at 127.0.0.1:%d, which is not Google's token endpoint; a signed "
        "assertion is sent only to Google unless you set the token endpoint yourself" % emulator.port
    )
    assert "--endpoint token=URL" in verdict["hint"]
    assert provider_requests(emulator) == []


def test_foreign_token_uri_is_used_when_the_endpoint_is_set_explicitly(emulator, gcp, tmp_path):
    body = {**gcp.key_files["reader"], "token_uri": "https://collector.example.net/token"}
    run = check(emulator, gcp.write(tmp_path, "reader", text=json.dumps(body)), "--json")
    assert run.code == EXIT_VALID
    warnings = run_credprobe("lint", "gcp", "--field", f"{KEY}=@{tmp_path / 'reader.json'}", "--json").json()
    assert warnings["ok"] is True
    assert warnings["issues"][0]["severity"] == "warning"
    assert "points at collector.example.net" in warnings["issues"][0]["message"]


def test_probe_sends_token_then_project_only(emulator, gcp, tmp_path):
    emulator.clear_requests()
    check(emulator, gcp.write(tmp_path, "reader"))
    assert provider_requests(emulator) == [("POST", "/token"), ("GET", f"/v3/projects/{READABLE}")]


# ---- where the key comes from ----


def test_key_from_google_application_credentials(emulator, gcp, tmp_path):
    path = gcp.write(tmp_path, "reader")
    run = run_credprobe("check", "gcp", *endpoints(emulator),
                        env={"GOOGLE_APPLICATION_CREDENTIALS": str(path)})
    assert run.code == EXIT_VALID, run.everything()
    assert f"{KEY} from file {path} (GOOGLE_APPLICATION_CREDENTIALS)" in run.stdout
    assert_no_secrets(run, gcp, "reader")


def test_key_from_the_gcloud_adc_file_and_project_from_the_environment(emulator, gcp, tmp_path):
    config = tmp_path / "gcloud"
    config.mkdir()
    (config / "application_default_credentials.json").write_text(gcp.text("adc_user"))
    run = run_credprobe("check", "gcp", *endpoints(emulator), "--json",
                        env={"CLOUDSDK_CONFIG": str(config), "GOOGLE_CLOUD_PROJECT": REFUSED})
    assert run.code == EXIT_INSUFFICIENT, run.everything()
    assert f"project {REFUSED} could not be read" in run.json()["summary"]
    assert_no_secrets(run, gcp, "adc_user")


def test_unreadable_google_application_credentials_does_not_fall_back(emulator, gcp, tmp_path):
    config = tmp_path / "gcloud"
    config.mkdir()
    (config / "application_default_credentials.json").write_text(gcp.text("adc_user"))
    run = run_credprobe("check", "gcp", *endpoints(emulator),
                        env={"CLOUDSDK_CONFIG": str(config),
                             "GOOGLE_APPLICATION_CREDENTIALS": str(tmp_path / "nope.json")})
    assert run.code == EXIT_USAGE
    assert "GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read" in run.stderr


def test_key_json_pasted_into_google_application_credentials_is_not_echoed(emulator, gcp, tmp_path):
    # A common mistake: the variable holds the key itself. The read error would quote it.
    run = run_credprobe("check", "gcp", *endpoints(emulator),
                        env={"GOOGLE_APPLICATION_CREDENTIALS": gcp.text("reader")})
    assert run.code == EXIT_USAGE
    assert ("credprobe: note: GOOGLE_APPLICATION_CREDENTIALS holds JSON, not the path of a key "
            "file; save the key to a file and set the variable to that path, or pass "
            "--field gcp_service_account_key=@FILE\n") in run.stderr
    assert_no_secrets(run, gcp, "reader")
    assert "BEGIN PRIVATE KEY" not in run.everything()


# ---- the emulator itself answers as Google does ----


def test_emulator_answers_cors_as_google(emulator):
    origin = "http://localhost:8000"
    pre = emulator.request("OPTIONS", "/token", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status == 200
    assert pre.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    answer = emulator.request("POST", "/token", headers={
        "Origin": origin, "Content-Type": "application/x-www-form-urlencoded"}, body=b"grant_type=nope")
    assert answer.status == 400
    assert answer.headers["Access-Control-Allow-Origin"] == origin
    assert answer.json() == {"error": "unsupported_grant_type", "error_description": "Invalid grant_type: nope"}


def test_emulator_refuses_project_reads_without_a_granted_token(emulator):
    answer = emulator.request("GET", f"/v3/projects/{READABLE}", headers={"Authorization": "Bearer ya29.forged"})
    assert answer.status == 401
    assert answer.json()["error"]["status"] == "UNAUTHENTICATED"
