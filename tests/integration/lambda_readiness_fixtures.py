"""Emulator fixtures for Lambda Cloud readiness: instance types with capacity in one region or
nowhere, accounts with two SSH keys or none, and Lambda's one-request-per-second limiter on.

    from lambda_readiness_fixtures import make_readiness_fixture, TYPE, REGION

    fixture = make_readiness_fixture()
    fixture["ready"]          # an account with two SSH keys (laptop, ci)
    fixture["no_ssh_key"]     # an account with none

The limiter is Lambda's (one request per second per key), so a check that did not pace its
requests would be refused with 429. Every name in SCENARIOS gets its own key, so one test's
requests never count against the next test's window. Keys are random (lambda_fixtures).
"""

from __future__ import annotations

from lambda_fixtures import fake_lambda_key

TYPE = "gpu_1x_a100_sxm4"  # capacity in REGION only
REGION = "us-east-1"
OTHER_REGION = "us-west-1"
SOLD_OUT = "gpu_8x_h100_sxm5"  # capacity nowhere
INSTANCE_TYPES = {
    TYPE: {"regions": [REGION], "description": "1x A100 (40 GB SXM4)",
           "gpu_description": "A100 (40 GB SXM4)"},
    SOLD_OUT: {"regions": [], "description": "8x H100 (80 GB SXM5)",
               "gpu_description": "H100 (80 GB SXM5)", "price_cents_per_hour": 2392},
    "gpu_1x_a10": {"regions": [OTHER_REGION, "us-south-1"], "description": "1x A10 (24 GB PCIe)"},
    "gpu_1x_h100_pcie": {"regions": [OTHER_REGION], "description": "1x H100 (80 GB PCIe)"},
}
SSH_KEYS = ["laptop", "ci"]

# scenario -> the account's SSH keys
SCENARIOS = {
    "ready": SSH_KEYS,
    "no_ssh_key": [],
    "unknown_type": SSH_KEYS,
    "sold_out": SSH_KEYS,
    "other_region": SSH_KEYS,
    "anywhere": SSH_KEYS,
    "read_fails": SSH_KEYS,
    "paced": SSH_KEYS,
    "table": SSH_KEYS,
    "fidelity": SSH_KEYS,
}


class ReadinessFixture(dict):
    """Named fake keys (scenario -> key) plus the emulator fixture JSON that knows them."""

    def __init__(self, keys: dict[str, str], fixtures: dict):
        super().__init__(keys)
        self.fixtures = fixtures


def make_readiness_fixture(rate_limit=True) -> ReadinessFixture:
    keys = {name: fake_lambda_key() for name in SCENARIOS}
    entries = [{"key": keys[name], "instances": [], "ssh_keys": ssh_keys}
               for name, ssh_keys in SCENARIOS.items()]
    fixtures = {"lambda": {"rate_limit": rate_limit, "instance_types": INSTANCE_TYPES,
                           "keys": entries}}
    return ReadinessFixture(keys, fixtures)
