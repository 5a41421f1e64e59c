"""The built credprobe CLI against the emulator's Entra ID and Resource Manager: every verdict
with its exit code, message, identity and subscriptions, and the secret in no output at all.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from azure_fixtures import AzureFixture, make_azure_fixture
from emulator_harness import Emulator, start_emulator

OPENID = "/{tenant}/v2.0/.well-known/openid-configuration"
TOKEN = "/{tenant}/oauth2/v2.0/token"


def credprobe_binary() -> str:
    value = os.environ.get("CREDPROBE_BIN")
    if not value:
        pytest.skip("CREDPROBE_BIN is not set")
    path = Path(value)
    if not path.is_absolute() and os.environ.get("CREDPROBE_SOURCE_DIR"):
        path = Path(os.environ["CREDPROBE_SOURCE_DIR"]) / path
    return str(path)


@pytest.fixture(scope="module")
def azure() -> AzureFixture:
    return make_azure_fixture()


@pytest.fixture(scope="module")
def emulator(azure) -> Emulator:
    with start_emulator(azure.fixtures) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(emulator):
    emulator.clear_faults()
    emulator.clear_requests()


class Run:
    def __init__(self, completed: subprocess.CompletedProcess, secrets: list[str]):
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        for secret in secrets:
            assert secret not in self.stdout, "a secret reached stdout"
            assert secret not in self.stderr, "a secret reached stderr"

    @property
    def verdict(self) -> dict:
        return json.loads(self.stdout)

    def fact(self, key: str) -> str | None:
        return self.verdict["identity"].get(key)


def run_cli(
    azure: AzureFixture,
    emulator: Emulator,
    fields: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    json_output: bool = True,
    extra: list[str] | None = None,
    timeout: str = "10",
) -> Run:
    args = [
        credprobe_binary(),
        "check",
        "azure",
        "--endpoint",
        f"login={emulator.url}",
        "--endpoint",
        f"management={emulator.url}",
        "--timeout",
        timeout,
    ]
    if json_output:
        args.append("--json")
    for name, value in (fields or {}).items():
        args += ["--field", f"{name}={value}"]
    args += extra or []
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AZURE_") and "proxy" not in key.lower()
    }
    clean["NO_PROXY"] = "127.0.0.1,localhost"
    clean.update(env or {})
    completed = subprocess.run(args, capture_output=True, text=True, env=clean, timeout=60)
    return Run(completed, azure.secrets())


def requested_paths(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests()]


# ---- valid ----------------------------------------------------------------------------------


def test_valid_principal_names_app_tenant_and_both_subscriptions(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid"))
    assert run.code == 0, run.stderr
    v = run.verdict
    assert v["status"] == "valid"
    client = azure.credentials["valid"]["client_id"]
    assert v["summary"] == (
        f'the secret works for app "credprobe-valid" ({client}) in tenant {azure.tenant}; '
        "it sees 2 subscriptions"
    )
    assert run.fact("app") == "credprobe-valid"
    assert run.fact("app_id") == client
    assert run.fact("tenant") == azure.tenant
    assert run.fact("object_id") == azure.object_ids["valid"]
    assert run.fact("cloud") == "public"
    prod, research = azure.subscriptions["production"], azure.subscriptions["research"]
    assert v["permissions"] == [
        {"scope": f"subscription {prod['id']} (Production)", "access": ["Enabled"]},
        {"scope": f"subscription {research['id']} (Research)", "access": ["Warned"]},
    ]
    assert [(e["method"], e["path"], e["http_status"]) for e in v["evidence"]] == [
        ("GET", OPENID.format(tenant=azure.tenant), 200),
        ("POST", TOKEN.format(tenant=azure.tenant), 200),
        ("GET", "/subscriptions", 200),
    ]


def test_valid_principal_reaching_the_given_subscription(azure, emulator):
    prod = azure.subscriptions["production"]["id"]
    run = run_cli(azure, emulator, azure.fields("valid", azure_subscription_id=prod))
    assert run.code == 0
    assert run.verdict["summary"].endswith(f"reaches subscription {prod} (Production)")


def test_tenant_given_as_its_domain(azure, emulator):
    fields = azure.fields("valid", azure_tenant_id=azure.tenant_domain)
    run = run_cli(azure, emulator, fields)
    assert run.code == 0
    assert run.fact("tenant") == azure.tenant
    assert requested_paths(emulator)[0] == f"GET {OPENID.format(tenant=azure.tenant_domain)}"


def test_principal_without_subscriptions_is_valid_with_a_hint(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("no_subscriptions"))
    assert run.code == 0
    assert run.verdict["summary"].endswith("it sees 0 subscriptions")
    assert run.verdict["permissions"] == []
    assert run.verdict["hint"].startswith("The service principal has no role on any subscription.")


def test_text_output_shows_identity_and_subscriptions(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid"), json_output=False)
    assert run.code == 0
    assert "credprobe-valid" in run.stdout
    assert azure.subscriptions["production"]["id"] in run.stdout
    assert "Research" in run.stdout


# ---- insufficient ---------------------------------------------------------------------------


def test_subscription_not_visible_is_insufficient_naming_it(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid", azure_subscription_id=azure.hidden_subscription))
    assert run.code == 3
    v = run.verdict
    assert v["status"] == "insufficient"
    assert f"subscription {azure.hidden_subscription} is not among the 2 subscriptions it can see" in v["summary"]
    assert azure.hidden_subscription in v["hint"]
    assert run.fact("app") == "credprobe-valid"


# ---- invalid and expired --------------------------------------------------------------------


def test_wrong_secret_is_invalid(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("wrong_secret"))
    assert run.code == 1
    v = run.verdict
    assert v["status"] == "invalid"
    client = azure.credentials["wrong_secret"]["client_id"]
    assert v["summary"] == f"Entra ID rejected the client secret for app {client} (AADSTS7000215)"
    assert v["evidence"][-1]["http_status"] == 401
    assert v["evidence"][-1]["provider_code"] == "AADSTS7000215"
    assert v["identity"] == {}


def test_expired_secret_is_expired(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("expired"))
    assert run.code == 1
    v = run.verdict
    assert v["status"] == "expired"
    client = azure.credentials["expired"]["client_id"]
    assert v["summary"] == f"the client secret of app {client} has expired (AADSTS7000222)"
    assert v["evidence"][-1]["provider_code"] == "AADSTS7000222"


def test_unknown_client_is_invalid(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("unknown_client"))
    assert run.code == 1
    v = run.verdict
    client = azure.credentials["unknown_client"]["client_id"]
    assert v["status"] == "invalid"
    assert v["summary"] == f"no application with client ID {client} in tenant {azure.tenant} (AADSTS700016)"
    assert v["evidence"][-1]["http_status"] == 400


def test_unknown_tenant_is_invalid_before_the_secret_is_sent(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("unknown_tenant"))
    assert run.code == 1
    v = run.verdict
    assert v["status"] == "invalid"
    assert v["summary"] == f"tenant {azure.unknown_tenant} was not found in the Azure public cloud (AADSTS90002)"
    assert requested_paths(emulator) == [f"GET {OPENID.format(tenant=azure.unknown_tenant)}"]


# ---- could not tell -------------------------------------------------------------------------


def test_conditional_access_block_is_indeterminate(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("conditional_access"))
    assert run.code == 4
    v = run.verdict
    assert v["status"] == "indeterminate"
    assert v["summary"] == (
        "a Conditional Access policy blocked the sign-in (AADSTS53003); the secret may well be valid"
    )
    assert v["evidence"][-1]["provider_code"] == "AADSTS53003"


def test_token_endpoint_server_error_is_indeterminate(azure, emulator):
    emulator.arm_fault(TOKEN.format(tenant=azure.tenant), "unavailable")
    run = run_cli(azure, emulator, azure.fields("valid"))
    assert run.code == 4
    assert run.verdict["status"] == "indeterminate"
    assert run.verdict["evidence"][-1]["http_status"] == 503


def test_token_endpoint_rate_limit_keeps_retry_after(azure, emulator):
    emulator.arm_fault(TOKEN.format(tenant=azure.tenant), "rate_limit", retry_after=11)
    run = run_cli(azure, emulator, azure.fields("valid"))
    assert run.code == 4
    assert run.verdict["status"] == "rate_limited"
    assert run.verdict["retry_after_seconds"] == 11


def test_subscriptions_outage_leaves_a_given_subscription_unknown(azure, emulator):
    emulator.arm_fault("/subscriptions", "server_error")
    prod = azure.subscriptions["production"]["id"]
    run = run_cli(azure, emulator, azure.fields("valid", azure_subscription_id=prod))
    # The granted token proves the secret: the failed read is unknown in the permissions (the
    # same answer as GCP's; this was indeterminate before the honesty rule was written once).
    assert run.code == 0
    v = run.verdict
    assert v["status"] == "valid"
    assert "Resource Manager answered 500 (InternalServerError" in v["summary"]
    assert {"scope": f"subscription {prod}", "access": ["unknown"]} in v["permissions"]
    assert run.fact("app") == "credprobe-valid"


def test_subscriptions_outage_still_proves_the_secret(azure, emulator):
    emulator.arm_fault("/subscriptions", "unavailable")
    run = run_cli(azure, emulator, azure.fields("valid"))
    assert run.code == 0
    assert "its subscriptions could not be listed: Resource Manager answered 503" in run.verdict["summary"]


def test_unreachable_login_endpoint(azure, emulator):
    dead = Emulator(url="http://127.0.0.1:9", port=9, process=emulator.process)
    run = run_cli(azure, dead, azure.fields("valid"), timeout="3")
    assert run.code == 4
    assert run.verdict["status"] == "unreachable"
    assert run.verdict["evidence"][0]["http_status"] == 0


# ---- malformed ------------------------------------------------------------------------------


def test_secret_id_instead_of_value_is_malformed_and_nothing_is_sent(azure, emulator):
    fields = azure.fields("valid", azure_client_secret="0f6ec1d2-5a34-4b6c-9d8e-7f1a2b3c4d5e")
    run = run_cli(azure, emulator, fields)
    assert run.code == 2
    assert run.verdict["status"] == "malformed"
    assert run.verdict["summary"].startswith("azure_client_secret is shaped like a GUID")
    assert emulator.requests() == []


def test_quoted_tenant_is_malformed(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid", azure_tenant_id=f'"{azure.tenant}"'))
    assert run.code == 2
    assert "wrapped in quotes" in run.verdict["summary"]


def test_unknown_cloud_is_malformed(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid", azure_cloud="AzureUSGovernment"))
    assert run.code == 2
    assert run.verdict["summary"] == 'azure_cloud is "AzureUSGovernment"; credprobe calls that cloud "usgovernment"'


# ---- sources and clouds ---------------------------------------------------------------------


def test_environment_variables_of_azure_identity_are_read(azure, emulator):
    c = azure.credentials["valid"]
    env = {
        "AZURE_TENANT_ID": c["tenant"],
        "AZURE_CLIENT_ID": c["client_id"],
        "AZURE_CLIENT_SECRET": c["secret"],
        "AZURE_SUBSCRIPTION_ID": azure.subscriptions["research"]["id"],
    }
    run = run_cli(azure, emulator, env=env, json_output=False)
    assert run.code == 0, run.stdout + run.stderr
    assert "env AZURE_CLIENT_SECRET" in run.stdout
    assert "env AZURE_SUBSCRIPTION_ID" in run.stdout


def test_authority_host_selects_its_cloud(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid"), env={"AZURE_AUTHORITY_HOST": "https://login.microsoftonline.us"})
    assert run.code == 0
    assert run.fact("cloud") == "usgovernment"


def test_unknown_authority_host_is_not_used(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid"), env={"AZURE_AUTHORITY_HOST": "login.example.com"})
    assert run.code == 0
    assert run.fact("cloud") == "public"
    assert "AZURE_AUTHORITY_HOST names a login host that is not one of Azure's clouds" in run.stderr


def test_cloud_field_selects_china(azure, emulator):
    run = run_cli(azure, emulator, azure.fields("valid", azure_cloud="china"))
    assert run.code == 0
    assert run.fact("cloud") == "china"


def test_secret_never_appears_in_any_output(azure, emulator):
    # Run() asserts this for every run; here every verdict class at once, text and JSON.
    for name in ("valid", "wrong_secret", "expired", "unknown_client", "unknown_tenant", "conditional_access"):
        for json_output in (True, False):
            run = run_cli(azure, emulator, azure.fields(name), json_output=json_output)
            for secret in azure.secrets():
                assert secret not in run.stdout + run.stderr


# ---- the emulator's Entra behaviours this provider depends on -------------------------------


def form(fields: dict[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def test_emulator_refuses_cross_origin_redemption_without_cors_headers(azure, emulator):
    c = azure.credentials["valid"]
    response = emulator.request(
        "POST",
        TOKEN.format(tenant=azure.tenant),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost:8888"},
        body=form({"client_id": c["client_id"], "client_secret": c["secret"], "grant_type": "client_credentials",
                   "scope": "https://management.azure.com/.default"}),
    )
    assert response.status == 400
    assert "Access-Control-Allow-Origin" not in response.headers
    body = response.json()
    assert body["error"] == "invalid_request"
    assert body["error_codes"] == [9002326]
    assert body["error_description"].startswith(
        "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' "
        "client-type. Request origin: 'http://localhost:8888'."
    )


def test_emulator_errors_have_entras_shape(azure, emulator):
    response = emulator.request("GET", OPENID.format(tenant=azure.unknown_tenant))
    assert response.status == 400
    body = response.json()
    assert set(body) == {"error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"}
    assert body["error"] == "invalid_tenant"
    assert body["error_description"].startswith(f"AADSTS90002: Tenant '{azure.unknown_tenant}' not found.")
    assert f"\r\nTrace ID: {body['trace_id']}\r\nCorrelation ID: {body['correlation_id']}" in body["error_description"]
    assert body["error_uri"] == "https://login.microsoftonline.com/error?code=90002"


def test_emulator_openid_configuration_is_public_to_browsers(azure, emulator):
    response = emulator.request("GET", OPENID.format(tenant=azure.tenant), headers={"Origin": "http://localhost:8888"})
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["issuer"] == f"{emulator.url}/{azure.tenant}/v2.0"
    assert body["token_endpoint"] == f"{emulator.url}/{azure.tenant}/oauth2/v2.0/token"
