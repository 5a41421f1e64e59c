"""`credprobe check aws` with compute fields: readiness against the emulator's EC2 and Service
Quotas.

`--field aws_instance_type=g5.xlarge --field aws_region=us-west-2` asks, after a valid STS
answer, whether one g5.xlarge can launch: offered in the region, within the G and VT On-Demand
vCPU quota, allowed by a RunInstances dry run. Exit codes: 0 ready, 3 not ready, 4 readiness
unknown; the credential's status stays `valid` in every case.
"""

from __future__ import annotations

import pytest

from aws_readiness_fixtures import (
    GPU_TYPE,
    IMAGE_X86,
    NOT_IN_OTHER_REGION,
    OTHER_REGION,
    READY_REGION,
    make_readiness_fixture,
)
from cli_runner import Run, run_credprobe
from emulator_harness import start_emulator
from test_cli_aws import assert_secret_free

EXIT_READY, EXIT_NOT_READY, EXIT_UNKNOWN = 0, 3, 4
QUOTA_PAGE = (f"https://console.aws.amazon.com/servicequotas/home/services/ec2/quotas/L-DB2E81BA"
              f"?region={READY_REGION}")
IDS = ["instance_type_offered", "vcpu_quota", "launch_permission"]


@pytest.fixture(scope="module")
def fixture():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def check(emulator, key, instance_type=GPU_TYPE, region=READY_REGION, as_json=True) -> Run:
    args = ["check", "aws", "--field", f"aws_instance_type={instance_type}", "--field",
            f"aws_region={region}", "--endpoint", emulator.url, "--endpoint", f"ec2={emulator.url}",
            "--endpoint", f"servicequotas={emulator.url}"]
    if as_json:
        args.append("--json")
    run = run_credprobe(*args, env=key.env(region))
    assert_secret_free(run, key)
    return run


def checked(emulator, key, exit_code: int, ready: str, **where) -> dict:
    """Runs the check, requires its exit code, a valid credential and `ready`; returns the JSON."""
    run = check(emulator, key, **where)
    assert run.code == exit_code, run.stdout + run.stderr
    v = run.json()
    assert (v["status"], v["ready"]) == ("valid", ready)
    return v


def states(verdict: dict) -> dict[str, str]:
    return {r["id"]: r["state"] for r in verdict["readiness"]}


def requirement(verdict: dict, rid: str) -> dict:
    [found] = [r for r in verdict["readiness"] if r["id"] == rid]
    return found


def test_permitted_key_with_quota_64_is_ready(emulator, fixture):
    v = checked(emulator, fixture["ready"], EXIT_READY, "yes")
    assert [r["id"] for r in v["readiness"]] == IDS
    assert states(v) == {i: "met" for i in IDS}
    assert requirement(v, "instance_type_offered")["label"] == "g5.xlarge is offered in us-west-2"
    quota = requirement(v, "vcpu_quota")
    assert quota["detail"].startswith("quota 64 vCPUs; g5.xlarge needs 4 (Running On-Demand G and VT "
                                      "instances, L-DB2E81BA in us-west-2)")
    assert "Current usage is not in Service Quotas" in quota["detail"]
    launch = requirement(v, "launch_permission")
    assert [e["provider_code"] for e in launch["evidence"] if "provider_code" in e] == ["DryRunOperation"]
    assert [e["http_status"] for e in launch["evidence"]] == [200, 412]
    assert all(r["hint"] == "" for r in v["readiness"])


def test_quota_zero_is_not_ready_with_the_increase_page(emulator, fixture):
    v = checked(emulator, fixture["quota_zero"], EXIT_NOT_READY, "no")
    assert states(v) == {"instance_type_offered": "met", "vcpu_quota": "unmet",
                         "launch_permission": "met"}
    quota = requirement(v, "vcpu_quota")
    assert quota["detail"] == ("quota 0 vCPUs; g5.xlarge needs 4 (Running On-Demand G and VT "
                               "instances, L-DB2E81BA in us-west-2)")
    assert quota["hint"] == ('Request an increase of "Running On-Demand G and VT instances" to at '
                             f"least 4 vCPUs: {QUOTA_PAGE}")


def test_run_instances_not_allowed_is_not_ready_and_says_how_to_decode(emulator, fixture):
    v = checked(emulator, fixture["no_launch"], EXIT_NOT_READY, "no")
    assert states(v) == {"instance_type_offered": "met", "vcpu_quota": "met",
                         "launch_permission": "unmet"}
    launch = requirement(v, "launch_permission")
    assert launch["detail"] == (
        "the dry run of one g5.xlarge answered UnauthorizedOperation: ec2:RunInstances is not "
        "allowed; the refusal carries an encoded authorization message, which this key may not "
        "decode (AccessDenied)")
    assert launch["hint"].startswith("Allow ec2:RunInstances for this key")
    assert (f"aws ec2 run-instances --dry-run --region {READY_REGION} --instance-type g5.xlarge "
            f"--image-id {IMAGE_X86}") in launch["hint"]
    codes = [e.get("provider_code") for e in launch["evidence"]]
    assert codes == [None, "UnauthorizedOperation", "AccessDenied"]


def test_run_instances_refusal_is_decoded_when_the_key_may(emulator, fixture):
    run = check(emulator, fixture["no_launch_decodes"])
    assert run.code == EXIT_NOT_READY
    launch = requirement(run.json(), "launch_permission")
    account = fixture["no_launch_decodes"].account
    assert launch["state"] == "unmet"
    assert launch["detail"].endswith(
        f"; AWS's decoded reason: no policy allows ec2:RunInstances on "
        f"arn:aws:ec2:{READY_REGION}:{account}:instance/*")


def test_quota_read_denied_is_unknown_naming_the_permission(emulator, fixture):
    v = checked(emulator, fixture["quota_denied"], EXIT_UNKNOWN, "unknown")
    assert states(v) == {"instance_type_offered": "met", "vcpu_quota": "unknown",
                         "launch_permission": "met"}
    quota = requirement(v, "vcpu_quota")
    assert quota["detail"] == ("the key may not call servicequotas:GetServiceQuota "
                               "(AccessDeniedException), so credprobe cannot tell")
    assert quota["hint"] == "Allow servicequotas:GetServiceQuota for this key so credprobe can tell."


def test_type_not_offered_in_the_region_is_unmet(emulator, fixture):
    v = checked(emulator, fixture["ready"], EXIT_NOT_READY, "no", instance_type=NOT_IN_OTHER_REGION,
                region=OTHER_REGION)
    offered = requirement(v, "instance_type_offered")
    assert offered["state"] == "unmet"
    assert offered["detail"] == ("p5.48xlarge is not offered in us-east-1: the region's offerings "
                                 "do not list it")
    for rid in ("vcpu_quota", "launch_permission"):
        r = requirement(v, rid)
        assert (r["state"], r["detail"]) == ("unknown", "not checked: p5.48xlarge is not offered in "
                                             "us-east-1")
    # Only the offerings were read: the type and its quota went out with them, and nothing more
    # is sent for a type the region lacks.
    assert len(offered["evidence"]) == 1


def test_arm_type_dry_runs_with_an_arm_image(emulator, fixture):
    emulator.clear_requests()
    v = checked(emulator, fixture["ready"], EXIT_READY, "yes", instance_type="m7g.large")
    # The emulator's dry run refuses an image of another architecture than the type's
    # (InvalidParameterValue, unknown): met proves the arm64 image was chosen.
    assert states(v) == {i: "met" for i in IDS}


def test_without_instance_type_there_is_no_readiness(emulator, fixture):
    key = fixture["quota_zero"]
    run = run_credprobe("check", "aws", "--endpoint", emulator.url, "--json", env=key.env(READY_REGION))
    assert run.code == 0
    v = run.json()
    assert "readiness" not in v and "ready" not in v


def test_table_shows_the_checklist_under_the_verdict(emulator, fixture):
    run = check(emulator, fixture["quota_zero"], as_json=False)
    assert run.code == EXIT_NOT_READY
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  readiness"))
    assert lines[at] == "  readiness     NOT READY (1 unmet)"
    assert lines[at + 1] == "    [+] g5.xlarge is offered in us-west-2"
    assert lines[at + 2] == "        us-west-2 offers g5.xlarge"
    assert "    [x] the On-Demand vCPU quota covers one g5.xlarge" in lines
    assert ("        quota 0 vCPUs; g5.xlarge needs 4 (Running On-Demand G and VT instances, "
            "L-DB2E81BA in us-west-2)") in lines
    assert f'        hint: Request an increase of "Running On-Demand G and VT instances" to at least 4 vCPUs: {QUOTA_PAGE}' in lines
    assert "    [+] the key may launch g5.xlarge (dry run)" in lines
    # Each request the check sent is shown once: STS under "evidence", each readiness read under
    # the requirement it informs (the JSON's evidence lists them all).
    sent = len(check(emulator, fixture["quota_zero"]).json()["evidence"])
    request_lines = [line for line in lines if " -> " in line]
    assert len(request_lines) == sent, run.stdout
    credential_requests = [line for line in lines[:at] if " -> " in line]
    assert len(credential_requests) == 1 and credential_requests[0].startswith("  evidence      GET "), run.stdout


def test_help_documents_the_readiness_exit_codes():
    run = run_credprobe("--help")
    assert "compute the fields name (aws_instance_type, ...) is not ready: ready is no" in run.stdout
    assert "readiness could not be told: ready is unknown" in run.stdout
