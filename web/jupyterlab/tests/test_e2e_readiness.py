"""Readiness in the JupyterLab panel, end to end: the same cases as the CLI
(tests/integration/test_cli_aws_readiness.py, test_cli_azure_readiness.py,
test_cli_lambda_readiness.py) and the page (tests/browser/readiness.test.mjs,
readiness_azure.test.mjs, readiness_lambda.test.mjs),
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
from azure_readiness_fixtures import GROUP as AZURE_GROUP
from azure_readiness_fixtures import NOT_IN_REGION as AZURE_NOT_IN_REGION
from azure_readiness_fixtures import REGION as AZURE_REGION
from azure_readiness_fixtures import SIZE as AZURE_SIZE
from azure_readiness_fixtures import make_readiness_fixture as make_azure_readiness_fixture
from emulator_harness import start_emulator
from gcp_readiness_fixtures import CPU_FULL, DISABLED, GPU_ZERO, NUMBERS, OTHER_ZONE, READY, ZONE
from gcp_readiness_fixtures import GPU_TYPE as GCP_GPU_TYPE
from gcp_readiness_fixtures import make_readiness_fixture as make_gcp_readiness_fixture
from hf_readiness_fixtures import FREE, ORG, PAID, make_hf_readiness_fixture
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


# ---- Google Cloud (issue 16): the CLI's cases (tests/integration/test_cli_gcp_readiness.py),
# with gcp_readiness_fixtures' accounts and projects. Compute Engine and Resource Manager answer
# CORS: every request goes straight from the browser, none through the relay.
def gcp(account: str = "launcher", project: str = READY, zone: str = ZONE) -> Callable[[Any], dict[str, str]]:
    def fields(fixture) -> dict[str, str]:
        return {
            "gcp_service_account_key": fixture.text(account),
            "gcp_project_id": project,
            "gcp_instance_type": GCP_GPU_TYPE,
            "gcp_zone": zone,
        }
    return fields


GCP_IDS = ("compute_api", "machine_type_offered", "cpu_quota", "gpu_quota", "launch_permission")
GCP = {"provider": "gcp", "fixture": make_gcp_readiness_fixture}
GCP_QUOTA_PAGE = "https://console.cloud.google.com/iam-admin/quotas?project="


def gcp_states(**changed: str) -> dict[str, str]:
    return {**{i: "met" for i in GCP_IDS}, **changed}


CASES += [
    Case("gcp ready", **GCP, fields=gcp(), ready="yes", states=gcp_states(),
         text={"": ["Ready to launch"],
               "machine_type_offered": [f"{GCP_GPU_TYPE} is offered in {ZONE}",
                                        f"{ZONE} offers {GCP_GPU_TYPE}: 8 vCPUs and 1 nvidia-l4 GPU"],
               "gpu_quota": ["GPUS_ALL_REGIONS (project-wide): limit 1, 0 in use, 1 free"],
               "launch_permission": [f"POST {{emulator}}/v1/projects/{READY}:testIamPermissions → 200"]}),
    Case("gcp compute api disabled", **GCP, fields=gcp(project=DISABLED), ready="no",
         states=gcp_states(compute_api="unmet", machine_type_offered="unknown", cpu_quota="unknown",
                           gpu_quota="unknown"),
         text={"": ["Not ready"],
               "compute_api": [f"the Compute Engine API is disabled in project {DISABLED} (SERVICE_DISABLED)",
                               "https://console.developers.google.com/apis/api/compute.googleapis.com/overview"
                               f"?project={NUMBERS[DISABLED]}"]}),
    Case("gcp type not offered", **GCP, fields=gcp(zone=OTHER_ZONE), ready="no",
         states=gcp_states(machine_type_offered="unmet", cpu_quota="unknown", gpu_quota="unknown",
                           launch_permission="unknown"),
         text={"machine_type_offered": [f"{GCP_GPU_TYPE} is not offered in {OTHER_ZONE}"]}),
    Case("gcp cpu quota used up", **GCP, fields=gcp(project=CPU_FULL), ready="no",
         states=gcp_states(cpu_quota="unmet"),
         text={"cpu_quota": [f"CPUS in us-central1: limit 24, 24 in use, 0 free; {GCP_GPU_TYPE} needs 8",
                             GCP_QUOTA_PAGE + CPU_FULL]}),
    Case("gcp gpus all regions zero", **GCP, fields=gcp(project=GPU_ZERO), ready="no",
         states=gcp_states(gpu_quota="unmet"),
         text={"gpu_quota": ["GPUS_ALL_REGIONS (project-wide): limit 0, 0 in use, 0 free",
                             GCP_QUOTA_PAGE + GPU_ZERO]}),
    Case("gcp launch permission missing", **GCP, fields=gcp("no_create"), ready="no",
         states=gcp_states(launch_permission="unmet"),
         text={"launch_permission": [f"the credential lacks compute.instances.create on project {READY}"]}),
    Case("gcp quota read denied", **GCP, fields=gcp("regions_denied"), ready="unknown",
         states=gcp_states(cpu_quota="unknown", gpu_quota="unknown", launch_permission="unknown"),
         text={"": ["Readiness unknown"],
               "cpu_quota": ["the credential may not call compute.regions.get (forbidden), so credprobe "
                             "cannot tell"],
               "launch_permission": ["may fail open, so credprobe does not take it alone"]}),
]

# ---- Hugging Face (issue 17): the CLI's cases, with hf_readiness_fixtures' tokens. Everything
# goes straight to the emulator's Hub (whoami-v2 and the public hardware list answer CORS).
def hf(token: str, namespace: str, hardware: str = PAID) -> Callable[[Any], dict[str, str]]:
    def fields(fixture) -> dict[str, str]:
        return {"hf_token": fixture[token], "hf_username": namespace, "hf_hardware": hardware}
    return fields


def hf_expiring(fixture) -> dict[str, str]:
    return {"hf_token": fixture["expiring"], "hf_username": "", "hf_hardware": FREE}


HF_IDS = ("namespace_write", "hardware_flavour", "hardware_billing", "token_lifetime")
HF = {"provider": "huggingface", "fixture": make_hf_readiness_fixture}
TOKENS_PAGE = "https://huggingface.co/settings/tokens"


def hf_states(**unmet: str) -> dict[str, str]:
    return {i: unmet.get(i, "met") for i in HF_IDS}


CASES += [
    Case("hf ready", **HF, fields=hf("ready", "rhea-ready"), ready="yes", states=hf_states(),
         text={"": ["Ready to launch"],
               "namespace_write": ["the token may create a Space in rhea-ready",
                                   "the token's role is write; rhea-ready is the token owner's own namespace"],
               "hardware_flavour": ["the Hub's hardware list has t4-small (Nvidia T4 - small)",
                                    "GET {emulator}/api/spaces/hardware → 200"],
               "hardware_billing": ["whoami-v2 reports a payment method on rhea-ready (canPay)"]}),
    Case("hf read token", **HF, fields=hf("read", "rory-reader", FREE), ready="no",
         states=hf_states(namespace_write="unmet"),
         text={"": ["Not ready"],
               "namespace_write": ["the token's role is read: it may not create repos, so no Space",
                                   TOKENS_PAGE]}),
    Case("hf fine-grained without write on the org", **HF, fields=hf("fine_grained_org", ORG), ready="no",
         states=hf_states(namespace_write="unmet"),
         text={"namespace_write": [f"the fine-grained token holds no repo.write on {ORG}",
                                   f"under {ORG}, allow \"Write access to contents/settings of all repos\""]}),
    Case("hf read member of the org", **HF, fields=hf("org_reader", ORG), ready="no",
         states=hf_states(namespace_write="unmet"),
         text={"namespace_write": [f"otto-reader is a read member of {ORG}: read members may not create repos",
                                   f"Ask an admin of {ORG} for the contributor, write or admin role"]}),
    Case("hf paid hardware without a payment method", **HF, fields=hf("no_payment", "nina-nopay"), ready="no",
         states=hf_states(hardware_billing="unmet"),
         text={"hardware_billing": ["whoami-v2 reports no payment method on nina-nopay (canPay false)",
                                    "Add a payment method to nina-nopay (https://huggingface.co/settings/billing)"]}),
    Case("hf unknown flavour", **HF, fields=hf("ready", "rhea-ready", "t4-large"), ready="no",
         states=hf_states(hardware_flavour="unmet", hardware_billing="unknown"),
         text={"hardware_flavour": ["the Hub's hardware list has no t4-large",
                                    "Set hf_hardware to one of the Hub's flavours: cpu-basic, cpu-upgrade"],
               "hardware_billing": ["not checked: the Hub lists no t4-large"]}),
    Case("hf expiring token", **HF, fields=hf_expiring, ready="yes", states=hf_states(),
         text={"token_lifetime": ["the token expires at ", ", in 3 days: a run that lasts longer loses access then"]}),
]


# ---- Azure (issue 16): the CLI's acceptance cases, with azure_readiness_fixtures' principals
# and subscriptions (one fixture: a 2.5 MB SKU list, fresh GUIDs and secrets).
AZURE_IDS = ("compute_registered", "resource_group", "size_offered", "vcpu_quota", "launch_permission")
AZURE = {"provider": "azure", "fixture": make_azure_readiness_fixture}


def azure(principal: str = "ready", subscription: str = "ready", **compute: str) -> Callable[[Any], dict[str, str]]:
    def fields(fixture) -> dict[str, str]:
        return fixture.fields(principal, subscription, **compute)
    return fields


def azure_states(**changed: str) -> dict[str, str]:
    return {i: changed.get(i, "met") for i in AZURE_IDS}


# Entra ID refuses pages: the sign-in (OpenID configuration and token) goes through the server
# relay; every readiness read goes straight to Resource Manager, which answers CORS.
CASES += [
    Case("azure ready", **AZURE, fields=azure(), ready="yes", via_relay=True, states=azure_states(),
         text={"": ["Ready to launch"],
               "size_offered": [f"{AZURE_REGION} offers {AZURE_SIZE} to the subscription (4 vCPUs, family "
                                "standardNCASv3_T4Family)",
                                "GET {emulator}/subscriptions/"],
               "launch_permission": ["Deny assignments and Azure Policy are not in this answer"]}),
    Case("azure provider unregistered", **AZURE, fields=azure(subscription="unregistered"), ready="no",
         via_relay=True,
         states=azure_states(compute_registered="unmet", size_offered="unknown", vcpu_quota="unknown"),
         text={"": ["Not ready"],
               "compute_registered": ["Microsoft.Compute is NotRegistered in subscription",
                                      "az provider register --namespace Microsoft.Compute"]}),
    Case("azure resource group missing", **AZURE, fields=azure(azure_resource_group="does-not-exist"),
         ready="no", via_relay=True,
         states=azure_states(resource_group="unmet", launch_permission="unknown"),
         text={"resource_group": ["resource group does-not-exist does not exist in subscription",
                                  "az group create --name does-not-exist"],
               "launch_permission": ["not checked: resource group does-not-exist does not exist"]}),
    Case("azure size restricted", **AZURE, fields=azure(subscription="restricted"), ready="no", via_relay=True,
         states=azure_states(size_offered="unmet"),
         text={"size_offered": [f"{AZURE_SIZE} is restricted for the subscription in {AZURE_REGION} "
                                "(NotAvailableForSubscription): a launch fails with SkuNotAvailable"]}),
    Case("azure size not offered", **AZURE, fields=azure(azure_instance_type=AZURE_NOT_IN_REGION), ready="no",
         via_relay=True, states=azure_states(size_offered="unmet", vcpu_quota="unknown"),
         text={"size_offered": [f"{AZURE_NOT_IN_REGION} is not offered in {AZURE_REGION}"],
               "vcpu_quota": [f"not checked: {AZURE_NOT_IN_REGION} is not offered in {AZURE_REGION}"]}),
    Case("azure family quota zero", **AZURE, fields=azure(subscription="quota_zero"), ready="no", via_relay=True,
         states=azure_states(vcpu_quota="unmet"),
         text={"vcpu_quota": ["Standard NCASv3_T4 Family vCPUs: 0 of 0 vCPUs free",
                              "https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas"]}),
    Case("azure launch write missing", **AZURE, fields=azure("no_disks"), ready="no", via_relay=True,
         states=azure_states(launch_permission="unmet"),
         text={"launch_permission": [f"the principal's roles at {AZURE_GROUP} do not allow "
                                     "Microsoft.Compute/disks/write"]}),
    Case("azure readiness read denied", **AZURE, fields=azure("group_denied"), ready="unknown", via_relay=True,
         states=azure_states(resource_group="unknown"),
         text={"": ["Readiness unknown"],
               "resource_group": ["the principal may not call Microsoft.Resources/subscriptions/resourceGroups/read "
                                  "(AuthorizationFailed), so credprobe cannot tell"]}),
]


def is_entra(request: dict) -> bool:
    """Entra ID's sign-in (OpenID configuration, token): the requests that refuse pages."""
    return request["path"].endswith(("/oauth2/v2.0/token", "/.well-known/openid-configuration"))


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


RELAYED: dict[str, Callable[[dict], bool]] = {"aws": is_service_quotas, "azure": is_entra,
                                              "lambda": is_lambda_api}


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
