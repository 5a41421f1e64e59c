"""google-api-python-client, Google's own discovery-based client, against the emulator's Compute
Engine and Cloud Resource Manager: it reads the machine type, the region's quotas and the
project's, and asks testIamPermissions, with a token google-auth obtained from the emulator.

The clients are built from the discovery documents the package ships (static_discovery=True:
no network), so the paths, methods and response shapes are Google's own. If the client parses
what the emulator answers, and raises HttpError with Google's reasons where the emulator refuses,
the emulator speaks Compute Engine and Resource Manager as the readiness check meets them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("googleapiclient")
pytest.importorskip("google_auth_httplib2")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from emulator_harness import start_emulator  # noqa: E402
from gcp_readiness_fixtures import (  # noqa: E402
    DISABLED, GPU_TYPE, LAUNCH_PERMISSIONS, NUMBERS, OTHER_ZONE, READY, REGION, ZONE,
    make_readiness_fixture,
)

import google.auth.transport.requests  # noqa: E402
import google_auth_httplib2  # noqa: E402
import httplib2  # noqa: E402
from google.oauth2 import service_account  # noqa: E402
from googleapiclient import discovery  # noqa: E402
from googleapiclient.errors import HttpError  # noqa: E402

# The scopes credprobe's readiness asks for.
SCOPES = ["https://www.googleapis.com/auth/cloud-platform.read-only",
          "https://www.googleapis.com/auth/compute.readonly"]


@pytest.fixture(scope="module")
def fixture():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def client(emulator, fixture, api, version, account="launcher", scopes=SCOPES):
    info = {**fixture.key_files[account], "token_uri": f"{emulator.url}/token"}
    creds = service_account.Credentials.from_service_account_info(info, scopes=scopes)
    creds.refresh(google.auth.transport.requests.Request())
    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(proxy_info=None))
    # The discovery document's rootUrl + servicePath, pointed at the emulator.
    path = "compute/v1/" if api == "compute" else ""
    return discovery.build(api, version, http=http, static_discovery=True,
                           client_options={"api_endpoint": f"{emulator.url}/{path}"})


def error_body(error: HttpError) -> dict:
    return json.loads(error.content)["error"]


def test_machine_type_reads_its_vcpus_and_accelerators(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1")
    machine = compute.machineTypes().get(project=READY, zone=ZONE, machineType=GPU_TYPE).execute()
    assert machine["kind"] == "compute#machineType"
    assert machine["name"] == GPU_TYPE
    assert machine["guestCpus"] == 8
    assert machine["accelerators"] == [{"guestAcceleratorType": "nvidia-l4", "guestAcceleratorCount": 1}]
    assert machine["zone"] == ZONE


def test_machine_type_not_in_the_zone_is_a_404_not_found(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1")
    with pytest.raises(HttpError) as raised:
        compute.machineTypes().get(project=READY, zone=OTHER_ZONE, machineType=GPU_TYPE).execute()
    assert raised.value.resp.status == 404
    assert raised.value.reason == (
        f"The resource 'projects/{READY}/zones/{OTHER_ZONE}/machineTypes/{GPU_TYPE}' was not found")
    assert error_body(raised.value)["errors"][0]["reason"] == "notFound"


def test_region_quotas_parse_with_limit_and_usage(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1")
    region = compute.regions().get(project=READY, region=REGION).execute()
    assert region["kind"] == "compute#region" and region["status"] == "UP"
    quotas = {q["metric"]: (q["limit"], q["usage"]) for q in region["quotas"]}
    assert quotas["CPUS"] == (24, 0)
    assert quotas["NVIDIA_L4_GPUS"] == (1, 0)
    assert f"projects/{READY}/zones/{ZONE}" in region["zones"][0]


def test_project_quotas_hold_gpus_all_regions(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1")
    project = compute.projects().get(project=READY).execute()
    assert project["kind"] == "compute#project"
    assert project["id"] == NUMBERS[READY]
    quotas = {q["metric"]: (q["limit"], q["usage"]) for q in project["quotas"]}
    assert quotas["GPUS_ALL_REGIONS"] == (1, 0)


def test_disabled_api_is_a_403_service_disabled_with_the_activation_link(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1")
    with pytest.raises(HttpError) as raised:
        compute.machineTypes().get(project=DISABLED, zone=ZONE, machineType=GPU_TYPE).execute()
    assert raised.value.resp.status == 403
    error = error_body(raised.value)
    assert error["status"] == "PERMISSION_DENIED"
    [info] = [d for d in error["details"] if d["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"]
    assert info["reason"] == "SERVICE_DISABLED"
    assert info["metadata"]["activationUrl"] == (
        "https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project="
        + NUMBERS[DISABLED])
    # The client library surfaces Google's details (it prefers them to the legacy errors[]).
    assert raised.value.error_details[0]["reason"] == "SERVICE_DISABLED"
    assert error["errors"][0]["reason"] == "accessNotConfigured"


def test_denied_read_is_a_403_naming_the_permission(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1", account="regions_denied")
    with pytest.raises(HttpError) as raised:
        compute.regions().get(project=READY, region=REGION).execute()
    assert raised.value.resp.status == 403
    assert raised.value.reason == (
        f"Required 'compute.regions.get' permission for 'projects/{READY}/regions/{REGION}'")


def test_test_iam_permissions_answers_the_subset_held(emulator, fixture):
    crm = client(emulator, fixture, "cloudresourcemanager", "v1")
    body = {"permissions": LAUNCH_PERMISSIONS}
    full = crm.projects().testIamPermissions(resource=READY, body=body).execute()
    assert full == {"permissions": LAUNCH_PERMISSIONS}
    crm_limited = client(emulator, fixture, "cloudresourcemanager", "v1", account="no_create")
    held = crm_limited.projects().testIamPermissions(resource=READY, body=body).execute()
    assert held["permissions"] == [p for p in LAUNCH_PERMISSIONS if p != "compute.instances.create"]
    none = crm_limited.projects().testIamPermissions(
        resource=READY, body={"permissions": ["compute.instances.delete"]}).execute()
    assert none == {}  # Google omits an empty list


def test_compute_refuses_a_token_without_a_compute_scope(emulator, fixture):
    compute = client(emulator, fixture, "compute", "v1",
                     scopes=["https://www.googleapis.com/auth/cloud-platform.read-only"])
    with pytest.raises(HttpError) as raised:
        compute.regions().get(project=READY, region=REGION).execute()
    assert raised.value.resp.status == 403
    assert error_body(raised.value)["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
