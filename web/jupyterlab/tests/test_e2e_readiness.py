"""Readiness in the JupyterLab panel, end to end: the same cases as the CLI
(tests/integration/test_cli_aws_readiness.py, test_cli_lambda_readiness.py) and the page
(tests/browser/readiness.test.mjs, readiness_lambda.test.mjs),
in the wheel installed into a fresh venv, one `jupyter lab` on loopback and Chromium driven by
ui-tests/readiness.mjs. JupyterLab starts once; every case runs in that one session.

The cases are the table CASES below, one row per case: the provider, the fixture builder
(emulator JSON and keys), the fields the panel is filled with, and what the card must show:
`ready`, every requirement's state, and text fragments per requirement. readiness.mjs knows no
provider: it fills the fields by name, presses the provider's Validate button, waits for the
final card and reports its readiness checklist; this module asserts.

Adding another provider's rows (GCP, Azure, Lambda Cloud, Hugging Face, ...):
1. Write a fixture builder that returns an object with `.fixtures`, the emulator's JSON for
   that provider (a top-level key of its own: the builders' fixtures are merged into one
   emulator), and whatever the fields need (keys, tokens). One builder per provider: it is
   called once and its result is shared by all of that provider's rows.
2. Add rows to CASES with `provider` (the registry id), `fixture` (the builder), `fields`
   (fixture -> {field name: value}; every field the case needs, credential and compute),
   `ready`, `states` (every requirement id -> met/unmet/unknown: the whole checklist, exactly),
   `text` (requirement id -> fragments its item must contain; "{emulator}" stands for the
   emulator's host:port, "" as the id for the readiness section as a whole) and `via_relay`
   (whether the card must say that some of its requests went through the server relay).
3. If some of the provider's readiness endpoints refuse browsers (registry `browser_callable`
   false), add to RELAYED a predicate that picks, from the emulator's request log (method,
   path, header names), the requests the Jupyter server relay must have forwarded: the test
   asserts there is at least one, none carries a browser's headers, and every other request
   to the emulator came straight from the browser (it carries an Origin).
Endpoints need nothing: every endpoint of each provider in the table is pointed at the
emulator through the extension's settings overrides, from the registry (`credprobe providers
--json`); the secrets checked for leaks are the values of the fields the registry marks
secret, plus the Jupyter token.

Needs: CREDPROBE_EMULATOR_BIN, CREDPROBE_BIN, the wheel (scripts/build-jupyterlab.sh),
/usr/bin/chromium, and PyPI for the venv's dependencies. Screenshots (one per case) go to
CREDPROBE_ARTIFACTS."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from aws_readiness_fixtures import (
    G_QUOTA,
    GPU_TYPE,
    NOT_IN_OTHER_REGION,
    OTHER_REGION,
    READY_REGION,
    make_readiness_fixture,
)
from emulator_harness import start_emulator
from lab_session import browser_headers, drive, start_lab
from lambda_readiness_fixtures import OTHER_REGION as LAMBDA_OTHER_REGION
from lambda_readiness_fixtures import REGION as LAMBDA_REGION
from lambda_readiness_fixtures import SOLD_OUT as LAMBDA_SOLD_OUT
from lambda_readiness_fixtures import TYPE as LAMBDA_TYPE
from lambda_readiness_fixtures import make_readiness_fixture as make_lambda_readiness_fixture


@dataclass(frozen=True)
class Case:
    name: str
    provider: str  # registry id
    fixture: Callable[[], Any]  # builds `.fixtures` (emulator JSON) and what `fields` reads
    fields: Callable[[Any], dict[str, str]]  # the panel's inputs, by field name
    ready: str  # yes / no / unknown
    states: dict[str, str]  # requirement id -> met / unmet / unknown, the whole checklist
    text: dict[str, list[str]] = field(default_factory=dict)  # requirement id ("" = section) -> fragments
    via_relay: bool = False  # the card says some of its requests went through the server relay


# ---- AWS (issue 15): the CLI's acceptance cases, with aws_readiness_fixtures' keys.
def aws(key: str, instance_type: str = GPU_TYPE, region: str = READY_REGION) -> Callable[[Any], dict[str, str]]:
    def fields(fixture) -> dict[str, str]:
        return {
            "aws_access_key_id": fixture[key].access_key_id,
            "aws_secret_access_key": fixture[key].secret_access_key,
            "aws_region": region,
            "aws_instance_type": instance_type,
        }
    return fields


AWS_IDS = ("instance_type_offered", "vcpu_quota", "launch_permission")
QUOTA_PAGE = f"https://console.aws.amazon.com/servicequotas/home/services/ec2/quotas/{G_QUOTA}?region={READY_REGION}"
AWS = {"provider": "aws", "fixture": make_readiness_fixture}

CASES = [
    Case("aws ready", **AWS, fields=aws("ready"), ready="yes", via_relay=True,
         states={i: "met" for i in AWS_IDS},
         text={"": ["Ready to launch"],
               "instance_type_offered": [f"{GPU_TYPE} is offered in {READY_REGION}"],
               # Service Quotas refuses browsers: its request went through the relay; the dry
               # run went straight to EC2.
               "vcpu_quota": ["quota 64 vCPUs; g5.xlarge needs 4 (Running On-Demand G and VT instances, "
                              f"{G_QUOTA} in {READY_REGION})", "Current usage is not in Service Quotas",
                              "POST {emulator}/ → 200 (relay)"],
               "launch_permission": ["answered DryRunOperation: the launch would be allowed",
                                     "POST {emulator}/ → 412 DryRunOperation"]}),
    Case("aws quota zero", **AWS, fields=aws("quota_zero"), ready="no", via_relay=True,
         states={"instance_type_offered": "met", "vcpu_quota": "unmet", "launch_permission": "met"},
         text={"": ["Not ready"],
               "vcpu_quota": ["quota 0 vCPUs; g5.xlarge needs 4",
                              'Request an increase of "Running On-Demand G and VT instances" to at least 4 vCPUs',
                              QUOTA_PAGE]}),
    Case("aws run instances denied", **AWS, fields=aws("no_launch"), ready="no", via_relay=True,
         states={"instance_type_offered": "met", "vcpu_quota": "met", "launch_permission": "unmet"},
         text={"": ["Not ready"],
               "launch_permission": ["UnauthorizedOperation: ec2:RunInstances is not allowed",
                                     "Allow ec2:RunInstances for this key",
                                     "POST {emulator}/ → 403 UnauthorizedOperation"]}),
    Case("aws quota read denied", **AWS, fields=aws("quota_denied"), ready="unknown", via_relay=True,
         states={"instance_type_offered": "met", "vcpu_quota": "unknown", "launch_permission": "met"},
         text={"": ["Readiness unknown"],
               "vcpu_quota": ["the key may not call servicequotas:GetServiceQuota (AccessDeniedException), "
                              "so credprobe cannot tell",
                              "Allow servicequotas:GetServiceQuota for this key so credprobe can tell."]}),
    # Not offered: the quota and the dry run are not asked (unknown, saying why), so nothing
    # went through the relay.
    Case("aws type not offered", **AWS, fields=aws("ready", NOT_IN_OTHER_REGION, OTHER_REGION), ready="no",
         states={"instance_type_offered": "unmet", "vcpu_quota": "unknown", "launch_permission": "unknown"},
         text={"": ["Not ready"],
               "instance_type_offered": [f"{NOT_IN_OTHER_REGION} is not offered in {OTHER_REGION}",
                                         f"Choose a region that offers {NOT_IN_OTHER_REGION}"],
               "vcpu_quota": [f"not checked: {NOT_IN_OTHER_REGION} is not offered in {OTHER_REGION}"],
               "launch_permission": [f"not checked: {NOT_IN_OTHER_REGION} is not offered in {OTHER_REGION}"]}),
]


# ---- Lambda Cloud (issue 17): the CLI's cases (tests/integration/test_cli_lambda_readiness.py),
# with lambda_readiness_fixtures' keys, one per case (the emulator runs Lambda's one request per
# second per key, so a check that did not pace its requests would end unknown).
def lambda_cloud(key: str, instance_type: str = LAMBDA_TYPE, region: str = LAMBDA_REGION) -> Callable[[Any], dict[str, str]]:
    def fields(fixture) -> dict[str, str]:
        return {"lambda_api_key": fixture[key], "lambda_instance_type": instance_type, "lambda_region": region}
    return fields


LAMBDA = {"provider": "lambda", "fixture": make_lambda_readiness_fixture}

CASES += [
    Case("lambda ready", **LAMBDA, fields=lambda_cloud("ready"), ready="yes", via_relay=True,
         states={"instance_type_exists": "met", "capacity": "met", "ssh_key": "met"},
         text={"": ["Ready to launch"],
               "capacity": [f"{LAMBDA_TYPE} has capacity in {LAMBDA_REGION}", "Capacity changes minute to minute"],
               # Lambda answers no CORS: every request went through the server relay.
               "ssh_key": ["2 SSH keys registered: laptop, ci", "GET {emulator}/api/v1/ssh-keys → 200 (relay)"]}),
    Case("lambda unknown type", **LAMBDA, fields=lambda_cloud("unknown_type", "gpu_1x_a100"), ready="no",
         via_relay=True,
         states={"instance_type_exists": "unmet", "capacity": "unknown", "ssh_key": "met"},
         text={"": ["Not ready"],
               "instance_type_exists": ["Lambda lists no instance type named gpu_1x_a100; the closest names: "
                                        "gpu_1x_a10, gpu_1x_a100_sxm4, gpu_1x_h100_pcie"]}),
    Case("lambda no capacity anywhere", **LAMBDA, fields=lambda_cloud("sold_out", LAMBDA_SOLD_OUT), ready="no",
         via_relay=True,
         states={"instance_type_exists": "met", "capacity": "unmet", "ssh_key": "met"},
         text={"capacity": [f"{LAMBDA_SOLD_OUT} has no capacity in any region now", "Check again later"]}),
    Case("lambda capacity in another region", **LAMBDA, fields=lambda_cloud("other_region", region=LAMBDA_OTHER_REGION),
         ready="no", via_relay=True,
         states={"instance_type_exists": "met", "capacity": "unmet", "ssh_key": "met"},
         text={"capacity": [f"has no capacity in {LAMBDA_OTHER_REGION} now; it has in {LAMBDA_REGION}",
                            f"Set lambda_region to one of {LAMBDA_REGION}"]}),
    Case("lambda no ssh key", **LAMBDA, fields=lambda_cloud("no_ssh_key"), ready="no", via_relay=True,
         states={"instance_type_exists": "met", "capacity": "met", "ssh_key": "unmet"},
         text={"ssh_key": ["no SSH key is registered", "https://cloud.lambda.ai/ssh-keys"]}),
]


def is_service_quotas(request: dict) -> bool:
    """Service Quotas' JSON 1.1 requests name their action in X-Amz-Target; EC2's and STS's
    (query protocol) do not."""
    return "x-amz-target" in {h.lower() for h in request["header_names"]}


# provider -> the emulator requests that must have come through the Jupyter server relay
def is_lambda_api(request: dict) -> bool:
    """Lambda answers no CORS: every request to its API (/api/v1/...) goes through the relay."""
    return request["path"].startswith("/api/v1/")


RELAYED: dict[str, Callable[[dict], bool]] = {"aws": is_service_quotas, "lambda": is_lambda_api}


def registry() -> dict[str, dict]:
    binary = os.environ.get("CREDPROBE_BIN")
    if not binary:
        pytest.fail("CREDPROBE_BIN is not set (the ctest registration sets it)")
    out = subprocess.run([binary, "providers", "--json"], capture_output=True, text=True, timeout=60, check=True)
    return {p["id"]: p for p in json.loads(out.stdout)["providers"]}


def test_readiness_cases_in_the_panel(venv, tmp_path):
    specs = registry()
    providers = list(dict.fromkeys(c.provider for c in CASES))
    built = {}  # one fixture per builder, shared by its rows
    for case in CASES:
        if case.fixture not in built:
            built[case.fixture] = case.fixture()
    emulator_json = {}
    for fixture in built.values():
        assert not emulator_json.keys() & fixture.fixtures.keys(), "two builders for one provider"
        emulator_json.update(fixture.fixtures)
    rows = [{"name": c.name, "provider": c.provider, "fields": c.fields(built[c.fixture])} for c in CASES]
    secret_fields = {p: {f["name"] for f in specs[p]["fields"] if f["kind"] in ("secret", "json")} for p in providers}
    secrets = sorted({v for r in rows for k, v in r["fields"].items() if k in secret_fields[r["provider"]] and v})
    assert secrets, "no secret in the table: the leak checks would prove nothing"

    with start_emulator(emulator_json, idle_exit=600) as emulator:
        emu_host = f"127.0.0.1:{emulator.port}"
        settings = {
            "providers": providers,
            "endpoints": {p: {e["name"]: emulator.url for e in specs[p]["endpoints"]} for p in providers},
            # A deadline per request, not a wait: on a loaded machine a relayed request must
            # not end as "could not tell" because Jupyter was slow to forward it.
            "timeoutSeconds": 60,
        }
        with start_lab(venv, tmp_path / "jupyter", settings, [emu_host], tmp_path / "root") as lab:
            driven = drive("readiness.mjs", lab, READINESS_INPUT=json.dumps(
                {"providers": providers, "secrets": secrets, "cases": rows}))
            server_log = lab.log_text()
        requests = emulator.requests()

    result = driven.result
    print(f"browser session: {driven.elapsed:.1f} s; steps: {result.get('steps')}")
    assert result["ok"], f"{result.get('error')}\n{json.dumps(result.get('console_errors'), indent=1)}"
    assert result["page_errors"] == [] and result["secret_in_page_errors"] == 0, result["page_errors"]
    assert [c["name"] for c in result["cases"]] == [c.name for c in CASES]

    for case, shown in zip(CASES, result["cases"]):
        where = f"{case.name}: {json.dumps(shown, ensure_ascii=False, indent=1)}"
        # Readiness never changes the credential's verdict.
        assert shown["status"] == "valid", where
        assert shown["ready"] == case.ready, where
        assert {r["id"]: r["state"] for r in shown["requirements"]} == case.states, where
        assert len(shown["requirements"]) == len(case.states), where  # no id twice
        texts = {r["id"]: r["text"] for r in shown["requirements"]}
        texts[""] = shown["readiness_text"]
        for rid, fragments in case.text.items():
            for fragment in fragments:
                assert fragment.replace("{emulator}", emu_host) in texts[rid], f"{rid!r} lacks {fragment!r}\n{where}"
        relay_note = f"Sent through the Jupyter server relay: {emu_host}" if case.via_relay else ""
        assert shown["via_relay"] == relay_note, where

    # The requests that refuse browsers went through the Jupyter server relay, without the
    # browser's cookies, origin or XSRF header; every other one came straight from the browser.
    for provider, relayed in RELAYED.items():
        mine = [r for r in requests if relayed(r)]
        assert mine, requests
        assert all(not browser_headers(r) for r in mine), mine
    direct = [r for r in requests if not any(relayed(r) for relayed in RELAYED.values())]
    assert direct and all("origin" in browser_headers(r) for r in direct), direct
    assert f"credprobe relay: POST {emu_host} /" in server_log

    assert result["secret_in_text"] == 0 and result["secret_in_storage"] == 0 and result["secret_in_console"] == 0
    for secret in [*secrets, lab.token]:
        assert secret not in server_log
