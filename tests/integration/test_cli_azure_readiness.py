"""`credprobe check azure` with compute fields: readiness against the emulator's Resource Manager.

`--field azure_instance_type=Standard_NC4as_T4_v3 --field azure_region=eastus --field
azure_resource_group=ml-jobs` (with azure_subscription_id) asks, after a valid Entra grant,
whether one VM of that size can launch: Microsoft.Compute registered, the resource group there,
the size offered to the subscription and not restricted, the family's and the region's vCPU
quotas, the principal's roles at the group. Exit codes: 0 ready, 3 not ready, 4 readiness
unknown; the credential's status stays `valid` in every case.
"""

from __future__ import annotations

import pytest

from azure_readiness_fixtures import (
    FAMILY_LABEL,
    GROUP,
    NOT_IN_REGION,
    REGION,
    SIZE,
    make_readiness_fixture,
)
from cli_runner import Run, run_credprobe
from emulator_harness import start_emulator

EXIT_READY, EXIT_NOT_READY, EXIT_UNKNOWN = 0, 3, 4
IDS = ["compute_registered", "resource_group", "size_offered", "vcpu_quota", "launch_permission"]


@pytest.fixture(scope="module")
def fx():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fx):
    with start_emulator(fx.fixtures) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(emulator):
    emulator.clear_faults()
    emulator.clear_requests()


def check(emulator, fx, principal="ready", subscription="ready", as_json=True, **fields) -> Run:
    args = ["check", "azure", "--endpoint", f"login={emulator.url}", "--endpoint",
            f"management={emulator.url}"]
    for name, value in fx.fields(principal, subscription, **fields).items():
        args += ["--field", f"{name}={value}"]
    if as_json:
        args.append("--json")
    run = run_credprobe(*args, env={"NO_PROXY": "127.0.0.1,localhost"})
    for secret in fx.secrets():
        assert secret not in run.stdout + run.stderr, "a secret reached the output"
    return run


def states(verdict: dict) -> dict[str, str]:
    return {r["id"]: r["state"] for r in verdict["readiness"]}


def requirement(verdict: dict, rid: str) -> dict:
    [found] = [r for r in verdict["readiness"] if r["id"] == rid]
    return found


def only_unmet(verdict: dict, rid: str) -> None:
    """`rid` is unmet and nothing else is: each requirement fails on its own."""
    unmet = [r["id"] for r in verdict["readiness"] if r["state"] == "unmet"]
    assert unmet == [rid], verdict["readiness"]


def test_a_ready_configuration_exits_0(emulator, fx):
    run = check(emulator, fx)
    assert run.code == EXIT_READY, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "yes"
    assert [r["id"] for r in v["readiness"]] == IDS
    assert states(v) == {i: "met" for i in IDS}
    assert requirement(v, "size_offered")["detail"] == (
        f"{REGION} offers {SIZE} to the subscription (4 vCPUs, family standardNCASv3_T4Family)")
    assert requirement(v, "vcpu_quota")["detail"] == (
        f"{FAMILY_LABEL}: 8 of 8 vCPUs free; Total Regional vCPUs: 94 of 100 free; {SIZE} needs 4")
    assert all(r["hint"] == "" for r in v["readiness"])
    paths = [r["path"] for r in emulator.requests()]
    sub = fx.subscriptions["ready"]
    reads = [
        f"/subscriptions/{sub}/providers/Microsoft.Compute",
        f"/subscriptions/{sub}/resourcegroups/{GROUP}",
        f"/subscriptions/{sub}/providers/Microsoft.Compute/skus",
        f"/subscriptions/{sub}/providers/Microsoft.Compute/locations/{REGION}/usages",
        f"/subscriptions/{sub}/resourcegroups/{GROUP}/providers/Microsoft.Authorization/permissions",
    ]
    # The five reads go out at once, so they reach the emulator in any order; the verdict's
    # evidence lists them in the order they were sent and read.
    assert sorted(paths[3:]) == sorted(reads)
    assert [e["path"].split("?")[0] for e in v["evidence"]][3:] == reads
    # Every readiness request is a GET: nothing is created, changed or reserved.
    assert {r["method"] for r in emulator.requests()[3:]} == {"GET"}


def test_provider_unregistered_exits_3_with_the_register_command(emulator, fx):
    run = check(emulator, fx, subscription="unregistered")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "compute_registered")
    sub = fx.subscriptions["unregistered"]
    r = requirement(v, "compute_registered")
    assert r["detail"] == (f"Microsoft.Compute is NotRegistered in subscription {sub}: Azure "
                           "refuses every VM there (MissingSubscriptionRegistration)")
    assert r["hint"].startswith("Register it (once per subscription): az provider register "
                                f"--namespace Microsoft.Compute --subscription {sub}")
    assert requirement(v, "size_offered")["detail"] == (
        f"not checked: Microsoft.Compute is not registered in subscription {sub}")


def test_registering_is_unknown_exit_4(emulator, fx):
    run = check(emulator, fx, subscription="registering")
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    assert states(run.json())["compute_registered"] == "unknown"


def test_resource_group_missing_exits_3(emulator, fx):
    run = check(emulator, fx, azure_resource_group="does-not-exist")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "resource_group")
    r = requirement(v, "resource_group")
    assert r["detail"] == (f"resource group does-not-exist does not exist in subscription "
                           f"{fx.subscriptions['ready']} (ResourceGroupNotFound)")
    assert r["hint"].startswith("Create it (az group create --name does-not-exist --location eastus")
    assert requirement(v, "launch_permission")["detail"] == (
        "not checked: resource group does-not-exist does not exist")


def test_size_restricted_for_the_subscription_exits_3(emulator, fx):
    run = check(emulator, fx, subscription="restricted")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "size_offered")
    r = requirement(v, "size_offered")
    assert r["detail"] == (f"{SIZE} is restricted for the subscription in {REGION} "
                           "(NotAvailableForSubscription): a launch fails with SkuNotAvailable")
    assert r["hint"].startswith(f"Choose another size or region (az vm list-skus --location {REGION} "
                                f"--size {SIZE} shows the restriction)")


def test_zone_restrictions_are_a_detail_not_a_failure(emulator, fx):
    run = check(emulator, fx, subscription="zones")
    assert run.code == EXIT_READY, run.stdout + run.stderr
    r = requirement(run.json(), "size_offered")
    assert r["detail"].endswith(f"; availability zones 2, 3 of {REGION} are restricted for the "
                                "subscription")
    assert r["hint"] == "Do not pin the VM to zones 2, 3."


def test_size_not_offered_in_the_region_exits_3(emulator, fx):
    run = check(emulator, fx, azure_instance_type=NOT_IN_REGION)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "size_offered")
    assert requirement(v, "size_offered")["detail"] == (
        f"{NOT_IN_REGION} is not offered in {REGION}: the region's SKU list does not name it")
    assert requirement(v, "vcpu_quota")["detail"] == (
        f"not checked: {NOT_IN_REGION} is not offered in {REGION}")


def test_family_quota_zero_exits_3_with_the_quota_page(emulator, fx):
    run = check(emulator, fx, subscription="quota_zero")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "vcpu_quota")
    r = requirement(v, "vcpu_quota")
    assert r["detail"] == (f"{FAMILY_LABEL}: 0 of 0 vCPUs free; Total Regional vCPUs: 94 of 100 "
                           f"free; {SIZE} needs 4")
    assert r["hint"] == (f'Request an increase of "{FAMILY_LABEL}" to at least 4 vCPUs in {REGION}: '
                         "https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/"
                         "myQuotas (Quotas > Compute), or stop VMs that use it.")


@pytest.mark.parametrize("principal,missing", [
    ("reader", "Microsoft.Compute/virtualMachines/write, Microsoft.Compute/disks/write, "
               "Microsoft.Network/networkInterfaces/write, "
               "Microsoft.Network/networkInterfaces/join/action, "
               "Microsoft.Network/virtualNetworks/subnets/join/action, "
               "Microsoft.Network/publicIPAddresses/write, "
               "Microsoft.Network/publicIPAddresses/join/action"),
    ("no_disks", "Microsoft.Compute/disks/write"),
])
def test_permission_missing_exits_3_naming_the_actions(emulator, fx, principal, missing):
    run = check(emulator, fx, principal=principal)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    only_unmet(v, "launch_permission")
    r = requirement(v, "launch_permission")
    assert r["detail"] == f"the principal's roles at {GROUP} do not allow {missing}"
    assert r["hint"].startswith(f"Assign the principal a role at resource group {GROUP} (or above) "
                                f"that allows {missing}")


def test_wildcards_across_roles_with_not_actions_may_launch(emulator, fx):
    run = check(emulator, fx, principal="split_roles")
    assert run.code == EXIT_READY, run.stdout + run.stderr
    assert states(run.json())["launch_permission"] == "met"


def test_a_readiness_read_denied_is_unknown_exit_4_naming_the_permission(emulator, fx):
    run = check(emulator, fx, principal="group_denied")
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid" and v["ready"] == "unknown"
    r = requirement(v, "resource_group")
    assert r["state"] == "unknown"
    assert r["detail"] == ("the principal may not call "
                           "Microsoft.Resources/subscriptions/resourceGroups/read "
                           "(AuthorizationFailed), so credprobe cannot tell")
    assert r["hint"] == ("Allow Microsoft.Resources/subscriptions/resourceGroups/read for the "
                         "principal (the Reader role has it) so credprobe can tell.")
    assert [e["http_status"] for e in r["evidence"]] == [403]
    assert r["evidence"][0]["provider_code"] == "AuthorizationFailed"


def test_a_throttled_read_is_unknown_with_retry_after(emulator, fx):
    sub = fx.subscriptions["ready"]
    emulator.arm_fault(f"/subscriptions/{sub}/providers/Microsoft.Compute/locations/{REGION}/usages",
                       "rate_limit", retry_after=20)
    run = check(emulator, fx)
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    r = requirement(run.json(), "vcpu_quota")
    assert r["detail"] == ("Resource Manager asked to slow down (TooManyRequests, Retry-After 20 s), "
                           "so credprobe cannot tell")
    assert r["hint"] == "Wait 20 seconds and check again."


@pytest.mark.parametrize("fault", ["server_error", "malformed_json", "truncated_body",
                                   "unexpected_body", "reset_before_body"])
def test_a_failed_sku_list_is_unknown_never_not_offered(emulator, fx, fault):
    sub = fx.subscriptions["ready"]
    emulator.arm_fault(f"/subscriptions/{sub}/providers/Microsoft.Compute/skus", fault)
    run = check(emulator, fx)
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    v = run.json()
    assert states(v)["size_offered"] == "unknown"
    assert "unmet" not in states(v).values()


def test_without_compute_fields_there_is_no_readiness(emulator, fx):
    fields = fx.fields("reader")
    for name in ("azure_instance_type", "azure_region", "azure_resource_group"):
        del fields[name]
    args = ["check", "azure", "--endpoint", f"login={emulator.url}", "--endpoint",
            f"management={emulator.url}", "--json"]
    for name, value in fields.items():
        args += ["--field", f"{name}={value}"]
    run = run_credprobe(*args)
    assert run.code == 0, run.stdout + run.stderr
    assert "readiness" not in run.json() and "ready" not in run.json()


def test_table_shows_the_checklist(emulator, fx):
    run = check(emulator, fx, subscription="quota_zero", as_json=False)
    assert run.code == EXIT_NOT_READY
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  readiness"))
    assert lines[at] == "  readiness     NOT READY (1 unmet)"
    assert lines[at + 1] == f"    [+] Microsoft.Compute is registered in subscription {fx.subscriptions['quota_zero']}"
    assert f"    [x] the vCPU quotas in {REGION} cover one {SIZE}" in lines
    assert f"    [+] the principal may create {SIZE} in resource group {GROUP}" in lines
    # Each request is shown once: the credential's three under "evidence", each readiness read
    # under the requirement it informs (the JSON's evidence lists them all).
    sent = len(check(emulator, fx, subscription="quota_zero").json()["evidence"])
    assert sent == 8
    assert len([line for line in lines if " -> " in line]) == sent, run.stdout
    assert len([line for line in lines[:at] if " -> " in line]) == 3, run.stdout


def test_the_evidence_line_of_a_refused_read_carries_its_code(emulator, fx):
    v = check(emulator, fx, principal="group_denied").json()
    [line] = [e for e in v["evidence"] if e["path"].endswith(f"/resourcegroups/{GROUP}")]
    assert (line["http_status"], line["provider_code"]) == (403, "AuthorizationFailed")
