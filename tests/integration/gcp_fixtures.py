"""Google Cloud fixtures for the emulator, generated at test time.

Every RSA key is made fresh on each run with the `cryptography` package, so no private key is ever
committed. `make_gcp_fixture()` returns a GcpFixture:

    fixture.fixtures                   # the dict to pass to start_emulator
    fixture.key_files["reader"]        # a service-account key file (dict), as the console writes it
    fixture.write(tmp_path, "reader")  # that file on disk -> Path
    fixture.secrets("reader")          # strings that must never appear in any output

Service accounts and what the emulator knows of them:
  reader    key active; may read credprobe-readable            -> valid
  outsider  key active; may read nothing (credprobe-refused)   -> insufficient (403)
  deleted   reader's account, but a key that was deleted       -> invalid (Invalid JWT Signature.)
  stranger  reader's account, a key never registered           -> invalid (Invalid JWT Signature.)
  disabled  the account is disabled                            -> invalid (account not found)
  rate_limit, server_error: accounts whose token requests fail that way
authorized users: adc_user (valid, quota project credprobe-readable), adc_revoked.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

READABLE = "credprobe-readable"
REFUSED = "credprobe-refused"
MISSING = "credprobe-missing"
READABLE_NUMBER = "415104041262"
READABLE_NAME = "Credprobe Readable"


def new_rsa_key() -> tuple[str, str]:
    """A fresh 2048-bit RSA key: (PKCS#8 private PEM, SubjectPublicKeyInfo public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


def key_file(email: str, project: str, key_id: str, private_pem: str, **changes) -> dict:
    """A service-account key file with the members and order Google's console writes."""
    body = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": key_id,
        "private_key": private_pem,
        "client_email": email,
        "client_id": str(100000000000000000000 + secrets.randbelow(10**19)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
        + email.replace("@", "%40"),
        "universe_domain": "googleapis.com",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


@dataclass
class GcpFixture:
    fixtures: dict
    key_files: dict[str, dict] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return json.dumps(self.key_files[name], indent=2) + "\n"

    def write(self, directory: Path, name: str, text: str | None = None) -> Path:
        path = Path(directory) / f"{name}.json"
        path.write_text(self.text(name) if text is None else text)
        path.chmod(0o600)
        return path

    def secrets(self, name: str) -> list[str]:
        """Every string of this credential that must never be printed: the key's body lines,
        the refresh token and client secret."""
        body = self.key_files[name]
        found = []
        for line in body.get("private_key", "").splitlines():
            if line and "-----" not in line:
                found.append(line)
        for member in ("refresh_token", "client_secret"):
            if member in body:
                found.append(body[member])
        return found


def make_gcp_fixture() -> GcpFixture:
    reader_email = f"reader@{READABLE}.iam.gserviceaccount.com"
    outsider_email = f"outsider@{REFUSED}.iam.gserviceaccount.com"
    disabled_email = f"disabled@{READABLE}.iam.gserviceaccount.com"

    def key_id() -> str:
        return secrets.token_hex(20)

    keys = {name: (key_id(), *new_rsa_key()) for name in
            ("reader", "outsider", "deleted", "stranger", "disabled", "rate_limit", "server_error")}

    accounts = [
        {
            "client_email": reader_email,
            "projects": [READABLE],
            "keys": [
                {"key_id": keys["reader"][0], "public_key_pem": keys["reader"][2]},
                {"key_id": keys["deleted"][0], "public_key_pem": keys["deleted"][2], "deleted": True},
            ],
        },
        {
            "client_email": outsider_email,
            "projects": [],
            "keys": [{"key_id": keys["outsider"][0], "public_key_pem": keys["outsider"][2]}],
        },
        {
            "client_email": disabled_email,
            "disabled": True,
            "projects": [READABLE],
            "keys": [{"key_id": keys["disabled"][0], "public_key_pem": keys["disabled"][2]}],
        },
    ]
    fault_params = {"rate_limit": {"retry_after": 7}}
    for fault in ("rate_limit", "server_error"):
        accounts.append(
            {
                "client_email": f"{fault.replace('_', '-')}@{READABLE}.iam.gserviceaccount.com",
                "projects": [READABLE],
                "fault": fault,
                **fault_params.get(fault, {}),
                "keys": [{"key_id": keys[fault][0], "public_key_pem": keys[fault][2]}],
            }
        )

    users = {
        "adc_user": {
            "client_id": f"{secrets.randbelow(10**12)}-emulated.apps.googleusercontent.com",
            "client_secret": "d-" + secrets.token_urlsafe(18),
            "refresh_token": "1//0" + secrets.token_urlsafe(60),
            "projects": [READABLE],
        },
        "adc_revoked": {
            "client_id": f"{secrets.randbelow(10**12)}-emulated.apps.googleusercontent.com",
            "client_secret": "d-" + secrets.token_urlsafe(18),
            "refresh_token": "1//0" + secrets.token_urlsafe(60),
            "revoked": True,
        },
    }

    fixtures = {
        "gcp": {
            "service_accounts": accounts,
            "authorized_users": list(users.values()),
            "projects": [
                {"project_id": READABLE, "display_name": READABLE_NAME, "number": READABLE_NUMBER},
                {"project_id": REFUSED, "display_name": "Credprobe Refused", "number": "286331153"},
            ],
        }
    }
    emails = {
        "reader": reader_email,
        "deleted": reader_email,
        "stranger": reader_email,
        "outsider": outsider_email,
        "disabled": disabled_email,
        "rate_limit": accounts[3]["client_email"],
        "server_error": accounts[4]["client_email"],
    }
    projects = {"outsider": REFUSED}
    fixture = GcpFixture(fixtures)
    for name, (kid, private, _public) in keys.items():
        fixture.key_files[name] = key_file(emails[name], projects.get(name, READABLE), kid, private)
    for name, user in users.items():
        fixture.key_files[name] = {
            "client_id": user["client_id"],
            "client_secret": user["client_secret"],
            "quota_project_id": READABLE,
            "refresh_token": user["refresh_token"],
            "type": "authorized_user",
            "universe_domain": "googleapis.com",
        }
    return fixture
