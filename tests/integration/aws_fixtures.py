"""Fake AWS access keys and the emulator fixture that knows them, made fresh on every run.

    from aws_fixtures import make_aws_fixture

    fixture = make_aws_fixture()
    with start_emulator(fixture.fixtures) as emulator:
        fixture["iam_user"]            # AwsKey(access_key_id, secret_access_key, session_token, ...)
        fixture["iam_user"].env()      # {"AWS_ACCESS_KEY_ID": ..., "AWS_SECRET_ACCESS_KEY": ...}

Principals: iam_user, assumed_role (ASIA key + session token), federated (ASIA + token),
expired (ASIA + token, session over), root, and one per fault in FAULTS plus "throttled_400"
(STS's own 400 Throttling). Keys have AWS's shape: key ids are AKIA/ASIA + 16 base32
characters that encode a random 12-digit account the way current AWS key ids do; secrets are
40 characters of [A-Za-z0-9+/]; session tokens are long base64 strings. All random, so nothing
key-shaped is ever committed.
"""

from __future__ import annotations

import base64
import secrets
import string
from dataclasses import dataclass, field

from emulator_harness import FAULTS

_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"  # also played by the emulator, for region-from-profile tests


def random_account() -> str:
    return f"{secrets.randbelow(10**12 - 10**11) + 10**11:012d}"


def fake_key_id(prefix: str = "AKIA", account: str | None = None) -> str:
    """AKIA/ASIA + 16 base32 characters; the first ones encode `account` as AWS's do."""
    account = account or random_account()
    bits = (1 << 47) | (int(account) << 7) | secrets.randbits(7)
    head = base64.b32encode(bits.to_bytes(6, "big") + secrets.token_bytes(4)).decode()
    return prefix + head[:9] + "".join(secrets.choice(_BASE32) for _ in range(7))


def decode_account(key_id: str) -> str:
    """The account a key id encodes (the same research credprobe's lint relies on)."""
    raw = base64.b32decode(key_id[4:])
    return f"{(int.from_bytes(raw[:6], 'big') & 0x7FFFFFFFFF80) >> 7:012d}"


def fake_secret() -> str:
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))


def fake_session_token() -> str:
    # Real tokens are several hundred base64 characters with '+', '/' and '=' in them.
    return base64.b64encode(secrets.token_bytes(300)).decode()


@dataclass
class AwsKey:
    access_key_id: str
    secret_access_key: str
    session_token: str = ""
    arn: str = ""
    account: str = ""
    user_id: str = ""
    extra: dict = field(default_factory=dict)

    def env(self, region: str = REGION) -> dict[str, str]:
        values = {
            "AWS_ACCESS_KEY_ID": self.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.secret_access_key,
            "AWS_REGION": region,
        }
        if self.session_token:
            values["AWS_SESSION_TOKEN"] = self.session_token
        return values

    def secrets(self) -> list[str]:
        return [s for s in (self.secret_access_key, self.session_token) if s]

    def entry(self) -> dict:
        entry = {
            "access_key_id": self.access_key_id,
            "secret_access_key": self.secret_access_key,
            "arn": self.arn,
            **self.extra,
        }
        if self.session_token:
            entry["session_token"] = self.session_token
        if self.user_id:
            entry["user_id"] = self.user_id
        return entry


class AwsFixture(dict):
    """Named fake keys (name -> AwsKey) plus the emulator fixture JSON that knows them."""

    def __init__(self, keys: dict[str, AwsKey], fixtures: dict):
        super().__init__(keys)
        self.fixtures = fixtures

    def all_secrets(self) -> list[str]:
        return [s for key in self.values() for s in key.secrets()]


# Parameters the fault keys carry: short enough for tests, long enough to measure.
FAULT_PARAMS = {
    "latency": {"delay_ms": 1500},
    "rate_limit": {"retry_after": 7},
    "oversized": {"size_bytes": 12 << 20},
    "hang": {"max_ms": 60000},
}


def _key(kind: str, account: str, arn: str, user_id: str = "", **extra) -> AwsKey:
    temporary = kind == "ASIA"
    return AwsKey(
        access_key_id=fake_key_id(kind, account),
        secret_access_key=fake_secret(),
        session_token=fake_session_token() if temporary else "",
        arn=arn,
        account=account,
        user_id=user_id,
        extra=extra,
    )


def make_aws_fixture() -> AwsFixture:
    account = random_account()
    other = random_account()
    keys = {
        "iam_user": _key("AKIA", account, f"arn:aws:iam::{account}:user/engineering/ada",
                         "AIDA" + fake_key_id()[4:]),
        "assumed_role": _key("ASIA", account, f"arn:aws:sts::{account}:assumed-role/Deployer/ci-run-7"),
        "federated": _key("ASIA", other, f"arn:aws:sts::{other}:federated-user/grace"),
        "expired": _key("ASIA", account, f"arn:aws:sts::{account}:assumed-role/Deployer/old-run",
                        expired=True),
        "root": _key("AKIA", other, f"arn:aws:iam::{other}:root"),
    }
    for fault in FAULTS:
        keys[fault] = _key("AKIA", account, f"arn:aws:iam::{account}:user/fault-{fault}",
                           fault=fault, **FAULT_PARAMS.get(fault, {}))
    keys["throttled_400"] = _key("AKIA", account, f"arn:aws:iam::{account}:user/throttled",
                                 fault="rate_limit", status=400)
    fixtures = {
        "aws": {
            "regions": [REGION, OTHER_REGION],
            "principals": [key.entry() for key in keys.values()],
        }
    }
    return AwsFixture(keys, fixtures)


def unknown_key() -> AwsKey:
    """A well-formed key the emulator does not know."""
    return AwsKey(fake_key_id("AKIA"), fake_secret())
