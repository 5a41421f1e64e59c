"""Fake Lambda Cloud API keys and the emulator fixture that knows them, made fresh on every run.

    from lambda_fixtures import make_lambda_fixture

    fixture = make_lambda_fixture(rate_limit=False)
    with start_emulator(fixture.fixtures) as emulator:
        fixture["two_instances"]      # a key whose account runs two instances
        fixture.instances["two_instances"]   # what the fixture declares for them

Key names: two_instances, no_instances, revoked, inactive, and one per fault in FAULTS.
Keys have the shape of the keys Lambda's dashboard hands out (secret_<name>_<32 hex>.<32
letters/digits>; Lambda does not document it) but are random, so nothing key-shaped is committed.
"""

from __future__ import annotations

import secrets
import string

from emulator_harness import FAULTS

_ALNUM = string.ascii_letters + string.digits
_NAME = string.ascii_lowercase + string.digits


def fake_lambda_key() -> str:
    """A Lambda-shaped API key, random on every call."""
    name = "ci" + "".join(secrets.choice(_NAME) for _ in range(6))
    tail = "".join(secrets.choice(_ALNUM) for _ in range(32))
    return f"secret_{name}_{secrets.token_hex(16)}.{tail}"


# Parameters the fault keys carry: short enough for tests, long enough to measure.
FAULT_PARAMS = {
    "latency": {"delay_ms": 1500},
    "rate_limit": {"retry_after": 7},
    "oversized": {"size_bytes": 12 << 20},
    "hang": {"max_ms": 60000},
}

TWO_INSTANCES = [
    {
        "name": "train-1",
        "status": "active",
        "region": {"name": "us-tx-3", "description": "Austin, Texas"},
        "instance_type": {
            "name": "gpu_1x_a100_sxm4",
            "description": "1x A100 (40 GB SXM4)",
            "gpu_description": "A100 (40 GB SXM4)",
            "price_cents_per_hour": 129,
            "specs": {"vcpus": 30, "memory_gib": 200, "storage_gib": 512, "gpus": 1},
        },
    },
    {
        "name": "eval-2",
        "status": "booting",
        "region": {"name": "us-east-1", "description": "Virginia, USA"},
        "instance_type": {
            "name": "gpu_8x_h100_sxm5",
            "description": "8x H100 (80 GB SXM5)",
            "gpu_description": "H100 (80 GB SXM5)",
            "price_cents_per_hour": 2392,
            "specs": {"vcpus": 208, "memory_gib": 1800, "storage_gib": 24780, "gpus": 8},
        },
    },
]


class LambdaFixture(dict):
    """Named fake keys (name -> key) plus the emulator fixture JSON that knows them."""

    def __init__(self, keys: dict[str, str], fixtures: dict, instances: dict[str, list]):
        super().__init__(keys)
        self.fixtures = fixtures
        self.instances = instances


def make_lambda_fixture(rate_limit=False) -> LambdaFixture:
    """rate_limit: False (off), True (Lambda's one request per second per key) or
    {"interval_ms": N}."""
    instances = {"two_instances": TWO_INSTANCES, "no_instances": []}
    keys = {name: fake_lambda_key() for name in [*instances, "revoked", "inactive", *FAULTS]}
    entries = [{"key": keys[name], "instances": listed} for name, listed in instances.items()]
    entries.append({"key": keys["revoked"], "revoked": True})
    entries.append({"key": keys["inactive"], "account_inactive": True})
    for fault in FAULTS:
        entries.append(
            {"key": keys[fault], "fault": fault, **FAULT_PARAMS.get(fault, {}), "instances": TWO_INSTANCES}
        )
    fixtures = {"lambda": {"rate_limit": rate_limit, "keys": entries}}
    return LambdaFixture(keys, fixtures, instances)
