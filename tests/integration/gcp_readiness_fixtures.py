"""Emulator fixtures for Google Cloud readiness: projects with Compute Engine on or off, regional
and project-wide quotas enough or 0, machine types offered per zone, and service accounts holding
every launch permission, lacking one, or refused a quota read.

    from gcp_readiness_fixtures import make_readiness_fixture, READY, GPU_TYPE

    fixture = make_readiness_fixture()
    fixture.write(tmp_path, "launcher")   # the key file of an account holding every permission
    fixture.key_files["no_create"]        # lacks compute.instances.create
    fixture.key_files["regions_denied"]   # compute.regions.get refused

Projects (every account may read each): READY (enough of everything), DISABLED (the Compute
Engine API never enabled), CPU_FULL (CPUS 24 of 24 in use), GPU_ZERO (GPUS_ALL_REGIONS 0, as new
projects have). GPU_TYPE is offered in ZONE, not in OTHER_ZONE. Keys are made fresh at test time.
"""

from __future__ import annotations

import secrets

from gcp_fixtures import GcpFixture, key_file, new_rsa_key

READY = "credprobe-ready"
DISABLED = "credprobe-disabled"
CPU_FULL = "credprobe-cpu-full"
GPU_ZERO = "credprobe-gpu-zero"
NUMBERS = {READY: "415104041263", DISABLED: "415104041264", CPU_FULL: "415104041265",
           GPU_ZERO: "415104041266"}
ZONE, OTHER_ZONE, REGION = "us-central1-a", "us-central1-b", "us-central1"
GPU_TYPE = "g2-standard-8"  # 8 vCPUs, 1 NVIDIA L4: CPUS, NVIDIA_L4_GPUS, GPUS_ALL_REGIONS
CPU_TYPE = "n2-standard-4"  # 4 vCPUs: N2_CPUS

LAUNCH_PERMISSIONS = [
    "compute.instances.create", "compute.disks.create", "compute.instances.setMetadata",
    "compute.instances.setServiceAccount", "compute.subnetworks.use",
    "compute.subnetworks.useExternalIp", "iam.serviceAccounts.actAs",
]
ACCOUNTS = {
    "launcher": {"permissions": LAUNCH_PERMISSIONS},
    "no_create": {"permissions": [p for p in LAUNCH_PERMISSIONS if p != "compute.instances.create"]},
    "regions_denied": {"permissions": LAUNCH_PERMISSIONS, "denied": ["compute.regions.get"]},
}


def _compute(cpus=(24, 0), gpus_all_regions=(1, 0), api_enabled=True) -> dict:
    return {
        "api_enabled": api_enabled,
        "zones": {ZONE: [GPU_TYPE, CPU_TYPE], OTHER_ZONE: [CPU_TYPE]},
        "regions": {REGION: {"CPUS": list(cpus), "N2_CPUS": [24, 0], "NVIDIA_L4_GPUS": [1, 0],
                             "INSTANCES": [6000, 0]}},
        "quotas": {"GPUS_ALL_REGIONS": list(gpus_all_regions), "CPUS_ALL_REGIONS": [32, 0]},
    }


def make_readiness_fixture() -> GcpFixture:
    projects = [
        {"project_id": READY, "number": NUMBERS[READY], "compute": _compute()},
        {"project_id": DISABLED, "number": NUMBERS[DISABLED], "compute": _compute(api_enabled=False)},
        {"project_id": CPU_FULL, "number": NUMBERS[CPU_FULL], "compute": _compute(cpus=(24, 24))},
        {"project_id": GPU_ZERO, "number": NUMBERS[GPU_ZERO], "compute": _compute(gpus_all_regions=(0, 0))},
    ]
    accounts, key_files = [], {}
    for name, policy in ACCOUNTS.items():
        email = f"{name.replace('_', '-')}@{READY}.iam.gserviceaccount.com"
        kid, (private, public) = secrets.token_hex(20), new_rsa_key()
        accounts.append({"client_email": email, "projects": [p["project_id"] for p in projects],
                         "keys": [{"key_id": kid, "public_key_pem": public}], **policy})
        key_files[name] = key_file(email, READY, kid, private)
    fixture = GcpFixture({
        "gcp": {
            "service_accounts": accounts,
            "projects": projects,
            "machine_types": {
                GPU_TYPE: {"description": "8 vCPUs, 32 GB RAM, 1 GPU", "guestCpus": 8, "memoryMb": 32768,
                           "imageSpaceGb": 0, "maximumPersistentDisks": 128,
                           "accelerators": [{"guestAcceleratorType": "nvidia-l4", "guestAcceleratorCount": 1}]},
                CPU_TYPE: {"description": "4 vCPUs, 16 GB RAM", "guestCpus": 4, "memoryMb": 16384,
                           "imageSpaceGb": 0, "maximumPersistentDisks": 128},
            },
        }
    })
    fixture.key_files.update(key_files)
    return fixture
