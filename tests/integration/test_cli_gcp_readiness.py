"""`credprobe check gcp` with compute fields: readiness against the emulator's Compute Engine and
Cloud Resource Manager.

`--field gcp_instance_type=g2-standard-8 --field gcp_zone=us-central1-a` asks, after a granted
token and a readable project, whether one VM can launch: the Compute Engine API is enabled, the
type is offered in the zone, the region's vCPU and GPU quotas and the project's GPUS_ALL_REGIONS
cover it, and testIamPermissions lists the launch permissions. Exit codes: 0 ready, 3 not ready,
4 readiness unknown; the credential's status stays `valid` in every case.
"""

from __future__ import annotations

import json

import pytest

from cli_runner import Run, run_credprobe
from emulator_harness import start_emulator
from gcp_readiness_fixtures import (
    CPU_FULL, CPU_TYPE, DISABLED, GPU_TYPE, GPU_ZERO, NUMBERS, OTHER_ZONE, READY, ZONE,
    make_readiness_fixture,
)

EXIT_READY, EXIT_NOT_READY, EXIT_UNKNOWN = 0, 3, 4
IDS = ["compute_api", "machine_type_offered", "cpu_quota", "gpu_quota", "launch_permission"]
QUOTA_PAGE = "https://console.cloud.google.com/iam-admin/quotas?project="


@pytest.fixture(scope="module")
def fixture():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def check(emulator, fixture, tmp_path, account="launcher", project=READY, machine=GPU_TYPE,
          zone=ZONE, as_json=True) -> Run:
    key = fixture.write(tmp_path, account)
    args = ["check", "gcp", "--field", f"gcp_service_account_key=@{key}", "--field",
            f"gcp_project_id={project}", "--field", f"gcp_instance_type={machine}", "--field",
            f"gcp_zone={zone}", "--endpoint", f"token={emulator.url}", "--endpoint",
            f"resourcemanager={emulator.url}", "--endpoint", f"compute={emulator.url}",
            "--timeout", "10"]
    if as_json:
        args.append("--json")
    run = run_credprobe(*args)
    text = run.everything()
    assert "ya29." not in text
    for secret in fixture.secrets(account):
        assert secret not in text
    return run


def states(verdict: dict) -> dict[str, str]:
    return {r["id"]: r["state"] for r in verdict["readiness"]}


def requirement(verdict: dict, rid: str) -> dict:
    [found] = [r for r in verdict["readiness"] if r["id"] == rid]
    return found


def test_ready_configuration_meets_every_requirement(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path)
    assert run.code == EXIT_READY, run.everything()
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "yes"
    assert [r["id"] for r in v["readiness"]] == IDS
    assert states(v) == {i: "met" for i in IDS}
    assert requirement(v, "machine_type_offered")["detail"] == (
        "us-central1-a offers g2-standard-8: 8 vCPUs and 1 nvidia-l4 GPU")
    assert requirement(v, "cpu_quota")["detail"] == (
        "CPUS in us-central1: limit 24, 0 in use, 24 free; g2-standard-8 needs 8")
    assert requirement(v, "gpu_quota")["detail"] == (
        "NVIDIA_L4_GPUS in us-central1: limit 1, 0 in use, 1 free; g2-standard-8 needs 1; "
        "GPUS_ALL_REGIONS (project-wide): limit 1, 0 in use, 1 free; g2-standard-8 needs 1")
    assert requirement(v, "launch_permission")["detail"].startswith(
        f"testIamPermissions on project {READY} lists all 7 permissions a launch needs.")
    assert all(r["hint"] == "" for r in v["readiness"])
    # Every request, in order: the credential's two, then the four readiness reads.
    assert [(e["method"], e["path"], e["http_status"]) for e in v["evidence"]] == [
        ("POST", "/token", 200),
        ("GET", f"/v3/projects/{READY}", 200),
        ("GET", f"/compute/v1/projects/{READY}/zones/{ZONE}/machineTypes/{GPU_TYPE}", 200),
        ("GET", f"/compute/v1/projects/{READY}/regions/us-central1", 200),
        ("GET", f"/compute/v1/projects/{READY}", 200),
        ("POST", f"/v1/projects/{READY}:testIamPermissions", 200),
    ]
    # The token asked for the two read-only scopes, no more.
    [scope] = [p for p in v["permissions"] if p["scope"] == "token scope"]
    assert scope["access"] == ["https://www.googleapis.com/auth/cloud-platform.read-only",
                               "https://www.googleapis.com/auth/compute.readonly"]


def test_compute_api_disabled_is_unmet_with_googles_activation_link(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, project=DISABLED)
    assert run.code == EXIT_NOT_READY, run.everything()
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "no"
    api = requirement(v, "compute_api")
    assert api["state"] == "unmet"
    assert api["detail"] == f"the Compute Engine API is disabled in project {DISABLED} (SERVICE_DISABLED)"
    assert api["hint"] == (
        f"Enable the Compute Engine API in project {DISABLED}: https://console.developers.google.com"
        f"/apis/api/compute.googleapis.com/overview?project={NUMBERS[DISABLED]} (it takes a few "
        "minutes to apply).")
    assert api["evidence"][0]["provider_code"] == "SERVICE_DISABLED"
    # The verdict's own evidence line for that request names the code too.
    assert v["evidence"][2]["provider_code"] == "SERVICE_DISABLED"
    assert states(v) == {"compute_api": "unmet", "machine_type_offered": "unknown",
                         "cpu_quota": "unknown", "gpu_quota": "unknown", "launch_permission": "met"}


def test_machine_type_not_offered_in_the_zone_is_unmet(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, zone=OTHER_ZONE)
    assert run.code == EXIT_NOT_READY, run.everything()
    v = run.json()
    offered = requirement(v, "machine_type_offered")
    assert offered["state"] == "unmet"
    assert offered["detail"] == (
        "g2-standard-8 is not offered in us-central1-b: Compute Engine has no such machine type there")
    assert offered["hint"].startswith("Choose a zone that offers g2-standard-8")
    assert [e["http_status"] for e in offered["evidence"]] == [404]
    for rid in ("cpu_quota", "gpu_quota", "launch_permission"):
        assert requirement(v, rid)["detail"] == "not checked: g2-standard-8 is not offered in us-central1-b"


def test_cpu_quota_used_up_is_unmet_with_the_quota_page(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, project=CPU_FULL)
    assert run.code == EXIT_NOT_READY, run.everything()
    v = run.json()
    assert states(v) == {"compute_api": "met", "machine_type_offered": "met", "cpu_quota": "unmet",
                         "gpu_quota": "met", "launch_permission": "met"}
    cpu = requirement(v, "cpu_quota")
    assert cpu["detail"] == "CPUS in us-central1: limit 24, 24 in use, 0 free; g2-standard-8 needs 8"
    assert cpu["hint"] == (f"Request an increase of CPUS in us-central1 to at least 32 on the quotas "
                           f"page ({QUOTA_PAGE}{CPU_FULL}), or stop VMs that use it.")


def test_gpus_all_regions_zero_is_unmet(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, project=GPU_ZERO)
    assert run.code == EXIT_NOT_READY, run.everything()
    v = run.json()
    gpu = requirement(v, "gpu_quota")
    assert gpu["state"] == "unmet"
    assert gpu["detail"].endswith(
        "GPUS_ALL_REGIONS (project-wide): limit 0, 0 in use, 0 free; g2-standard-8 needs 1")
    assert gpu["hint"] == ('Request an increase of GPUS_ALL_REGIONS ("GPUs (all regions)", 0 in new '
                           f"projects) to at least 1 on the quotas page ({QUOTA_PAGE}{GPU_ZERO}).")
    assert requirement(v, "cpu_quota")["state"] == "met"


def test_missing_launch_permission_is_unmet_naming_it(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, account="no_create")
    assert run.code == EXIT_NOT_READY, run.everything()
    launch = requirement(run.json(), "launch_permission")
    assert launch["state"] == "unmet"
    assert launch["detail"] == (
        f"the credential lacks compute.instances.create on project {READY} (testIamPermissions)")
    assert launch["hint"].startswith(f"Grant a role with compute.instances.create on project {READY}")


def test_quota_read_denied_is_unknown_naming_the_permission(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, account="regions_denied")
    assert run.code == EXIT_UNKNOWN, run.everything()
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "unknown"
    cpu = requirement(v, "cpu_quota")
    assert cpu["state"] == "unknown"
    assert cpu["detail"] == (
        "the credential may not call compute.regions.get (forbidden), so credprobe cannot tell")
    assert cpu["hint"] == (f"Grant compute.regions.get on project {READY} (roles/compute.viewer holds "
                           "it) so credprobe can tell.")
    # testIamPermissions says every permission is held, but Compute Engine refused a read: not
    # taken alone.
    launch = requirement(v, "launch_permission")
    assert launch["state"] == "unknown"
    assert "may fail open, so credprobe does not take it alone" in launch["detail"]


def test_throttled_region_read_is_unknown(emulator, fixture, tmp_path):
    emulator.arm_fault(f"/compute/v1/projects/{READY}/regions/us-central1", "rate_limit", retry_after=7)
    try:
        run = check(emulator, fixture, tmp_path)
    finally:
        emulator.clear_faults()
    assert run.code == EXIT_UNKNOWN, run.everything()
    cpu = requirement(run.json(), "cpu_quota")
    assert cpu["detail"] == "Compute Engine asked to slow down (RESOURCE_EXHAUSTED), so credprobe cannot tell"


def test_series_with_its_own_vcpu_metric(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, machine=CPU_TYPE, zone=OTHER_ZONE)
    assert run.code == EXIT_READY, run.everything()
    v = run.json()
    assert requirement(v, "cpu_quota")["detail"] == (
        "N2_CPUS in us-central1: limit 24, 0 in use, 24 free; n2-standard-4 needs 4")
    assert requirement(v, "gpu_quota")["detail"] == "n2-standard-4 has no GPUs: no GPU quota applies"
    # projects.get goes out with the other reads (before the type is known), and its answer, the
    # project's GPU quota, is not read for a type without GPUs: no requirement cites it.
    paths = [e["path"] for e in v["evidence"]]
    assert paths[2:] == [f"/compute/v1/projects/{READY}/zones/{OTHER_ZONE}/machineTypes/{CPU_TYPE}",
                         f"/compute/v1/projects/{READY}/regions/us-central1",
                         f"/compute/v1/projects/{READY}",
                         f"/v1/projects/{READY}:testIamPermissions"]
    cited = [e["path"] for r in v["readiness"] for e in r["evidence"]]
    assert f"/compute/v1/projects/{READY}" not in cited


def test_without_instance_type_there_is_no_readiness(emulator, fixture, tmp_path):
    key = fixture.write(tmp_path, "launcher")
    run = run_credprobe("check", "gcp", "--field", f"gcp_service_account_key=@{key}", "--field",
                        f"gcp_project_id={DISABLED}", "--endpoint", f"token={emulator.url}",
                        "--endpoint", f"resourcemanager={emulator.url}", "--json")
    assert run.code == 0, run.everything()
    v = run.json()
    assert "readiness" not in v and "ready" not in v
    [scope] = [p for p in v["permissions"] if p["scope"] == "token scope"]
    assert scope["access"] == ["https://www.googleapis.com/auth/cloud-platform.read-only"]


def test_table_shows_the_checklist(emulator, fixture, tmp_path):
    run = check(emulator, fixture, tmp_path, project=GPU_ZERO, as_json=False)
    assert run.code == EXIT_NOT_READY
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  readiness"))
    assert lines[at] == "  readiness     NOT READY (1 unmet)"
    assert f"    [+] the Compute Engine API is enabled in {GPU_ZERO}" in lines
    assert "    [x] the GPU quota covers one g2-standard-8" in lines


def test_emulator_refuses_a_token_without_a_compute_scope(emulator, fixture, tmp_path):
    """The scope finding, as the emulator enforces it: a cloud-platform.read-only token alone is
    refused by Compute Engine (ACCESS_TOKEN_SCOPE_INSUFFICIENT), and accepted by testIamPermissions."""
    import google.auth.transport.requests
    from google.oauth2 import service_account

    info = {**fixture.key_files["launcher"], "token_uri": f"{emulator.url}/token"}
    creds = service_account.Credentials.from_service_account_info(
        info, scopes=["https://www.googleapis.com/auth/cloud-platform.read-only"])
    creds.refresh(google.auth.transport.requests.Request())
    auth = {"Authorization": f"Bearer {creds.token}"}
    machine = emulator.request("GET", f"/compute/v1/projects/{READY}/zones/{ZONE}/machineTypes/{GPU_TYPE}",
                               headers=auth)
    assert machine.status == 403
    assert machine.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    tested = emulator.request("POST", f"/v1/projects/{READY}:testIamPermissions",
                              headers={**auth, "Content-Type": "application/json"},
                              body=json.dumps({"permissions": ["compute.instances.create"]}).encode())
    assert tested.status == 200
    assert tested.json() == {"permissions": ["compute.instances.create"]}
