"""huggingface_hub, Hugging Face's own client, against the emulator.

If the real client accepts what the emulator accepts and rejects what it rejects, in the way it
would against huggingface.co, the emulator speaks the Hub's protocol. huggingface_hub reads
HF_ENDPOINT at import time, so each run happens in a fresh interpreter with the environment set.
"""

import json
import os
import subprocess
import sys

import pytest

from emulator_harness import start_emulator

pytest.importorskip("huggingface_hub")

# Runs in the child: whoami() for each named token, reporting the result or the error.
CHILD = r"""
import json, sys
import huggingface_hub
from huggingface_hub.errors import HfHubHTTPError

results = {}
for name, token in json.load(sys.stdin).items():
    try:
        results[name] = {"ok": huggingface_hub.whoami(token=token)}
    except HfHubHTTPError as error:
        results[name] = {
            "error": type(error).__name__,
            "status": error.response.status_code,
            # whoami() re-wraps the error; the one hf_raise_for_status parsed is its cause.
            "server_message": getattr(error.__cause__, "server_message", None),
            "request_id": error.request_id,
            "message": str(error),
        }
    except Exception as error:  # anything else is a fidelity failure the test reports
        results[name] = {"unexpected": type(error).__name__, "message": str(error)}
json.dump({"endpoint": huggingface_hub.constants.ENDPOINT, "results": results}, sys.stdout)
"""

CHECKED = ["read", "write", "fine_grained", "org_member", "revoked", "rate_limit", "server_error"]


def run_whoami(endpoint: str, tokens: dict, home) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HF_", "HUGGING")) and "proxy" not in key.lower()
    }
    env.update(
        HF_ENDPOINT=endpoint,
        HF_HOME=str(home),  # no stored token, no cache shared with the machine
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_IMPLICIT_TOKEN="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(tokens),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout)


@pytest.fixture
def outcome(hf_fixture, tmp_path):
    with start_emulator(hf_fixture.fixtures) as emulator:
        report = run_whoami(emulator.url, {name: hf_fixture[name] for name in CHECKED}, tmp_path)
        report["log"] = emulator.requests()
    return report


@pytest.mark.parametrize("name", ["read", "write", "fine_grained", "org_member"])
def test_whoami_accepts_valid_tokens(outcome, hf_fixture, name):
    result = outcome["results"][name]
    assert "ok" in result, result
    body = result["ok"]
    expected = hf_fixture.whoami[name]
    assert body["name"] == expected["name"]
    assert body["orgs"] == expected["orgs"]
    assert body["auth"] == expected["auth"]


def test_org_membership_reaches_the_client(outcome):
    orgs = outcome["results"]["org_member"]["ok"]["orgs"]
    assert [(org["name"], org["roleInOrg"]) for org in orgs] == [("credprobe-test-org", "write")]


def test_revoked_token_raises_401(outcome):
    result = outcome["results"]["revoked"]
    assert result.get("error") == "HfHubHTTPError", result
    assert result["status"] == 401
    assert result["message"].startswith("Invalid user token.")
    assert result["server_message"] == "Invalid credentials in Authorization header"
    assert result["request_id"].startswith("Root=1-")


def test_rate_limit_raises_429_with_the_client_s_rate_limit_message(outcome):
    result = outcome["results"]["rate_limit"]
    assert result.get("status") == 429, result
    assert "rate limit for the /whoami-v2 endpoint" in result["message"]


def test_server_error_raises_500(outcome):
    result = outcome["results"]["server_error"]
    assert result.get("error") == "HfHubHTTPError", result
    assert result["status"] == 500


def test_client_used_the_emulator_and_sent_a_bearer_token(outcome):
    assert outcome["endpoint"].startswith("http://127.0.0.1:")
    log = outcome["log"]
    assert log, "huggingface_hub never reached the emulator"
    assert all(entry["path"] == "/api/whoami-v2" for entry in log)
    assert all("Authorization" in [name.title() for name in entry["header_names"]] for entry in log)
    assert len(log) == len(CHECKED)  # one request each: no retries, no extra endpoints
