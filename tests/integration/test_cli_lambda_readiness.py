"""`credprobe check lambda` with compute fields: readiness against the emulator's Lambda Cloud API.

`--field lambda_instance_type=gpu_1x_a100_sxm4 [--field lambda_region=us-east-1]` asks, after the
instance list proved the key, whether the type is one of Lambda's, whether it has capacity now
(in the region, or anywhere) and whether an SSH key is registered. Exit codes: 0 ready, 3 not
ready, 4 readiness unknown; the credential's status stays `valid` in every case. The emulator
runs Lambda's one-request-per-second limiter, and the requests are paced: asserted on the
emulator's request log timestamps.
"""

from __future__ import annotations

import pytest

from cli_runner import Run, run_credprobe
from emulator_harness import start_emulator
from lambda_readiness_fixtures import (
    OTHER_REGION,
    REGION,
    SOLD_OUT,
    TYPE,
    make_readiness_fixture,
)
from test_cli_lambda import assert_secret_free

EXIT_READY, EXIT_NOT_READY, EXIT_UNKNOWN = 0, 3, 4
IDS = ["instance_type_exists", "capacity", "ssh_key"]
PATHS = ["/api/v1/instances", "/api/v1/instance-types", "/api/v1/ssh-keys"]
CAPACITY_NOTE = ("Capacity changes minute to minute: this is what Lambda listed at the time of "
                 "the check")


@pytest.fixture(scope="module")
def fixture():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


@pytest.fixture
def fresh(emulator):
    emulator.clear_faults()
    emulator.clear_requests()
    return emulator


def check(emulator, key, instance_type=TYPE, region: str | None = REGION, as_json=True) -> Run:
    args = ["check", "lambda", "--endpoint", emulator.url, "--field",
            f"lambda_instance_type={instance_type}"]
    if region is not None:
        args += ["--field", f"lambda_region={region}"]
    if as_json:
        args.append("--json")
    run = run_credprobe(*args, env={"LAMBDA_API_KEY": key})
    assert_secret_free(run, key)
    return run


def states(verdict: dict) -> dict[str, str]:
    return {r["id"]: r["state"] for r in verdict["readiness"]}


def requirement(verdict: dict, rid: str) -> dict:
    [found] = [r for r in verdict["readiness"] if r["id"] == rid]
    return found


def test_type_with_capacity_in_the_region_and_ssh_keys_is_ready(fresh, fixture):
    run = check(fresh, fixture["ready"])
    assert run.code == EXIT_READY, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "yes"
    assert [r["id"] for r in v["readiness"]] == IDS
    assert states(v) == {i: "met" for i in IDS}
    assert requirement(v, "instance_type_exists")["detail"] == (
        "Lambda lists gpu_1x_a100_sxm4 (1x A100 (40 GB SXM4))")
    capacity = requirement(v, "capacity")
    assert capacity["label"] == "gpu_1x_a100_sxm4 has capacity in us-east-1 now"
    assert capacity["detail"] == (
        f"gpu_1x_a100_sxm4 has capacity in us-east-1 (regions with capacity: us-east-1). "
        f"{CAPACITY_NOTE}")
    assert requirement(v, "ssh_key")["detail"] == "2 SSH keys registered: laptop, ci"
    assert [e["path"] for e in v["evidence"]] == PATHS
    assert all(r["hint"] == "" for r in v["readiness"])


def test_the_three_requests_are_paced_at_least_one_second_apart(fresh, fixture):
    run = check(fresh, fixture["paced"])
    assert run.code == EXIT_READY, run.stdout + run.stderr
    log = [r for r in fresh.requests() if r["path"].startswith("/api/v1/")]
    assert [r["path"] for r in log] == PATHS
    assert all(r["method"] == "GET" for r in log)
    # The emulator's own clock, at each request's arrival: not the test's timing.
    gaps = [later["t_ms"] - earlier["t_ms"] for earlier, later in zip(log, log[1:])]
    assert len(gaps) == 2
    assert all(gap >= 1000 for gap in gaps), gaps


def test_unknown_type_is_not_ready_with_the_closest_names(fresh, fixture):
    run = check(fresh, fixture["unknown_type"], instance_type="gpu_1x_a100")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "no"
    assert states(v) == {"instance_type_exists": "unmet", "capacity": "unknown", "ssh_key": "met"}
    exists = requirement(v, "instance_type_exists")
    assert exists["detail"] == ("Lambda lists no instance type named gpu_1x_a100; the closest "
                                "names: gpu_1x_a10, gpu_1x_a100_sxm4, gpu_1x_h100_pcie")
    assert exists["hint"] == ("Set lambda_instance_type to one of Lambda's instance type names "
                              "(the dashboard's launch page lists them), e.g. gpu_1x_a10.")
    assert requirement(v, "capacity")["detail"] == "not checked: gpu_1x_a100 is not an instance type"


def test_no_capacity_anywhere_is_not_ready(fresh, fixture):
    run = check(fresh, fixture["sold_out"], instance_type=SOLD_OUT)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    assert states(v) == {"instance_type_exists": "met", "capacity": "unmet", "ssh_key": "met"}
    capacity = requirement(v, "capacity")
    assert capacity["detail"] == f"gpu_8x_h100_sxm5 has no capacity in any region now. {CAPACITY_NOTE}"
    assert capacity["hint"] == ("Check again later (capacity is freed as other launches end), or "
                                "choose another instance type.")


def test_capacity_only_in_another_region_is_not_ready_naming_it(fresh, fixture):
    run = check(fresh, fixture["other_region"], region=OTHER_REGION)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    capacity = requirement(run.json(), "capacity")
    assert capacity["state"] == "unmet"
    assert capacity["detail"] == (f"gpu_1x_a100_sxm4 has no capacity in us-west-1 now; it has in "
                                  f"us-east-1. {CAPACITY_NOTE}")
    assert capacity["hint"] == "Set lambda_region to one of us-east-1, or check again later."


def test_without_a_region_capacity_anywhere_is_ready_naming_the_regions(fresh, fixture):
    run = check(fresh, fixture["anywhere"], region=None)
    assert run.code == EXIT_READY, run.stdout + run.stderr
    capacity = requirement(run.json(), "capacity")
    assert capacity["label"] == "gpu_1x_a100_sxm4 has capacity in some region now"
    assert capacity["detail"] == f"gpu_1x_a100_sxm4 has capacity in us-east-1. {CAPACITY_NOTE}"


def test_no_ssh_key_is_not_ready_with_where_to_add_one(fresh, fixture):
    run = check(fresh, fixture["no_ssh_key"])
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    assert states(v) == {"instance_type_exists": "met", "capacity": "met", "ssh_key": "unmet"}
    keys = requirement(v, "ssh_key")
    assert keys["detail"] == "no SSH key is registered, and Lambda refuses a launch that names none"
    assert keys["hint"] == ("Add your public key at https://cloud.lambda.ai/ssh-keys (SSH keys, Add "
                            "SSH key).")


def test_a_failing_readiness_read_is_unknown(fresh, fixture):
    fresh.arm_fault("/api/v1/ssh-keys", "server_error")
    run = check(fresh, fixture["read_fails"])
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "unknown"
    assert states(v) == {"instance_type_exists": "met", "capacity": "met", "ssh_key": "unknown"}
    keys = requirement(v, "ssh_key")
    assert keys["detail"] == ("Lambda answered 500 global/internal-error to /api/v1/ssh-keys, "
                              "which proves nothing either way")
    assert keys["hint"] == "Lambda may be having trouble; try again shortly."


def test_table_shows_the_checklist_under_the_verdict(fresh, fixture):
    run = check(fresh, fixture["table"], instance_type=SOLD_OUT, as_json=False)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  readiness"))
    assert lines[at] == "  readiness     NOT READY (1 unmet)"
    assert lines[at + 1] == "    [+] gpu_8x_h100_sxm5 is a Lambda Cloud instance type"
    assert "    [x] gpu_8x_h100_sxm5 has capacity in us-east-1 now" in lines
    assert "    [+] an SSH key is registered (a launch needs one)" in lines
