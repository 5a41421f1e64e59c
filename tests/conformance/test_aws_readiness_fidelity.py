"""boto3 against the emulator's EC2 and Service Quotas: botocore signs with its own SigV4 and
parses with its own protocol code (EC2's query/XML, Service Quotas' JSON 1.1), so what it raises
and returns proves the emulator answers readiness calls the way AWS documents them.
"""

from __future__ import annotations


import pytest

from aws_readiness_fixtures import (
    G_QUOTA,
    GPU_TYPE,
    IMAGE_ARM,
    IMAGE_X86,
    NOT_IN_OTHER_REGION,
    OTHER_REGION,
    READY_REGION,
    make_readiness_fixture,
)
from emulator_harness import start_emulator

boto3 = pytest.importorskip("boto3")
from botocore.exceptions import ClientError  # noqa: E402


pytestmark = pytest.mark.usefixtures("no_aws_machine_config")


@pytest.fixture(scope="module")
def fixture():
    return make_readiness_fixture()


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def client(service: str, emulator, key, region=READY_REGION):
    return boto3.client(service, endpoint_url=emulator.url, region_name=region,
                        aws_access_key_id=key.access_key_id,
                        aws_secret_access_key=key.secret_access_key)


def dry_run(emulator, key, image=IMAGE_X86, instance_type=GPU_TYPE):
    with pytest.raises(ClientError) as raised:
        client("ec2", emulator, key).run_instances(DryRun=True, ImageId=image,
                                                   InstanceType=instance_type, MinCount=1,
                                                   MaxCount=1)
    return raised.value.response


def test_allowed_dry_run_raises_dry_run_operation_412(emulator, fixture):
    response = dry_run(emulator, fixture["ready"])
    assert response["Error"]["Code"] == "DryRunOperation"
    assert response["Error"]["Message"] == "Request would have succeeded, but DryRun flag is set."
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_refused_dry_run_raises_unauthorized_operation_403_with_an_encoded_message(emulator,
                                                                                  fixture):
    response = dry_run(emulator, fixture["no_launch"])
    assert response["Error"]["Code"] == "UnauthorizedOperation"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "is not authorized to perform: ec2:RunInstances" in response["Error"]["Message"]
    assert "Encoded authorization failure message: emulator-" in response["Error"]["Message"]


def test_encoded_message_decodes_only_for_a_key_allowed_to(emulator, fixture):
    for name, allowed in (("no_launch_decodes", True), ("no_launch", False)):
        key = fixture[name]
        message = dry_run(emulator, key)["Error"]["Message"].rsplit(": ", 1)[1]
        sts = client("sts", emulator, key)
        if allowed:
            decoded = sts.decode_authorization_message(EncodedMessage=message)["DecodedMessage"]
            assert '"action":"ec2:RunInstances"' in decoded
        else:
            with pytest.raises(ClientError) as refused:
                sts.decode_authorization_message(EncodedMessage=message)
            assert refused.value.response["Error"]["Code"] == "AccessDenied"


def test_dry_run_with_an_image_of_another_architecture_is_invalid_parameter(emulator, fixture):
    response = dry_run(emulator, fixture["ready"], image=IMAGE_ARM)
    assert response["Error"]["Code"] == "InvalidParameterValue"


def test_get_service_quota_parses(emulator, fixture):
    quota = client("service-quotas", emulator, fixture["ready"]).get_service_quota(
        ServiceCode="ec2", QuotaCode=G_QUOTA)["Quota"]
    assert quota["QuotaCode"] == G_QUOTA
    assert quota["QuotaName"] == "Running On-Demand G and VT instances"
    assert quota["Value"] == 64.0
    zero = client("service-quotas", emulator, fixture["quota_zero"]).get_service_quota(
        ServiceCode="ec2", QuotaCode=G_QUOTA)["Quota"]
    assert zero["Value"] == 0.0


def test_get_service_quota_denied_raises_access_denied_exception(emulator, fixture):
    with pytest.raises(ClientError) as refused:
        client("service-quotas", emulator, fixture["quota_denied"]).get_service_quota(
            ServiceCode="ec2", QuotaCode=G_QUOTA)
    assert refused.value.response["Error"]["Code"] == "AccessDeniedException"


def test_offerings_types_and_images_parse(emulator, fixture):
    ec2 = client("ec2", emulator, fixture["ready"], region=OTHER_REGION)
    offered = ec2.describe_instance_type_offerings(
        LocationType="region", Filters=[{"Name": "instance-type", "Values": [NOT_IN_OTHER_REGION]}])
    assert offered["InstanceTypeOfferings"] == []
    offered = ec2.describe_instance_type_offerings(
        LocationType="region", Filters=[{"Name": "instance-type", "Values": [GPU_TYPE]}])
    assert offered["InstanceTypeOfferings"] == [
        {"InstanceType": GPU_TYPE, "LocationType": "region", "Location": OTHER_REGION}]
    [described] = ec2.describe_instance_types(InstanceTypes=[GPU_TYPE])["InstanceTypes"]
    assert described["VCpuInfo"]["DefaultVCpus"] == 4
    assert described["ProcessorInfo"]["SupportedArchitectures"] == ["x86_64"]
    images = ec2.describe_images(Owners=["amazon"], Filters=[
        {"Name": "name", "Values": ["al2023-ami-2023.*-kernel-6.1-arm64"]},
        {"Name": "state", "Values": ["available"]}])["Images"]
    assert [i["ImageId"] for i in images] == [IMAGE_ARM]


def test_a_request_signed_for_another_service_is_refused(emulator, fixture):
    # botocore signs EC2 calls for "ec2": the same call presented as STS's would be refused by
    # STS's scope check; here a bad secret shows EC2's own AuthFailure shape.
    key = fixture["ready"]
    ec2 = boto3.client("ec2", endpoint_url=emulator.url, region_name=READY_REGION,
                       aws_access_key_id=key.access_key_id,
                       aws_secret_access_key="x" * 40)
    with pytest.raises(ClientError) as refused:
        ec2.describe_instance_types(InstanceTypes=[GPU_TYPE])
    assert refused.value.response["Error"]["Code"] == "AuthFailure"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401
