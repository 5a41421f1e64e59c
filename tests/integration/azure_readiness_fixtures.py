"""Emulator fixtures for Azure readiness: subscriptions with Microsoft.Compute registered or
not, resource groups, a region's SKU list (megabytes, shaped like Resource Skus - List), vCPU
usages, and service principals whose roles allow or leave out what a VM launch needs.

    from azure_readiness_fixtures import make_readiness_fixture, SIZE, REGION

    fx = make_readiness_fixture()
    fx.fields("ready")                            # the principal, the subscription, the compute
    fx.fields("ready", subscription="unregistered", azure_resource_group="missing")

Subscriptions: ready (Registered, quota 8 of standardNCASv3_T4Family), unregistered
(NotRegistered), quota_zero (family limit 0), restricted (the size NotAvailableForSubscription in
the region), zones (the size restricted in zones 2 and 3 only). Principals: ready (Contributor),
reader (*/read: no writes), no_disks (everything but Microsoft.Compute/disks/write),
split_roles (wildcards over two roles, notActions in one, granted by the other: may launch),
group_denied (may not read resource groups), compute_reads_denied (no Microsoft.Compute
reads). GUIDs and secrets are made fresh on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from azure_fixtures import fake_client_secret, fake_guid

REGION = "eastus"
OTHER_REGION = "westus2"
SIZE = "Standard_NC4as_T4_v3"  # 4 vCPUs, family standardNCASv3_T4Family
FAMILY = "standardNCASv3_T4Family"
FAMILY_LABEL = "Standard NCASv3_T4 Family vCPUs"
NOT_IN_REGION = "Standard_ND96amsr_A100_v4"  # listed in westus2 only
GROUP = "ml-jobs"

CONTRIBUTOR = [{"actions": ["*"], "notActions": ["Microsoft.Authorization/*/Delete",
                                                 "Microsoft.Authorization/*/Write",
                                                 "Microsoft.Authorization/elevateAccess/Action"]}]
PRINCIPALS = {
    "ready": CONTRIBUTOR,
    "reader": [{"actions": ["*/read"], "notActions": []}],
    "no_disks": [{"actions": ["*"], "notActions": ["Microsoft.Compute/disks/write"]}],
    "split_roles": [
        {"actions": ["Microsoft.Compute/*", "*/read"], "notActions": ["Microsoft.Compute/disks/*"]},
        {"actions": ["Microsoft.Network/*", "microsoft.compute/DISKS/write"], "notActions": []},
    ],
    "group_denied": [{"actions": ["*"],
                      "notActions": ["Microsoft.Resources/subscriptions/resourceGroups/read"]}],
    "compute_reads_denied": [{"actions": ["*"], "notActions": ["Microsoft.Compute/*/read"]}],
}
SUBSCRIPTIONS = {
    "ready": {},
    "unregistered": {"compute_registration": "NotRegistered"},
    "registering": {"compute_registration": "Registering"},
    "quota_zero": {"usages": {REGION: {FAMILY: {"limit": 0, "current": 0}}}},
    "restricted": {"sku_restrictions": {REGION: {SIZE: {"type": "Location",
                                                        "reasonCode": "NotAvailableForSubscription"}}}},
    "zones": {"sku_restrictions": {REGION: {SIZE: {"type": "Zone", "zones": ["2", "3"],
                                                   "reasonCode": "NotAvailableForSubscription"}}}},
}

# Families and sizes the generated SKU list is made of: (family, prefix, vCPU counts, GPUs).
_FAMILIES = [
    ("standardDSv5Family", "Standard_D{n}s_v5", [2, 4, 8, 16, 32, 48, 64, 96], 0),
    ("standardDASv5Family", "Standard_D{n}as_v5", [2, 4, 8, 16, 32, 48, 64, 96], 0),
    ("standardESv5Family", "Standard_E{n}s_v5", [2, 4, 8, 16, 20, 32, 48, 64, 96], 0),
    ("standardFSv2Family", "Standard_F{n}s_v2", [2, 4, 8, 16, 32, 48, 64, 72], 0),
    ("standardLSv3Family", "Standard_L{n}s_v3", [8, 16, 32, 48, 64, 80], 0),
    ("standardNCASv3_T4Family", "Standard_NC{n}as_T4_v3", [4, 8, 16, 64], 1),
    ("standardNCADSA100v4Family", "Standard_NC{n}ads_A100_v4", [24, 48, 96], 1),
    ("standardNVADSA10v5Family", "Standard_NV{n}ads_A10_v5", [6, 12, 18, 36, 72], 1),
]


def _vm_sku(name: str, family: str, vcpus: int, gpus: int, region: str) -> dict:
    caps = {
        "MaxResourceVolumeMB": str(vcpus * 45056), "OSVhdSizeMB": "1047552", "vCPUs": str(vcpus),
        "MemoryPreservingMaintenanceSupported": "True", "HyperVGenerations": "V1,V2",
        "MemoryGB": str(vcpus * 7), "MaxDataDiskCount": str(min(64, vcpus * 2)),
        "CpuArchitectureType": "x64", "LowPriorityCapable": "True", "PremiumIO": "True",
        "VMDeploymentTypes": "IaaS", "vCPUsAvailable": str(vcpus), "ACUs": "230",
        "vCPUsPerCore": "2", "CombinedTempDiskAndCachedIOPS": str(vcpus * 4000),
        "CombinedTempDiskAndCachedReadBytesPerSecond": str(vcpus * 60000000),
        "CombinedTempDiskAndCachedWriteBytesPerSecond": str(vcpus * 30000000),
        "UncachedDiskIOPS": str(vcpus * 3200), "UncachedDiskBytesPerSecond": str(vcpus * 48000000),
        "EphemeralOSDiskSupported": "True", "EncryptionAtHostSupported": "True",
        "CapacityReservationSupported": "True", "AcceleratedNetworkingEnabled": "True",
        "RdmaEnabled": "False", "MaxNetworkInterfaces": str(min(8, max(2, vcpus // 4))),
    }
    if gpus:
        caps["GPUs"] = str(gpus)
    return {
        "resourceType": "virtualMachines", "name": name, "tier": "Standard",
        "size": name.removeprefix("Standard_"), "family": family, "locations": [region],
        "locationInfo": [{"location": region, "zones": ["1", "2", "3"],
                          "zoneDetails": [{"name": ["1", "2", "3"],
                                           "capabilities": [{"name": "UltraSSDAvailable", "value": "True"}]}]}],
        "capabilities": [{"name": k, "value": v} for k, v in caps.items()],
        "restrictions": [],
    }


def _disk_sku(name: str, region: str, i: int) -> dict:
    return {
        "resourceType": "disks", "name": name, "tier": name.split("_")[0], "size": f"P{i}",
        "locations": [region], "locationInfo": [{"location": region, "zones": ["1", "2", "3"]}],
        "capabilities": [{"name": "MaxSizeGiB", "value": str(2 ** (i % 15))},
                         {"name": "MinSizeGiB", "value": "0"},
                         {"name": "MaxIOps", "value": str(120 * (i + 1))},
                         {"name": "MaxBandwidthMBps", "value": str(25 * (i + 1))}],
        "restrictions": [],
    }


def region_skus(region: str, target_bytes: int = 2_500_000) -> list[dict]:
    """A region's SKU list of about `target_bytes` of JSON: every family's sizes (with the
    promo, confidential and memory variants Azure lists beside them) and disk SKUs."""
    skus: list[dict] = []
    size = 0
    round_ = 0
    while size < target_bytes:
        suffix = ["", "_Promo", "_CC", "_M"][round_ % 4] + ("" if round_ < 4 else f"_r{round_}")
        for family, pattern, counts, gpus in _FAMILIES:
            for n in counts:
                name = pattern.format(n=n) + suffix
                sku = _vm_sku(name, family, n, gpus, region)
                skus.append(sku)
                size += len(str(sku))
        for i in range(10):
            skus.append(_disk_sku(f"Premium_LRS_{round_}_{i}", region, i))
        round_ += 1
    return skus


@dataclass
class AzureReadinessFixture:
    tenant: str
    subscriptions: dict[str, str]  # name -> id
    credentials: dict[str, dict] = field(default_factory=dict)
    fixtures: dict = field(default_factory=dict)

    def fields(self, principal: str, subscription: str = "ready", **extra: str) -> dict[str, str]:
        c = self.credentials[principal]
        out = {
            "azure_tenant_id": self.tenant,
            "azure_client_id": c["client_id"],
            "azure_client_secret": c["secret"],
            "azure_subscription_id": self.subscriptions[subscription],
            "azure_instance_type": SIZE,
            "azure_region": REGION,
            "azure_resource_group": GROUP,
        }
        out.update(extra)
        return out

    def secrets(self) -> list[str]:
        return sorted(c["secret"] for c in self.credentials.values())


def make_readiness_fixture(target_bytes: int = 2_500_000, page_size: int = 0) -> AzureReadinessFixture:
    tenant = fake_guid()
    subs = {name: fake_guid() for name in SUBSCRIPTIONS}
    fx = AzureReadinessFixture(tenant=tenant, subscriptions=subs)
    principals = []
    for name, permissions in PRINCIPALS.items():
        client_id, secret = fake_guid(), fake_client_secret()
        fx.credentials[name] = {"client_id": client_id, "secret": secret}
        principals.append({"tenant": tenant, "client_id": client_id, "secret": secret,
                           "display_name": f"credprobe-{name.replace('_', '-')}",
                           "object_id": fake_guid(), "subscriptions": list(subs.values()),
                           "permissions": permissions})
    westus2 = region_skus(OTHER_REGION, 50_000)
    westus2.append(_vm_sku(NOT_IN_REGION, "standardNDAMSv4_A100Family", 96, 8, OTHER_REGION))
    fx.fixtures = {
        "azure": {
            "tenants": [{"id": tenant, "domains": ["credprobe-readiness.onmicrosoft.com"]}],
            "subscriptions": [
                {"id": sid, "name": name.replace("_", " ").title(), "state": "Enabled",
                 "tenant": tenant, "resource_groups": [{"name": GROUP, "location": REGION}],
                 **SUBSCRIPTIONS[name]}
                for name, sid in subs.items()
            ],
            "principals": principals,
            "compute": {
                "skus": {REGION: region_skus(REGION, target_bytes), OTHER_REGION: westus2},
                "usages": {REGION: [
                    {"name": "cores", "label": "Total Regional vCPUs", "limit": 100, "current": 6},
                    {"name": "standardDSv5Family", "label": "Standard DSv5 Family vCPUs", "limit": 10, "current": 6},
                    {"name": FAMILY, "label": FAMILY_LABEL, "limit": 8, "current": 0},
                ]},
                "page_size": page_size,
            },
        }
    }
    return fx
