"""huggingface_hub against the emulator's readiness fixtures, and credprobe's flavour table
against huggingface_hub's own.

`whoami()` must read every readiness fixture (write, read, fine-grained scoped to an org, canPay
true and false, an expiring and an expired token) with the fields readiness reads exactly as the
fixture declares them; `list_spaces_hardware()` must parse the emulator's hardware list. And the
flavours credprobe bills (src/credprobe/huggingface/space_hardware.cpp, exported in the generated
docs) must be huggingface_hub's SpaceHardware enum: a flavour added upstream fails this test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from emulator_harness import start_emulator
from hf_readiness_fixtures import HARDWARE_NAMES, ORG, make_hf_readiness_fixture

hub = pytest.importorskip("huggingface_hub")

CHILD = r"""
import json, sys
import huggingface_hub
tokens = json.load(sys.stdin)
out = {"whoami": {}, "hardware": None}
for name, token in tokens.items():
    out["whoami"][name] = huggingface_hub.whoami(token=token)
out["hardware"] = [h.name for h in huggingface_hub.list_spaces_hardware(token=False)]
json.dump(out, sys.stdout)
"""

DOCS = Path(os.environ.get("CREDPROBE_SOURCE_DIR", Path(__file__).resolve().parents[2])) / \
    "docs" / "providers" / "huggingface.md"


@pytest.fixture(scope="module")
def fixture():
    return make_hf_readiness_fixture()


@pytest.fixture(scope="module")
def report(fixture, tmp_path_factory):
    home = tmp_path_factory.mktemp("hf-home")
    with start_emulator(fixture.fixtures) as emulator:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HF_", "HUGGING")) and "proxy" not in k.lower()}
        env.update(HF_ENDPOINT=emulator.url, HF_HOME=str(home), HF_HUB_DISABLE_TELEMETRY="1",
                   HF_HUB_DISABLE_IMPLICIT_TOKEN="1", NO_PROXY="127.0.0.1,localhost")
        child = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(dict(fixture)),
                               capture_output=True, text=True, env=env, timeout=120)
        log = emulator.requests()
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout)
    result["log"] = log
    return result


@pytest.mark.parametrize("name", ["ready", "read", "fine_grained_org", "fine_grained_org_write",
                                  "org_reader", "no_payment", "expiring", "expired"])
def test_whoami_reads_each_readiness_fixture_as_declared(report, fixture, name):
    body = report["whoami"][name]
    expected = fixture.whoami[name]
    for key in ("name", "canPay", "isPro", "orgs", "auth"):
        assert body[key] == expected[key], key


def test_the_fields_readiness_reads_reach_the_client(report):
    w = report["whoami"]
    assert w["ready"]["auth"]["accessToken"]["role"] == "write"
    assert w["read"]["auth"]["accessToken"]["role"] == "read"
    assert [(o["name"], o["roleInOrg"], o["canPay"]) for o in w["org_reader"]["orgs"]] == \
        [(ORG, "read", True)]
    scoped = w["fine_grained_org"]["auth"]["accessToken"]["fineGrained"]["scoped"]
    assert [(s["entity"]["type"], s["entity"]["name"], s["permissions"]) for s in scoped] == \
        [("org", ORG, ["repo.content.read"])]
    assert w["no_payment"]["canPay"] is False and w["ready"]["canPay"] is True
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z",
                        w["expiring"]["auth"]["accessToken"]["expiration"])


def test_list_spaces_hardware_parses_the_emulators_list(report):
    assert report["hardware"] == HARDWARE_NAMES
    hardware = [e for e in report["log"] if e["path"] == "/api/spaces/hardware"]
    assert len(hardware) == 1


def test_credprobes_flavours_are_huggingface_hubs_space_hardware():
    from huggingface_hub import SpaceHardware

    text = DOCS.read_text()
    section = text[text.index("### Space hardware"):]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.M)
    assert documented == [h.value for h in SpaceHardware]
    # The emulator's list (the fixtures) is the same set, so the CLI tests see the real names.
    assert HARDWARE_NAMES == [h.value for h in SpaceHardware]
