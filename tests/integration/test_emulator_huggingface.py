"""The emulator itself, over raw HTTP: each Hugging Face fixture and each fault does what it says.

Other tests trust the emulator to behave like huggingface.co; these tests are what that trust
rests on (tests/conformance checks the same against huggingface_hub itself).
"""

import http.client
import json
import socket
import subprocess
import time

import pytest

from emulator_harness import FAULTS, Emulator, emulator_binary, start_emulator

WHOAMI = "/api/whoami-v2"
HF_EXPOSED = (
    "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,"
    "Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash"
)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# ---- valid tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["read", "write", "fine_grained", "org_member"])
def test_known_token_gets_its_fixture_body(hf_emulator: Emulator, hf_fixture, name):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture[name]))
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    expected = hf_fixture.whoami[name]
    assert body == expected  # the fixture spelled out every field, so nothing was added
    assert body["auth"]["type"] == "access_token"


def test_fine_grained_body_keeps_scoped_permissions(hf_emulator, hf_fixture):
    body = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["fine_grained"])).json()
    token = body["auth"]["accessToken"]
    assert token["role"] == "fineGrained"
    scoped = token["fineGrained"]["scoped"]
    assert {entry["entity"]["type"] for entry in scoped} == {"user", "org"}
    assert "repo.write" in scoped[0]["permissions"]


def test_org_member_body_lists_org_and_role(hf_emulator, hf_fixture):
    body = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["org_member"])).json()
    assert [(org["name"], org["roleInOrg"]) for org in body["orgs"]] == [("credprobe-test-org", "write")]


def test_older_whoami_endpoint_answers_the_same(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", "/api/whoami", headers=bearer(hf_fixture["write"]))
    assert response.status == 200
    assert response.json()["name"] == "grace-writer"


def test_defaults_fill_only_what_the_fixture_leaves_out(fresh_token):
    fixtures = {
        "huggingface": {
            "tokens": [
                {"token": fresh_token, "whoami": {"name": "minimal", "auth": {"accessToken": {"role": "fineGrained"}}}}
            ]
        }
    }
    with start_emulator(fixtures) as emulator:
        body = emulator.request("GET", WHOAMI, headers=bearer(fresh_token)).json()
    assert body["name"] == "minimal"
    for key in ("type", "id", "fullname", "email", "emailVerified", "isPro", "orgs", "avatarUrl"):
        assert key in body
    token = body["auth"]["accessToken"]
    assert body["auth"]["type"] == "access_token"
    assert token["role"] == "fineGrained"
    assert set(token["fineGrained"]) == {"canReadGatedRepos", "global", "scoped"}
    assert {"displayName", "createdAt"} <= set(token)


@pytest.fixture
def fresh_token():
    from emulator_harness import fake_hf_token

    return fake_hf_token()


# ---- refusals -------------------------------------------------------------------------------


def assert_hub_401(response, message):
    assert response.status == 401
    assert response.json() == {"error": message}
    assert response.headers["X-Error-Message"] == message
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")


def test_revoked_token_is_refused(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["revoked"]))
    assert_hub_401(response, "Invalid credentials in Authorization header")


def test_unknown_token_is_refused(hf_emulator, fresh_token):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(fresh_token))
    assert_hub_401(response, "Invalid credentials in Authorization header")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}])
def test_missing_bearer_token_is_refused(hf_emulator, headers):
    response = hf_emulator.request("GET", WHOAMI, headers=headers)
    assert_hub_401(response, "Invalid username or password.")


def test_models_is_public(hf_emulator):
    response = hf_emulator.request("GET", "/api/models")
    assert response.status == 200
    assert isinstance(response.json(), list)


def test_models_still_refuses_a_bad_token(hf_emulator, hf_fixture):
    # Like huggingface.co: a public endpoint answers 200 for anyone, yet rejects a bad token.
    assert hf_emulator.request("GET", "/api/models", headers=bearer(hf_fixture["read"])).status == 200
    assert hf_emulator.request("GET", "/api/models", headers=bearer(hf_fixture["revoked"])).status == 401


# ---- CORS -----------------------------------------------------------------------------------


def test_preflight_reflects_origin_method_and_headers(hf_emulator):
    response = hf_emulator.request(
        "OPTIONS",
        WHOAMI,
        headers={
            "Origin": "http://localhost:8888",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:8888"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    assert "Origin" in response.headers["Vary"]
    assert response.body == b""


def test_actual_response_reflects_origin_and_exposes_hub_headers(hf_emulator, hf_fixture):
    headers = {**bearer(hf_fixture["read"]), "Origin": "https://notebook.example"}
    response = hf_emulator.request("GET", WHOAMI, headers=headers)
    assert response.headers["Access-Control-Allow-Origin"] == "https://notebook.example"
    assert response.headers["Vary"] == "Origin"
    assert response.headers["Access-Control-Expose-Headers"] == HF_EXPOSED
    assert response.headers["X-Request-Id"].startswith("Root=1-")


def test_error_responses_carry_cors_too(hf_emulator, hf_fixture):
    headers = {**bearer(hf_fixture["revoked"]), "Origin": "https://notebook.example"}
    response = hf_emulator.request("GET", WHOAMI, headers=headers)
    assert response.status == 401
    assert response.headers["Access-Control-Allow-Origin"] == "https://notebook.example"


# ---- faults named by fixture tokens ----------------------------------------------------------


def test_latency_delays_then_answers(hf_emulator, hf_fixture):
    started = time.monotonic()
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["latency"]))
    assert time.monotonic() - started >= 1.4
    assert response.status == 200
    assert response.json()["name"] == "ada-reader"


def test_rate_limit_is_429_with_retry_after(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["rate_limit"]))
    assert response.status == 429
    assert response.headers["Retry-After"] == "7"
    assert response.headers["RateLimit"] == '"api";r=0;t=7'
    assert "rate limit" in response.json()["error"]


def test_server_error_is_500(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["server_error"]))
    assert response.status == 500
    assert "error" in response.json()


def test_unavailable_is_503_html(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["unavailable"]))
    assert response.status == 503
    assert response.headers["Content-Type"].startswith("text/html")


def test_reset_cuts_the_body_short(hf_emulator, hf_fixture):
    conn = http.client.HTTPConnection("127.0.0.1", hf_emulator.port, timeout=10)
    try:
        conn.request("GET", WHOAMI, headers=bearer(hf_fixture["reset"]))
        response = conn.getresponse()
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead):
            response.read()
    finally:
        conn.close()


def test_malformed_json_is_not_json(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["malformed_json"]))
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.body.startswith(b"{")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_unexpected_body_is_html_with_200(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["unexpected_body"]))
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"<html" in response.body


def test_oversized_is_about_12_mib(hf_emulator, hf_fixture):
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["oversized"]), timeout=30)
    assert response.status == 200
    assert 11 << 20 < len(response.body) <= 13 << 20
    assert response.json()["name"] == "ada-reader"  # still valid JSON: only a size cap catches it


def test_hang_never_answers_and_does_not_block_others(hf_emulator, hf_fixture):
    conn = http.client.HTTPConnection("127.0.0.1", hf_emulator.port, timeout=1.0)
    try:
        conn.request("GET", WHOAMI, headers=bearer(hf_fixture["hang"]))
        with pytest.raises((socket.timeout, TimeoutError)):
            conn.getresponse()
        # Meanwhile the emulator keeps answering everyone else.
        assert hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["read"]), timeout=5).status == 200
    finally:
        conn.close()


def test_emulator_stops_promptly_while_a_request_hangs(hf_fixture):
    with start_emulator(hf_fixture.fixtures) as emulator:
        conn = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=10)
        conn.request("GET", WHOAMI, headers=bearer(hf_fixture["hang"]))
        time.sleep(0.3)
        started = time.monotonic()
        emulator.process.terminate()
        emulator.process.wait(timeout=5)
        assert time.monotonic() - started < 2
        assert emulator.process.returncode == 0
        # The hung client learns nothing: the connection ends without a status line.
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            conn.getresponse()
        conn.close()


# ---- faults armed through the control endpoint ------------------------------------------------


def test_armed_fault_hits_exactly_count_requests(hf_emulator, hf_fixture):
    hf_emulator.arm_fault(WHOAMI, "server_error", count=2)
    statuses = [
        hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["read"])).status for _ in range(3)
    ]
    assert statuses == [500, 500, 200]


def test_armed_fault_applies_only_to_its_path(hf_emulator, hf_fixture):
    hf_emulator.arm_fault(WHOAMI, "unavailable")
    assert hf_emulator.request("GET", "/api/whoami", headers=bearer(hf_fixture["read"])).status == 200
    assert hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["read"])).status == 503


def test_armed_fault_wins_over_the_token_and_takes_parameters(hf_emulator, hf_fixture):
    hf_emulator.arm_fault(WHOAMI, "rate_limit", retry_after=3)
    response = hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["revoked"]))
    assert response.status == 429
    assert response.headers["Retry-After"] == "3"


def test_clearing_faults_disarms_them(hf_emulator, hf_fixture):
    hf_emulator.arm_fault(WHOAMI, "server_error", count=5)
    hf_emulator.clear_faults()
    assert hf_emulator.request("GET", WHOAMI, headers=bearer(hf_fixture["read"])).status == 200


@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_name_can_be_armed(hf_emulator, fault):
    assert hf_emulator.arm_fault("/nowhere", fault)["armed"]["fault"] == fault


def test_unknown_fault_is_refused(hf_emulator):
    response = hf_emulator.request(
        "POST", "/_emulator/faults", body=json.dumps({"path": WHOAMI, "fault": "meteor"}).encode()
    )
    assert response.status == 400


# ---- the request log --------------------------------------------------------------------------


def test_request_log_has_names_but_never_token_values(hf_emulator, hf_fixture):
    for name in ("read", "revoked", "rate_limit"):
        hf_emulator.request("GET", WHOAMI + "?expand=1", headers=bearer(hf_fixture[name]))
    log = hf_emulator.requests()
    assert [(entry["method"], entry["path"]) for entry in log] == [("GET", WHOAMI)] * 3
    assert "Authorization" in log[0]["header_names"]
    assert log[0]["query_names"] == ["expand"]
    text = json.dumps(log)
    for token in hf_fixture.values():
        assert token not in text
        assert token[3:] not in text
    hf_emulator.clear_requests()
    assert hf_emulator.requests() == []


def test_emulator_output_never_shows_a_token(hf_fixture):
    with start_emulator(hf_fixture.fixtures) as emulator:
        for name in ("read", "revoked", "server_error"):
            emulator.request("GET", WHOAMI, headers=bearer(hf_fixture[name]))
        process = emulator.process
        process.terminate()
        process.wait(timeout=5)
        time.sleep(0.1)  # let the drain threads collect the last lines
        printed = "\n".join(emulator.banner + emulator.errors)
    assert printed.startswith("credprobe-emulator listening on http://127.0.0.1:")
    assert "huggingface: GET /api/whoami-v2 (" in printed
    for token in hf_fixture.values():
        assert token not in printed


# ---- start-up refusals ------------------------------------------------------------------------


def run_emulator(tmp_path, fixtures_text: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "fixtures.json"
    path.write_text(fixtures_text)
    return subprocess.run(
        [str(emulator_binary()), "--port", "0", "--fixtures", str(path), "--idle-exit", "5", *extra],
        capture_output=True,
        text=True,
        timeout=20,
    )


def test_non_loopback_host_is_refused(tmp_path):
    result = run_emulator(tmp_path, "{}", "--host", "0.0.0.0")
    assert result.returncode == 2
    assert "loopback" in result.stderr


def test_bad_fixtures_are_refused_without_echoing_tokens(tmp_path, fresh_token):
    unknown_fault = json.dumps({"huggingface": {"tokens": [{"token": fresh_token, "fault": "meteor"}]}})
    broken_json = '{"huggingface": {"tokens": [{"token": "' + fresh_token + '" oops'
    for text in (unknown_fault, broken_json):
        result = run_emulator(tmp_path, text)
        assert result.returncode == 2
        assert fresh_token not in result.stdout + result.stderr
        assert fresh_token[3:12] not in result.stdout + result.stderr


def test_idle_exit_stops_the_emulator(tmp_path):
    started = time.monotonic()
    result = run_emulator(tmp_path, "{}", "--idle-exit", "1")
    assert result.returncode == 0
    assert time.monotonic() - started < 5
    assert result.stdout.startswith("credprobe-emulator listening on http://127.0.0.1:")
