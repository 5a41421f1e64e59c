"""Emulator fixtures for AWS readiness: EC2 offerings, instance types, Amazon Linux images and
Service Quotas values, and keys whose policies allow or deny each readiness call.

    from aws_readiness_fixtures import make_readiness_fixture, READY_REGION

    fixture = make_readiness_fixture()
    fixture["ready"]           # may launch, G quota 64
    fixture["quota_zero"]      # may launch, G quota 0
    fixture["no_launch"]       # ec2:RunInstances denied (and sts:DecodeAuthorizationMessage)
    fixture["no_launch_decodes"]  # ec2:RunInstances denied, may decode the refusal
    fixture["quota_denied"]    # servicequotas:GetServiceQuota denied

Keys are made fresh with aws_fixtures (random, nothing key-shaped committed).
"""

from __future__ import annotations

from aws_fixtures import AwsFixture, _key, random_account

READY_REGION = "us-west-2"
OTHER_REGION = "us-east-1"
GPU_TYPE = "g5.xlarge"  # 4 vCPUs, G and VT quota L-DB2E81BA
NOT_IN_OTHER_REGION = "p5.48xlarge"  # offered in us-west-2 only
G_QUOTA = "L-DB2E81BA"
STANDARD_QUOTA = "L-1216C47A"
IMAGE_X86 = "ami-0a1b2c3d4e5f60718"
IMAGE_ARM = "ami-0f1e2d3c4b5a69788"

KEY_POLICIES = {
    "ready": {},
    "quota_zero": {"quotas": {G_QUOTA: 0}},
    "no_launch": {"deny": ["ec2:RunInstances", "sts:DecodeAuthorizationMessage"]},
    "no_launch_decodes": {"deny": ["ec2:RunInstances"]},
    "quota_denied": {"deny": ["servicequotas:GetServiceQuota"]},
}


def _images(region: str) -> list[dict]:
    return [
        {"image_id": IMAGE_X86, "name": "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64",
         "architecture": "x86_64", "creation_date": "2025-01-02T00:00:00.000Z"},
        {"image_id": "ami-00000000000000001", "name": "al2023-ami-2023.5.20240101.0-kernel-6.1-x86_64",
         "architecture": "x86_64", "creation_date": "2024-01-02T00:00:00.000Z"},
        {"image_id": IMAGE_ARM, "name": "al2023-ami-2023.6.20250101.0-kernel-6.1-arm64",
         "architecture": "arm64", "creation_date": "2025-01-02T00:00:00.000Z"},
    ]


def make_readiness_fixture() -> AwsFixture:
    account = random_account()
    keys = {
        name: _key("AKIA", account, f"arn:aws:iam::{account}:user/compute/{name}", **policy)
        for name, policy in KEY_POLICIES.items()
    }
    fixtures = {
        "aws": {
            "regions": [READY_REGION, OTHER_REGION],
            "principals": [key.entry() for key in keys.values()],
            "ec2": {
                "offerings": {
                    READY_REGION: [GPU_TYPE, "t3.micro", "m7g.large", NOT_IN_OTHER_REGION],
                    OTHER_REGION: [GPU_TYPE, "t3.micro"],
                },
                "instance_types": {
                    GPU_TYPE: {"vcpus": 4, "architectures": ["x86_64"]},
                    "t3.micro": {"vcpus": 2, "architectures": ["x86_64"]},
                    "m7g.large": {"vcpus": 2, "architectures": ["arm64"]},
                    NOT_IN_OTHER_REGION: {"vcpus": 192, "architectures": ["x86_64"]},
                },
                "images": {READY_REGION: _images(READY_REGION), OTHER_REGION: _images(OTHER_REGION)},
                "quotas": {G_QUOTA: 64, STANDARD_QUOTA: 32, "L-417A185B": 0},
            },
        }
    }
    return AwsFixture(keys, fixtures)
