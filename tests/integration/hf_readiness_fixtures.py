"""Emulator fixtures for Hugging Face readiness: whoami-v2 bodies for write, read and
fine-grained tokens, users and organizations with and without a payment method, an expiring and
an expired token, and the Hub's Space hardware list.

    from hf_readiness_fixtures import make_hf_readiness_fixture

    fixture = make_hf_readiness_fixture()
    fixture["ready"]              # write token, user with a payment method
    fixture["read"]               # read token
    fixture["fine_grained_org"]   # fine-grained, only repo.content.read on the org
    fixture["fine_grained_org_write"]  # fine-grained, repo.write on the org (org can pay)
    fixture["org_reader"]         # write token, the user is a read member of the org
    fixture["no_payment"]         # write token, no payment method (canPay false)
    fixture["expiring"]           # fine-grained with repo.write on the user, expires in 3 days
    fixture["expired"]            # expired an hour before the emulator's clock
    fixture.whoami[name]          # the whoami-v2 body declared for each

Tokens are made fresh with fake_hf_token (random, nothing token-shaped committed).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

from emulator_harness import HfFixture, _user, fake_hf_token

ORG = "credprobe-gpu-lab"
PAID = "t4-small"
FREE = "cpu-basic"

# The Hub's Space hardware list as GET /api/spaces/hardware answers it (huggingface_hub's
# JobHardwareInfo fields); the names are huggingface_hub 2.4.0's SpaceHardware.
HARDWARE = [
    ("cpu-basic", "CPU Basic", 0), ("cpu-upgrade", "CPU Upgrade", 500),
    ("zero-a10g", "ZeroGPU", 0), ("t4-small", "Nvidia T4 - small", 6667),
    ("t4-medium", "Nvidia T4 - medium", 10000), ("l4x1", "1x Nvidia L4", 13333),
    ("l4x4", "4x Nvidia L4", 63333), ("l40sx1", "1x Nvidia L40S", 30000),
    ("l40sx4", "4x Nvidia L40S", 138333), ("l40sx8", "8x Nvidia L40S", 390000),
    ("a10g-small", "Nvidia A10G - small", 16667), ("a10g-large", "Nvidia A10G - large", 25000),
    ("a10g-largex2", "2x Nvidia A10G - large", 50000),
    ("a10g-largex4", "4x Nvidia A10G - large", 83333),
    ("a100-large", "Nvidia A100 - large", 41667), ("a100x4", "4x Nvidia A100", 166667),
    ("a100x8", "8x Nvidia A100", 333333), ("rtx-pro-6000", "Nvidia RTX PRO 6000", 43333),
    ("rtx-pro-6000x2", "2x Nvidia RTX PRO 6000", 86667),
    ("rtx-pro-6000x4", "4x Nvidia RTX PRO 6000", 173333),
    ("rtx-pro-6000x8", "8x Nvidia RTX PRO 6000", 346667),
]
HARDWARE_NAMES = [name for name, _, _ in HARDWARE]


def hardware_list() -> list[dict]:
    return [
        {"name": name, "prettyName": pretty, "cpu": "2 vCPU", "ram": "16 GB", "accelerator": None,
         "unitCostMicroUSD": cost, "unitCostUSD": cost / 1e6, "unitLabel": "minute"}
        for name, pretty, cost in HARDWARE
    ]


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _org(role: str, can_pay: bool) -> dict:
    return {"type": "org", "id": secrets.token_hex(12), "name": ORG, "fullname": "GPU Lab",
            "email": None, "canPay": can_pay, "periodEnd": None,
            "avatarUrl": f"/avatars/{secrets.token_hex(16)}.svg", "roleInOrg": role,
            "isEnterprise": False}


def _fine_grained(body: dict, entity_type: str, entity: str, permissions: list[str]) -> dict:
    body["auth"]["accessToken"]["fineGrained"] = {
        "canReadGatedRepos": False,
        "global": ["discussion.write"],
        "scoped": [{"entity": {"_id": secrets.token_hex(12), "type": entity_type, "name": entity},
                    "permissions": permissions}],
    }
    return body


def make_hf_readiness_fixture(now: datetime | None = None) -> HfFixture:
    now = now or datetime.now(timezone.utc)
    expiring_at = (now + timedelta(days=3, minutes=30)).replace(microsecond=0)
    whoami = {
        "ready": _user("rhea-ready", "Rhea Ready", "write", "spaces", canPay=True),
        "read": _user("rory-reader", "Rory Reader", "read", "read-only", canPay=True),
        "fine_grained_org": _fine_grained(
            _user("fern-fine", "Fern Fine", "fineGrained", "lab-read", orgs=[_org("write", True)]),
            "org", ORG, ["repo.content.read"]),
        "fine_grained_org_write": _fine_grained(
            _user("finn-fine", "Finn Fine", "fineGrained", "lab-write", orgs=[_org("write", True)]),
            "org", ORG, ["repo.content.read", "repo.write"]),
        "org_reader": _user("otto-reader", "Otto Reader", "write", "lab", canPay=True,
                            orgs=[_org("read", True)]),
        "no_payment": _user("nina-nopay", "Nina Nopay", "write", "spaces", canPay=False),
        "expiring": _fine_grained(
            _user("eve-expiring", "Eve Expiring", "fineGrained", "three-days", canPay=True),
            "user", "eve-expiring", ["repo.write"]),
        "expired": _user("ezra-expired", "Ezra Expired", "write", "old", canPay=True),
    }
    whoami["expiring"]["auth"]["accessToken"]["expiration"] = iso(expiring_at)
    whoami["expired"]["auth"]["accessToken"]["expiration"] = iso(now - timedelta(hours=1))
    tokens = {name: fake_hf_token() for name in whoami}
    entries = [{"token": tokens[name], "whoami": body} for name, body in whoami.items()]
    fixture = HfFixture(tokens, {"huggingface": {"tokens": entries, "hardware": hardware_list()}},
                        whoami)
    fixture.expiring_at = expiring_at
    return fixture
