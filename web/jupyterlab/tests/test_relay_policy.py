"""The relay's rules as pure functions (relay_policy.py), one case per rule."""

from __future__ import annotations

import pytest

from credprobe_jupyterlab.relay_policy import (
    check_destination,
    decide,
    forwarded_request_headers,
    host_matches,
    is_ip_literal,
    log_line,
    non_public_range,
    passed_response_headers,
)

HOSTS = ("huggingface.co", "login.microsoftonline.com", "sts.*.amazonaws.com")


def test_generated_allow_list_is_the_registrys():
    from credprobe_jupyterlab._allowed_hosts import ALLOWED_HOSTS

    assert "huggingface.co" in ALLOWED_HOSTS
    assert "login.microsoftonline.com" in ALLOWED_HOSTS
    assert all(h == h.lower() and " " not in h for h in ALLOWED_HOSTS)


@pytest.mark.parametrize(
    "pattern,host,expected",
    [
        ("sts.*.amazonaws.com", "sts.eu-west-1.amazonaws.com", True),
        ("sts.*.amazonaws.com", "sts.amazonaws.com", False),
        ("sts.*.amazonaws.com", "sts.a.b.amazonaws.com", False),
        ("sts.*.amazonaws.com", "evil.eu-west-1.amazonaws.com", False),
        ("huggingface.co", "HuggingFace.co", True),
        ("huggingface.co", "huggingface.co.evil.com", False),
        ("huggingface.co", "evilhuggingface.co", False),
    ],
)
def test_host_patterns_match_one_label_per_star(pattern, host, expected):
    assert host_matches(pattern, host) is expected


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "2130706433", "0x7f.1", "0177.0.0.1", "::1", "10.0.0.1", "1.2.3.4."])
def test_ip_literals_in_every_form(host):
    assert is_ip_literal(host)


@pytest.mark.parametrize("host", ["huggingface.co", "sts.us-east-1.amazonaws.com", "x1.example"])
def test_names_are_not_ip_literals(host):
    assert not is_ip_literal(host)


@pytest.mark.parametrize(
    "authority,code",
    [
        ("", "missing_host"),
        ("user@huggingface.co", "userinfo"),
        ("http:", "plain_http"),
        ("https:", "scheme_in_destination"),
        ("[::1]", "ip_literal"),
        ("[::1]:443", "ip_literal"),
        ("127.0.0.1", "ip_literal"),
        ("169.254.169.254", "ip_literal"),
        ("2130706433", "ip_literal"),
        ("huggingface.co:8443", "port_not_allowed"),
        ("huggingface.co:80", "port_not_allowed"),
        ("huggingface.co:", "bad_host"),
        ("hugging_face.co", "bad_host"),
        ("example.com", "host_not_allowed"),
        ("localhost", "host_not_allowed"),
        ("metadata.google.internal", "host_not_allowed"),
        ("huggingface.co.evil.com", "host_not_allowed"),
        ("127.0.0.1:8765", "port_not_allowed"),
    ],
)
def test_destinations_refused(authority, code):
    decision = check_destination(authority, HOSTS)
    assert decision.refusal is not None and decision.refusal.code == code


def test_allowed_destination_is_https_443():
    decision = check_destination("HuggingFace.co:443", HOSTS)
    assert decision.destination is not None
    assert decision.destination.url == "https://huggingface.co/"


def test_loopback_test_host_only_when_configured_exactly():
    allowed = check_destination("127.0.0.1:8765", HOSTS, ["127.0.0.1:8765"])
    assert allowed.destination is not None and allowed.destination.url == "http://127.0.0.1:8765/"
    other_port = check_destination("127.0.0.1:8766", HOSTS, ["127.0.0.1:8765"])
    assert other_port.refusal is not None and other_port.refusal.code == "port_not_allowed"


def test_path_and_query_are_kept_raw():
    d = decide("GET", "huggingface.co/api/whoami-v2", "a=%2F&b=1", HOSTS)
    assert d.destination is not None
    assert d.destination.url == "https://huggingface.co/api/whoami-v2?a=%2F&b=1"


@pytest.mark.parametrize("rest", ["huggingface.co/../x", "huggingface.co/a/%2e%2e/b", "huggingface.co/./a"])
def test_dot_segments_refused(rest):
    d = decide("GET", rest, "", HOSTS)
    assert d.refusal is not None and d.refusal.code == "dot_segment"


def test_methods_other_than_get_and_post_refused():
    d = decide("DELETE", "huggingface.co/x", "", HOSTS)
    assert d.refusal is not None and d.refusal.status == 405


@pytest.mark.parametrize(
    "address,range_name",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "IPv4-mapped"),
        ("fd00::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "reserved"),
    ],
)
def test_non_public_addresses_named(address, range_name):
    assert non_public_range(address) == range_name


def test_public_address_is_public():
    assert non_public_range("13.107.42.14") == ""


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
        [("Set-Cookie", "a=1"), ("Location", "https://x/"), ("Access-Control-Allow-Origin", "*"), ("Content-Type", "application/json"), ("WWW-Authenticate", "Bearer")]
    )
    assert passed == [("Content-Type", "application/json"), ("WWW-Authenticate", "Bearer")]


def test_log_line_has_no_query():
    line = log_line("POST", "login.microsoftonline.com", "/t/oauth2/v2.0/token?secret=1", 200, 12.4)
    assert line == "POST login.microsoftonline.com /t/oauth2/v2.0/token -> 200 12 ms"
