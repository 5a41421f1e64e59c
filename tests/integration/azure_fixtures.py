"""Azure fixtures for the emulator, made fresh on every run: tenant, client and subscription
GUIDs and client secrets are random, so nothing credential-shaped is ever committed.

    fixture = make_azure_fixture()
    with start_emulator(fixture.fixtures) as emulator:
        fixture.fields("valid")      # {"azure_tenant_id": ..., "azure_client_id": ..., ...}

Principals (names): valid (two subscriptions), expired (7000222), wrong_secret (7000215: the
fields carry another secret than the one registered), unknown_client (700016), unknown_tenant
(90002), conditional_access (53003), no_subscriptions.
"""

from __future__ import annotations

import secrets
import string
import uuid
from dataclasses import dataclass, field

_SECRET_ALPHABET = string.ascii_letters + string.digits + "_~.-"

PRINCIPALS = (
    "valid",
    "expired",
    "wrong_secret",
    "unknown_client",
    "unknown_tenant",
    "conditional_access",
    "no_subscriptions",
)


def fake_guid() -> str:
    return str(uuid.uuid4())


def fake_client_secret() -> str:
    """Shaped like the secrets Entra ID makes today: 3 characters, '8Q~', then 34 more."""
    head = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(3))
    return head + "8Q~" + "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(34))


@dataclass
class AzureFixture:
    tenant: str
    tenant_domain: str
    unknown_tenant: str
    subscriptions: dict[str, dict]  # name -> {"id", "name", "state"}
    hidden_subscription: str  # exists in the tenant, visible to no principal
    credentials: dict[str, dict] = field(default_factory=dict)  # name -> tenant/client/secret
    display_names: dict[str, str] = field(default_factory=dict)
    object_ids: dict[str, str] = field(default_factory=dict)
    fixtures: dict = field(default_factory=dict)

    def fields(self, name: str, **extra: str) -> dict[str, str]:
        c = self.credentials[name]
        out = {
            "azure_tenant_id": c["tenant"],
            "azure_client_id": c["client_id"],
            "azure_client_secret": c["secret"],
        }
        out.update(extra)
        return out

    def secrets(self) -> list[str]:
        """Every secret the fixture knows, registered or not: none may ever be printed."""
        found = [c["secret"] for c in self.credentials.values()]
        for entry in self.fixtures["azure"]["principals"]:
            found.append(entry["secret"])
        return sorted(set(found))


def make_azure_fixture() -> AzureFixture:
    tenant = fake_guid()
    domain = f"credprobe{secrets.token_hex(4)}.onmicrosoft.com"
    subs = {
        "production": {"id": fake_guid(), "name": "Production", "state": "Enabled"},
        "research": {"id": fake_guid(), "name": "Research", "state": "Warned"},
    }
    hidden = fake_guid()
    fixture = AzureFixture(
        tenant=tenant,
        tenant_domain=domain,
        unknown_tenant=fake_guid(),
        subscriptions=subs,
        hidden_subscription=hidden,
    )
    entries = []

    def register(name: str, **extra) -> dict:
        client_id, secret, object_id = fake_guid(), fake_client_secret(), fake_guid()
        display = f"credprobe-{name.replace('_', '-')}"
        entry = {
            "tenant": tenant,
            "client_id": client_id,
            "secret": secret,
            "display_name": display,
            "object_id": object_id,
            **extra,
        }
        entries.append(entry)
        fixture.credentials[name] = {"tenant": tenant, "client_id": client_id, "secret": secret}
        fixture.display_names[name] = display
        fixture.object_ids[name] = object_id
        return entry

    register("valid", subscriptions=[subs["production"]["id"], subs["research"]["id"]])
    register("expired", secret_expired=True, subscriptions=[subs["production"]["id"]])
    register("wrong_secret", subscriptions=[subs["production"]["id"]])
    fixture.credentials["wrong_secret"] = dict(fixture.credentials["wrong_secret"], secret=fake_client_secret())
    register("conditional_access", conditional_access_block=True, subscriptions=[subs["production"]["id"]])
    register("no_subscriptions")
    fixture.credentials["unknown_client"] = {"tenant": tenant, "client_id": fake_guid(), "secret": fake_client_secret()}
    fixture.credentials["unknown_tenant"] = {
        "tenant": fixture.unknown_tenant,
        "client_id": fixture.credentials["valid"]["client_id"],
        "secret": fixture.credentials["valid"]["secret"],
    }

    fixture.fixtures = {
        "azure": {
            "tenants": [{"id": tenant, "domains": [domain], "display_name": "Credprobe Test Directory"}],
            "subscriptions": [
                *({"id": s["id"], "name": s["name"], "state": s["state"], "tenant": tenant} for s in subs.values()),
                {"id": hidden, "name": "Hidden", "state": "Enabled", "tenant": tenant},
            ],
            "principals": entries,
        }
    }
    return fixture
