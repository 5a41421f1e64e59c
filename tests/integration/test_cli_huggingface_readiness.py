"""`credprobe check huggingface` with compute fields: Space readiness against the emulator.

`--field hf_username=NAMESPACE --field hf_hardware=FLAVOUR` asks, after a valid whoami-v2
answer, whether a Space on that hardware can be created there: the token may write to the
namespace (role, fine-grained repo.write, the user's role in the org), the Hub lists the flavour,
paid hardware can be billed (canPay), and the token will not expire first. Exit codes: 0 ready,
3 not ready, 4 readiness unknown; an expired token is `expired` and no readiness runs.
"""

from __future__ import annotations

import pytest

from cli_runner import Run, run_credprobe
from emulator_harness import start_emulator
from hf_readiness_fixtures import FREE, ORG, PAID, HARDWARE_NAMES, make_hf_readiness_fixture

EXIT_READY, EXIT_INVALID, EXIT_NOT_READY, EXIT_UNKNOWN = 0, 1, 3, 4
IDS = ["namespace_write", "hardware_flavour", "hardware_billing", "token_lifetime"]
TOKENS_PAGE = "https://huggingface.co/settings/tokens"


@pytest.fixture(scope="module")
def fixture():
    return make_hf_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def check(emulator, token, namespace="", hardware=PAID, as_json=True) -> Run:
    args = ["check", "huggingface", "--endpoint", emulator.url, "--field", f"hf_token={token}"]
    if namespace:
        args += ["--field", f"hf_username={namespace}"]
    if hardware:
        args += ["--field", f"hf_hardware={hardware}"]
    if as_json:
        args.append("--json")
    run = run_credprobe(*args)
    assert token not in run.everything()
    assert token[3:] not in run.everything()
    return run


def states(verdict: dict) -> dict[str, str]:
    return {r["id"]: r["state"] for r in verdict["readiness"]}


def requirement(verdict: dict, rid: str) -> dict:
    [found] = [r for r in verdict["readiness"] if r["id"] == rid]
    return found


def test_write_token_with_a_payment_method_is_ready(emulator, fixture):
    run = check(emulator, fixture["ready"], "rhea-ready")
    assert run.code == EXIT_READY, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid"
    assert v["ready"] == "yes"
    assert [r["id"] for r in v["readiness"]] == IDS
    assert states(v) == {i: "met" for i in IDS}
    assert requirement(v, "namespace_write")["label"] == "the token may create a Space in rhea-ready"
    assert requirement(v, "hardware_flavour")["detail"] == \
        "the Hub's hardware list has t4-small (Nvidia T4 - small)"
    assert requirement(v, "hardware_billing")["detail"] == (
        "t4-small is billed by the minute, and whoami-v2 reports a payment method on rhea-ready "
        "(canPay)")
    assert requirement(v, "token_lifetime")["detail"] == "whoami-v2 reports no expiration for the token"
    assert all(r["hint"] == "" for r in v["readiness"])
    # Two requests reached the Hub: whoami-v2, then the public hardware list.
    assert [e["path"] for e in v["evidence"]] == ["/api/whoami-v2", "/api/spaces/hardware"]


def test_the_hardware_list_request_carries_no_token(emulator, fixture):
    emulator.clear_requests()
    check(emulator, fixture["ready"], "rhea-ready")
    log = emulator.requests()
    assert [(r["method"], r["path"]) for r in log] == [("GET", "/api/whoami-v2"),
                                                       ("GET", "/api/spaces/hardware")]
    assert "authorization" in [n.lower() for n in log[0]["header_names"]]
    assert "authorization" not in [n.lower() for n in log[1]["header_names"]]


def test_read_token_is_not_ready_with_the_token_page(emulator, fixture):
    run = check(emulator, fixture["read"], "rory-reader", FREE)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid"
    assert v["ready"] == "no"
    write = requirement(v, "namespace_write")
    assert write["state"] == "unmet"
    assert write["detail"] == "the token's role is read: it may not create repos, so no Space"
    assert write["hint"].endswith(TOKENS_PAGE)
    assert states(v)["hardware_billing"] == "met"


def test_fine_grained_token_without_write_on_the_org_is_not_ready(emulator, fixture):
    run = check(emulator, fixture["fine_grained_org"], ORG)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    write = requirement(run.json(), "namespace_write")
    assert write["state"] == "unmet"
    assert write["detail"] == (
        f"the fine-grained token holds no repo.write on {ORG} (its grants: org {ORG}: "
        "repo.content.read)")
    assert write["hint"] == (
        f"Edit the token's permissions: under {ORG}, allow \"Write access to contents/settings of "
        f"all repos\" (repo.write): {TOKENS_PAGE}")


def test_fine_grained_token_with_write_on_a_paying_org_is_ready(emulator, fixture):
    run = check(emulator, fixture["fine_grained_org_write"], ORG)
    assert run.code == EXIT_READY, run.stdout + run.stderr
    v = run.json()
    assert requirement(v, "namespace_write")["detail"] == (
        f"the fine-grained token holds repo.write on {ORG}; finn-fine is write in {ORG}, a role "
        "that may create repos")
    assert requirement(v, "hardware_billing")["detail"] == (
        f"t4-small is billed by the minute, and whoami-v2 reports a payment method on {ORG} "
        "(canPay)")


def test_read_member_of_the_org_is_not_ready(emulator, fixture):
    run = check(emulator, fixture["org_reader"], ORG)
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    write = requirement(run.json(), "namespace_write")
    assert write["state"] == "unmet"
    assert write["detail"] == f"otto-reader is a read member of {ORG}: read members may not create repos"
    assert write["hint"] == (
        f"Ask an admin of {ORG} for the contributor, write or admin role (organization settings, "
        "Members).")


def test_paid_hardware_without_a_payment_method_is_not_ready(emulator, fixture):
    run = check(emulator, fixture["no_payment"], "nina-nopay")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    assert states(v) == {"namespace_write": "met", "hardware_flavour": "met",
                         "hardware_billing": "unmet", "token_lifetime": "met"}
    billing = requirement(v, "hardware_billing")
    assert billing["detail"] == (
        "t4-small is billed by the minute, and whoami-v2 reports no payment method on nina-nopay "
        "(canPay false)")
    assert billing["hint"] == (
        "Add a payment method to nina-nopay (https://huggingface.co/settings/billing), or use the "
        "free cpu-basic.")


def test_free_hardware_needs_no_payment_method(emulator, fixture):
    run = check(emulator, fixture["no_payment"], "nina-nopay", FREE)
    assert run.code == EXIT_READY, run.stdout + run.stderr
    assert requirement(run.json(), "hardware_billing")["detail"] == \
        "cpu-basic is the free CPU tier: no payment method is needed"


def test_unknown_flavour_is_not_ready_with_the_hubs_flavours(emulator, fixture):
    run = check(emulator, fixture["ready"], "rhea-ready", "t4-large")
    assert run.code == EXIT_NOT_READY, run.stdout + run.stderr
    v = run.json()
    flavour = requirement(v, "hardware_flavour")
    assert flavour["state"] == "unmet"
    assert flavour["detail"] == "the Hub's hardware list has no t4-large"
    assert flavour["hint"] == f"Set hf_hardware to one of the Hub's flavours: {', '.join(HARDWARE_NAMES)}."
    assert requirement(v, "hardware_billing") | {"evidence": None} == {
        "id": "hardware_billing", "label": "t4-large can be billed to rhea-ready", "state": "unknown",
        "detail": "not checked: the Hub lists no t4-large", "hint": "", "evidence": None}


def test_a_failing_hardware_list_is_unknown_exit_4(emulator, fixture):
    emulator.arm_fault("/api/spaces/hardware", "server_error")
    run = check(emulator, fixture["ready"], "rhea-ready")
    assert run.code == EXIT_UNKNOWN, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "valid"
    assert v["ready"] == "unknown"
    flavour = requirement(v, "hardware_flavour")
    assert flavour["state"] == "unknown"
    assert flavour["detail"] == \
        "the Hub answered HTTP 500 to its hardware list, which proves nothing either way"


def test_expiring_token_says_when(emulator, fixture):
    run = check(emulator, fixture["expiring"], "", FREE)
    assert run.code == EXIT_READY, run.stdout + run.stderr
    v = run.json()
    lifetime = requirement(v, "token_lifetime")
    assert lifetime["state"] == "met"
    when = fixture.expiring_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Three days and half an hour ahead when the fixture was made: "3 days" for the check.
    assert lifetime["detail"] == (
        f"the token expires at {when}, in 3 days: a run that lasts longer loses access then")
    assert requirement(v, "namespace_write")["label"] == "the token may create a Space in eve-expiring"


def test_expired_token_is_expired_and_not_checked_further(emulator, fixture):
    run = check(emulator, fixture["expired"], "ezra-expired")
    assert run.code == EXIT_INVALID, run.stdout + run.stderr
    v = run.json()
    assert v["status"] == "expired"
    assert v["summary"].startswith("Hugging Face reports that the token expired at ")
    assert "readiness" not in v
    assert v["hint"] == "The token has expired. Create a new one at https://huggingface.co/settings/tokens."
    assert [e["path"] for e in v["evidence"]] == ["/api/whoami-v2"]


def test_table_shows_the_checklist_with_hints(emulator, fixture):
    run = check(emulator, fixture["no_payment"], "nina-nopay", as_json=False)
    assert run.code == EXIT_NOT_READY
    text = run.stdout
    assert "t4-small can be billed to nina-nopay" in text
    assert "https://huggingface.co/settings/billing" in text
