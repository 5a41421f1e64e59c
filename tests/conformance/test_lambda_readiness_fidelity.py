"""The emulator's Lambda Cloud answers against Lambda's published OpenAPI response schemas.

Source of the shapes: Lambda's published OpenAPI document for the Cloud API ("Lambda Cloud API",
version 1.10.0, served with the API reference at docs.lambda.ai/api/cloud; 1.8.3 agrees on
every schema used here). Its components InstanceTypes, InstanceTypesItem, InstanceType,
InstanceTypeSpecs, Region, SSHKey, ApiErrorUnauthorized and ApiErrorAccountInactive, and the
200 envelopes of GET /api/v1/instance-types and /api/v1/ssh-keys, are transcribed below as the
OpenAPI 3.1 schemas the test validates with openapi-schema-validator (the document itself is
Lambda's, not ours to commit). When CREDPROBE_LAMBDA_OPENAPI names a copy of the published
document, the emulator's answers are also validated against the document's own response
schemas for all three paths (instances too), with its $refs resolved.
"""

from __future__ import annotations

import json
import os

import pytest

from emulator_harness import start_emulator
from lambda_readiness_fixtures import SOLD_OUT, TYPE, make_readiness_fixture

validator_module = pytest.importorskip("openapi_schema_validator")
referencing = pytest.importorskip("referencing")
from openapi_schema_validator import OAS31Validator  # noqa: E402

_STR = {"type": "string"}
_INT = {"type": "integer"}

REGION = {"type": "object", "properties": {"name": _STR, "description": _STR},
          "required": ["name", "description"]}
INSTANCE_TYPE_SPECS = {
    "type": "object",
    "properties": {"vcpus": _INT, "memory_gib": _INT, "storage_gib": _INT, "gpus": _INT},
    "required": ["vcpus", "memory_gib", "storage_gib", "gpus"],
}
INSTANCE_TYPE = {
    "type": "object",
    "properties": {"name": _STR, "description": _STR, "gpu_description": _STR,
                   "price_cents_per_hour": _INT, "specs": INSTANCE_TYPE_SPECS},
    "required": ["name", "description", "gpu_description", "price_cents_per_hour", "specs"],
}
INSTANCE_TYPES_ITEM = {
    "type": "object",
    "properties": {"instance_type": INSTANCE_TYPE,
                   "regions_with_capacity_available": {"type": "array", "items": REGION}},
    "required": ["instance_type", "regions_with_capacity_available"],
}
SSH_KEY = {
    "type": "object",
    "properties": {"id": _STR, "name": {"type": "string", "minLength": 1, "maxLength": 64},
                   "public_key": {"type": "string", "minLength": 1, "maxLength": 4096}},
    "required": ["id", "name", "public_key"],
}


def data_envelope(data: dict) -> dict:
    return {"type": "object", "additionalProperties": False, "required": ["data"],
            "properties": {"data": data}}


def error_envelope(code: str) -> dict:
    error = {"type": "object", "required": ["code", "message", "suggestion"],
             "properties": {"code": {"const": code, "type": "string"}, "message": _STR,
                            "suggestion": _STR}}
    return {"type": "object", "additionalProperties": False, "required": ["error"],
            "properties": {"error": error}}


INSTANCE_TYPES_200 = data_envelope({"type": "object", "additionalProperties": INSTANCE_TYPES_ITEM})
SSH_KEYS_200 = data_envelope({"type": "array", "items": SSH_KEY})
UNAUTHORIZED_401 = error_envelope("global/invalid-api-key")
ACCOUNT_INACTIVE_403 = error_envelope("global/account-inactive")


@pytest.fixture(scope="module")
def fixture():
    readiness = make_readiness_fixture(rate_limit=False)
    keys = readiness.fixtures["lambda"]["keys"]
    # A revoked and an inactive key, for the error shapes.
    readiness["revoked"] = "secret_cirevoked_" + "0" * 32 + ".FAKEfakeFAKEfakeFAKEfakeFAKEfake"
    readiness["inactive"] = "secret_ciinactive_" + "1" * 32 + ".FAKEfakeFAKEfakeFAKEfakeFAKEfake"
    keys.append({"key": readiness["revoked"], "revoked": True})
    keys.append({"key": readiness["inactive"], "account_inactive": True})
    keys.append({"key": (two := "secret_citwo_" + "2" * 32 + ".FAKEfakeFAKEfakeFAKEfakeFAKEfake"),
                 "instances": [{"name": "train-1"}, {"name": "eval-2", "status": "booting"}],
                 "ssh_keys": ["laptop"]})
    readiness["two_instances"] = two
    return readiness


@pytest.fixture(scope="module")
def emulator(fixture):
    with start_emulator(fixture.fixtures) as running:
        yield running


def get(emulator, path: str, key: str):
    response = emulator.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    return response.status, json.loads(response.body)


def assert_valid(schema: dict, body) -> None:
    errors = sorted(OAS31Validator(schema).iter_errors(body), key=str)
    assert [e.message for e in errors] == []


def test_instance_types_match_lambdas_schema_with_capacity_in_one_region_and_nowhere(emulator, fixture):
    status, body = get(emulator, "/api/v1/instance-types", fixture["ready"])
    assert status == 200
    assert_valid(INSTANCE_TYPES_200, body)
    assert [r["name"] for r in body["data"][TYPE]["regions_with_capacity_available"]] == ["us-east-1"]
    assert body["data"][SOLD_OUT]["regions_with_capacity_available"] == []
    assert body["data"][TYPE]["instance_type"]["name"] == TYPE


def test_ssh_keys_match_lambdas_schema_with_two_keys_and_none(emulator, fixture):
    status, two = get(emulator, "/api/v1/ssh-keys", fixture["ready"])
    assert status == 200
    assert_valid(SSH_KEYS_200, two)
    assert [k["name"] for k in two["data"]] == ["laptop", "ci"]
    status, none = get(emulator, "/api/v1/ssh-keys", fixture["no_ssh_key"])
    assert (status, none) == (200, {"data": []})
    assert_valid(SSH_KEYS_200, none)


@pytest.mark.parametrize("path", ["/api/v1/instance-types", "/api/v1/ssh-keys"])
def test_refusals_match_lambdas_error_schemas(emulator, fixture, path):
    status, body = get(emulator, path, fixture["revoked"])
    assert status == 401
    assert_valid(UNAUTHORIZED_401, body)
    status, body = get(emulator, path, fixture["inactive"])
    assert status == 403
    assert_valid(ACCOUNT_INACTIVE_403, body)


def test_a_schema_violation_is_caught():
    """The validator is not vacuous: a body missing regions_with_capacity_available fails."""
    bad = {"data": {TYPE: {"instance_type": {"name": TYPE}}}}
    assert list(OAS31Validator(INSTANCE_TYPES_200).iter_errors(bad))


OPENAPI = os.environ.get("CREDPROBE_LAMBDA_OPENAPI")


@pytest.mark.skipif(not OPENAPI, reason="CREDPROBE_LAMBDA_OPENAPI names no copy of Lambda's published document")
@pytest.mark.parametrize("path,key,status", [
    ("/api/v1/instance-types", "ready", 200), ("/api/v1/ssh-keys", "ready", 200),
    ("/api/v1/ssh-keys", "no_ssh_key", 200), ("/api/v1/instances", "two_instances", 200),
    ("/api/v1/instance-types", "revoked", 401), ("/api/v1/ssh-keys", "inactive", 403),
])
def test_answers_match_the_published_document(emulator, fixture, path, key, status):
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    with open(OPENAPI, encoding="utf-8") as f:
        document = json.load(f)
    registry = Registry().with_resource("urn:lambda-openapi", Resource(document, DRAFT202012))
    schema = document["paths"][path]["get"]["responses"][str(status)]["content"][
        "application/json"]["schema"]
    got_status, body = get(emulator, path, fixture[key])
    assert got_status == status
    resolved = {"$ref": "urn:lambda-openapi#/paths/" + path.replace("/", "~1") +
                f"/get/responses/{status}/content/application~1json/schema"}
    assert schema  # the document has the answer
    errors = sorted(OAS31Validator(resolved, registry=registry).iter_errors(body), key=str)
    assert [e.message for e in errors] == []
