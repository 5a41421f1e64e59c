"""azure-mgmt-compute and azure-mgmt-authorization, Microsoft's own SDKs, read the emulator's
readiness answers: the region's SKU list (resource_skus.list, paged with nextLink), the
region's usages (usage.list) and the caller's permissions at a resource group
(permissions.list_for_resource_group), and raise on its errors as they do against
management.azure.com.

The token comes from the emulator's Entra ID (msal's fidelity test proves that protocol); the
SDKs get it from a static bearer policy, since azure-core's own BearerTokenCredentialPolicy
refuses plain-http base URLs, and they are pointed at the emulator with base_url.
"""

from __future__ import annotations

import pytest

from azure_readiness_fixtures import FAMILY, GROUP, REGION, SIZE, make_readiness_fixture
from emulator_harness import start_emulator

compute = pytest.importorskip("azure.mgmt.compute")
authorization = pytest.importorskip("azure.mgmt.authorization")
requests = pytest.importorskip("requests")
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError  # noqa: E402
from azure.core.pipeline.policies import SansIOHTTPPolicy  # noqa: E402


class StaticBearer(SansIOHTTPPolicy):
    def __init__(self, token: str):
        self._token = token

    def on_request(self, request):
        request.http_request.headers["Authorization"] = f"Bearer {self._token}"


class NoCredential:
    """The SDKs want a credential object; the policy above carries the token instead."""

    def get_token(self, *scopes, **kwargs):  # pragma: no cover - never called
        raise AssertionError("the static bearer policy should be used")


@pytest.fixture(scope="module")
def fx():
    # 40 SKUs a page, so the SDK follows nextLink across the whole list.
    return make_readiness_fixture(target_bytes=200_000, page_size=40)


@pytest.fixture(scope="module")
def emulator(fx):
    with start_emulator(fx.fixtures) as running:
        yield running


def token_for(emulator, fx, principal: str) -> str:
    c = fx.credentials[principal]
    answer = requests.post(
        f"{emulator.url}/{fx.tenant}/oauth2/v2.0/token",
        data={"client_id": c["client_id"], "client_secret": c["secret"],
              "scope": "https://management.azure.com/.default", "grant_type": "client_credentials"},
        timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def clients(emulator, fx, principal="ready", subscription="ready"):
    policy = StaticBearer(token_for(emulator, fx, principal))
    sub = fx.subscriptions[subscription]
    return (
        compute.ComputeManagementClient(NoCredential(), sub, base_url=emulator.url,
                                        authentication_policy=policy),
        authorization.AuthorizationManagementClient(NoCredential(), sub, base_url=emulator.url,
                                                    authentication_policy=policy),
    )


def test_resource_skus_list_pages_through_the_region_and_finds_the_size(emulator, fx):
    client, _ = clients(emulator, fx)
    skus = list(client.resource_skus.list(filter=f"location eq '{REGION}'"))
    expected = fx.fixtures["azure"]["compute"]["skus"][REGION]
    assert len(skus) == len(expected) > 40  # more than one page was read
    [sku] = [s for s in skus if s.resource_type == "virtualMachines" and s.name == SIZE]
    assert sku.family == FAMILY
    assert {c.name: c.value for c in sku.capabilities}["vCPUs"] == "4"
    assert sku.locations == [REGION]
    assert sku.restrictions == []


def test_a_restricted_size_carries_not_available_for_subscription(emulator, fx):
    client, _ = clients(emulator, fx, subscription="restricted")
    [sku] = [s for s in client.resource_skus.list(filter=f"location eq '{REGION}'")
             if s.resource_type == "virtualMachines" and s.name == SIZE]
    [restriction] = sku.restrictions
    assert restriction.type == "Location"
    assert restriction.values_property == [REGION]  # "values" on the wire
    assert restriction.reason_code == "NotAvailableForSubscription"
    assert restriction.restriction_info.locations == [REGION]

    client, _ = clients(emulator, fx, subscription="zones")
    [sku] = [s for s in client.resource_skus.list(filter=f"location eq '{REGION}'")
             if s.resource_type == "virtualMachines" and s.name == SIZE]
    [restriction] = sku.restrictions
    assert (restriction.type, restriction.restriction_info.zones) == ("Zone", ["2", "3"])


def test_usage_list_reads_limits_and_current_values(emulator, fx):
    client, _ = clients(emulator, fx)
    usages = {u.name.value: u for u in client.usage.list(REGION)}
    assert (usages["cores"].limit, usages["cores"].current_value) == (100, 6)
    assert usages["cores"].name.localized_value == "Total Regional vCPUs"
    assert (usages[FAMILY].limit, usages[FAMILY].current_value, usages[FAMILY].unit) == (8, 0, "Count")

    client, _ = clients(emulator, fx, subscription="quota_zero")
    assert {u.name.value: u.limit for u in client.usage.list(REGION)}[FAMILY] == 0


def test_sku_and_usage_lists_refuse_an_unregistered_subscription(emulator, fx):
    client, _ = clients(emulator, fx, subscription="unregistered")
    with pytest.raises(HttpResponseError) as refused:
        list(client.usage.list(REGION))
    assert refused.value.status_code == 409
    assert refused.value.error.code == "MissingSubscriptionRegistration"


def test_permissions_list_for_resource_group_reads_actions_and_not_actions(emulator, fx):
    _, client = clients(emulator, fx, principal="split_roles")
    entries = list(client.permissions.list_for_resource_group(GROUP))
    assert [(e.actions, e.not_actions) for e in entries] == [
        (["Microsoft.Compute/*", "*/read"], ["Microsoft.Compute/disks/*"]),
        (["Microsoft.Network/*", "microsoft.compute/DISKS/write"], []),
    ]
    with pytest.raises(ResourceNotFoundError) as missing:
        list(client.permissions.list_for_resource_group("no-such-group"))
    assert missing.value.error.code == "ResourceGroupNotFound"


def test_a_read_the_roles_do_not_allow_raises_authorization_failed(emulator, fx):
    client, permissions = clients(emulator, fx, principal="compute_reads_denied")
    with pytest.raises(HttpResponseError) as refused:
        list(client.resource_skus.list(filter=f"location eq '{REGION}'"))
    assert refused.value.status_code == 403
    assert refused.value.error.code == "AuthorizationFailed"
    assert "'Microsoft.Compute/skus/read'" in refused.value.error.message
    # The same principal may still list its own permissions.
    assert list(permissions.permissions.list_for_resource_group(GROUP))
    reader, _ = clients(emulator, fx, principal="reader")
    assert list(reader.usage.list(REGION))  # */read covers Microsoft.Compute reads


def test_a_token_the_emulator_did_not_issue_is_refused(emulator, fx):
    policy = StaticBearer("e30.e30.c2ln")
    client = compute.ComputeManagementClient(NoCredential(), fx.subscriptions["ready"],
                                             base_url=emulator.url, authentication_policy=policy)
    with pytest.raises(HttpResponseError) as refused:
        list(client.usage.list(REGION))
    assert refused.value.status_code == 401
    assert refused.value.error.code == "InvalidAuthenticationToken"
