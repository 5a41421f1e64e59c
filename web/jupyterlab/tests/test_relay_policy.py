"""The relay's rules as pure functions (relay_policy.py), applied to the policy that
`credprobe relay --print-policy` exported at build time. The policy cases are
tests/relay/cases.json, the table the C++ relay's unit tests run too; the rest are rules only
this relay has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credprobe_jupyterlab.relay_policy import (
    ALLOWED_HOSTS,
    check_destination,
    decide,
    forward_request_header,
    forwarded_request_headers,
    host_matches,
    log_line,
    non_public_range,
    pass_response_header,
    passed_response_headers,
    refusal,
    safe_content_type,
)

CASES = json.loads((Path(__file__).resolve().parents[3] / "tests/relay/cases.json").read_text())
INSECURE = tuple(CASES["insecure_hosts"])


def test_the_rules_are_generated_from_the_cpp_policy():
    from credprobe_jupyterlab._relay_rules import POLICY

    assert "huggingface.co" in ALLOWED_HOSTS
    assert "login.microsoftonline.com" in ALLOWED_HOSTS
    assert "sts.s3.amazonaws.com" not in ALLOWED_HOSTS
    assert {"network": "fec0::", "prefix": 10, "name": "private"} in POLICY["address_ranges"]["ipv6"]
    assert refusal("host_not_allowed").message == next(
        r["message"] for r in POLICY["refusals"] if r["code"] == "host_not_allowed")


def test_no_range_table_of_its_own():
    source = (Path(__file__).resolve().parents[1] / "credprobe_jupyterlab/relay_policy.py").read_text()
    for name in ("is_" + "private", "is_" + "global", "is_" + "reserved", "is_" + "loopback"):
        assert name not in source


@pytest.mark.parametrize("case", CASES["destinations"], ids=[c["authority"] or "empty" for c in CASES["destinations"]])
def test_shared_destinations(case):
    decision = check_destination(case["authority"], ALLOWED_HOSTS, INSECURE)
    if case["code"] == "allowed":
        assert decision.refusal is None and decision.destination is not None
        assert decision.destination.url == case["url"]
    else:
        assert decision.refusal is not None and decision.refusal.code == case["code"]


@pytest.mark.parametrize("case", CASES["targets"], ids=[f'{c["method"]} {c["rest"]}' for c in CASES["targets"]])
def test_shared_targets(case):
    decision = decide(case["method"], case["rest"], case["query"], ALLOWED_HOSTS, INSECURE)
    if case["code"] == "allowed":
        assert decision.destination is not None and decision.destination.url == case["url"]
    else:
        assert decision.refusal is not None and decision.refusal.code == case["code"]


@pytest.mark.parametrize("case", CASES["addresses"], ids=[c["address"] for c in CASES["addresses"]])
def test_shared_addresses(case):
    assert non_public_range(case["address"]) == case["range"]


@pytest.mark.parametrize("case", CASES["request_headers"], ids=[c["name"] or "empty" for c in CASES["request_headers"]])
def test_shared_request_headers(case):
    assert forward_request_header(case["name"]) is case["forwarded"]


@pytest.mark.parametrize("case", CASES["response_headers"], ids=[c["name"] for c in CASES["response_headers"]])
def test_shared_response_headers(case):
    assert pass_response_header(case["name"], case["value"]) is case["passed"]


@pytest.mark.parametrize("case", CASES["content_types"], ids=[c["upstream"] or "none" for c in CASES["content_types"]])
def test_shared_content_types(case):
    assert safe_content_type(case["upstream"]) == case["served"]


@pytest.mark.parametrize("case", CASES["log_lines"], ids=[c["line"] for c in CASES["log_lines"]])
def test_shared_log_lines(case):
    assert log_line(case["method"], case["host"], case["path"], case["status"], case["ms"]) == case["line"]


def test_the_shared_table_is_big_enough():
    assert len(CASES["destinations"]) >= 50 and len(CASES["addresses"]) >= 40


# ---- this relay's own API ----------------------------------------------------------------------

HOSTS = ("huggingface.co", "login.microsoftonline.com", "sts.*.amazonaws.com")


@pytest.mark.parametrize(
    "pattern,host,expected",
    [
        ("sts.*.amazonaws.com", "sts.eu-west-1.amazonaws.com", True),
        ("sts.*.amazonaws.com", "sts.amazonaws.com", False),
        ("sts.*.amazonaws.com", "sts.a.b.amazonaws.com", False),
        ("huggingface.co", "HuggingFace.co", True),
        ("huggingface.co", "huggingface.co.evil.com", False),
    ],
)
def test_host_patterns_match_one_label_per_star(pattern, host, expected):
    assert host_matches(pattern, host) is expected


def test_refusal_placeholders_are_filled():
    assert refusal("body_too_large", limit=2048).message == "request body too large: the relay accepts at most 2048 bytes"
    assert refusal("upstream_timeout", seconds="1.5").message == "the destination did not answer within 1.5 s"
    assert refusal("upstream_timeout", seconds="1.5").status == 504


def test_request_headers_stripped():
    kept = forwarded_request_headers(
        [
            ("Authorization", "Bearer provider-secret"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", "session=1"),
            ("Origin", "http://127.0.0.1:8888"),
            ("Referer", "http://127.0.0.1:8888/lab"),
            ("X-XSRFToken", "abc"),
            ("Sec-Fetch-Mode", "cors"),
            ("Connection", "keep-alive, X-Hop"),
            ("X-Hop", "1"),
            ("Host", "127.0.0.1:8888"),
        ]
    )
    assert kept == {"Authorization": "Bearer provider-secret", "Content-Type": "application/x-www-form-urlencoded"}


def test_response_headers_filtered():
    passed = passed_response_headers(
        [("Set-Cookie", "a=1"), ("Location", "https://x/"), ("Access-Control-Allow-Origin", "*"),
         ("Content-Type", "text/html"), ("X-Credprobe-Relay-Error", "busy"), ("WWW-Authenticate", "Bearer")]
    )
    assert passed == [("WWW-Authenticate", "Bearer")]
