"""Secrets never echo: every error path of the CLI found so far, run with canary secrets (made at
test time), and every output searched for the canary raw, URL-encoded, form-encoded,
JSON-escaped and base64-encoded. A canary goes where a secret could land by mistake: a secret
field's value, the argument of --profile, a name (provider, field, endpoint, option, flag,
subcommand) that is a pasted secret, a file name after '@', an environment variable."""

from __future__ import annotations

import base64
import json
import secrets
import string
import urllib.parse

import pytest

from cli_runner import closed_port_url, run_credprobe


def canary() -> str:
    # Characters that every encoding changes: '/', '+' and '=' (URL, form, base64), and letters
    # and digits so it looks like a key.
    return "cnry" + secrets.token_hex(12) + "/+=" + secrets.token_hex(6)


def token_canary() -> str:
    """A canary in Hugging Face's token shape, so the check gets as far as sending it."""
    alphabet = string.ascii_letters
    return "hf_" + "".join(secrets.choice(alphabet) for _ in range(34))


def forms(secret: str) -> list[str]:
    raw = secret.encode()
    out = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
    }
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        # The canary may sit at any offset inside a longer encoded text: the part of its
        # encoding that does not depend on the neighbours, for each of the three alignments.
        for shift in range(3):
            text = encode(b"\0" * shift + raw).decode().rstrip("=")
            start = 4 * ((shift + 2) // 3)
            stable = text[start : len(text) - 4]
            if len(stable) >= 8:
                out.add(stable)
    return sorted(out)


def assert_never_echoed(run, secret: str) -> None:
    everything = run.everything()
    for form in forms(secret):
        assert form not in everything, f"the canary leaked as {form!r}: {everything!r}"


def error_paths(c: str, t: str, closed: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """(what, argv, env): each must fail, and print nothing of the canary."""
    return [
        ("secret as the provider", ["check", c], {}),
        ("secret as the provider of lint", ["lint", c], {}),
        ("secret as the provider of --markdown", ["providers", "--markdown", c], {}),
        ("secret as a subcommand", [c], {}),
        ("secret as an extra positional", ["check", "huggingface", c], {}),
        ("secret as an unknown flag", ["check", "huggingface", "--" + c], {}),
        ("--field without '='", ["check", "huggingface", "--field", c], {}),
        ("secret as a field name", ["check", "huggingface", "--field", c + "=x"], {}),
        ("secret in an unknown field", ["check", "huggingface", "--field", "token=" + c], {}),
        ("secret after '@'", ["check", "huggingface", "--field", "hf_token=@" + c], {}),
        ("secret after '@' in lint", ["lint", "huggingface", "--field", "hf_token=@" + c], {}),
        ("secret key file after '@'", ["check", "gcp", "--field", "gcp_service_account_key=@" + c], {}),
        ("secret as --profile", ["check", "aws", "--profile", c], {}),
        ("secret as --profile of lint", ["lint", "aws", "--profile", c], {}),
        ("secret as AWS_PROFILE", ["check", "aws"], {"AWS_PROFILE": c}),
        ("secret as an endpoint name",
         ["check", "huggingface", "--field", "hf_token=" + t, "--endpoint", c + "=http://127.0.0.1:1"], {}),
        ("secret as an endpoint URL",
         ["check", "huggingface", "--field", "hf_token=" + t, "--endpoint", "hub=" + c], {}),
        ("secret as an option name",
         ["check", "huggingface", "--field", "hf_token=" + t, "--option", c + "=x"], {}),
        ("secret as an option name with --all", ["check", "--all", "--option", c + "=x"],
         {"HF_TOKEN": t}),
        ("secret as an option value", ["check", "aws", "--field", "aws_access_key_id=AKIAIOSFODNN7EXAMPLE",
                                       "--field", "aws_secret_access_key=" + c,
                                       "--option", "aws_sts_method=" + c], {}),
        ("--option without '='", ["check", "huggingface", "--option", c], {}),
        ("secret as --timeout", ["check", "huggingface", "--timeout", c], {}),
        ("secret as --now", ["check", "huggingface", "--now", c], {}),
        ("--field with --all", ["check", "--all", "--field", "hf_token=" + c], {}),
        ("malformed token", ["check", "huggingface", "--field", "hf_token=" + c], {}),
        ("malformed token, JSON", ["check", "huggingface", "--json", "--field", "hf_token=" + c], {}),
        ("malformed token in lint", ["lint", "huggingface", "--field", "hf_token=" + c], {}),
        ("malformed token in lint, JSON", ["lint", "huggingface", "--json", "--field", "hf_token=" + c], {}),
        ("malformed token from HF_TOKEN", ["lint", "huggingface"], {"HF_TOKEN": c}),
        ("malformed AWS secret", ["check", "aws", "--field", "aws_access_key_id=" + c,
                                  "--field", "aws_secret_access_key=" + c], {}),
        ("AWS keys from the environment, malformed", ["check", "aws", "--json"],
         {"AWS_ACCESS_KEY_ID": c, "AWS_SECRET_ACCESS_KEY": c, "AWS_SESSION_TOKEN": c}),
        ("malformed Azure secret without tenant", ["check", "azure", "--field", "azure_client_secret=" + c], {}),
        ("malformed Lambda key", ["check", "lambda", "--field", "lambda_api_key=" + c], {}),
        ("GCP key that is not JSON", ["check", "gcp", "--field", "gcp_service_account_key=" + c], {}),
        ("GCP key pasted into GOOGLE_APPLICATION_CREDENTIALS", ["check", "gcp"],
         {"GOOGLE_APPLICATION_CREDENTIALS": c}),
        ("unreachable provider", ["check", "huggingface", "--field", "hf_token=" + t,
                                  "--endpoint", closed, "--timeout", "2"], {}),
        ("unreachable provider, JSON", ["check", "huggingface", "--json", "--field", "hf_token=" + t,
                                        "--endpoint", closed, "--timeout", "2"], {}),
        ("unreachable providers with --all", ["check", "--all", "--endpoint", "huggingface=" + closed], {"HF_TOKEN": t}),
        ("secret as the relay's --allow-origin", ["relay", "--allow-origin", c], {}),
        ("secret as the relay's --allow-insecure-host",
         ["relay", "--allow-origin", "http://127.0.0.1:8000", "--allow-insecure-host", c], {}),
        ("secret as the relay's --port", ["relay", "--port", c], {}),
    ]


PATH_NAMES = [name for name, _, _ in error_paths("c", "t", "u")]


@pytest.mark.parametrize("index", range(len(PATH_NAMES)), ids=PATH_NAMES)
def test_no_error_path_echoes_a_secret(index):
    c, t = canary(), token_canary()
    name, argv, env = error_paths(c, t, closed_port_url())[index]
    run = run_credprobe(*argv, env=env, timeout=30)
    assert run.code != 0, f"{name}: expected a failure"
    assert run.everything().strip(), f"{name}: the failure must say something"
    assert_never_echoed(run, c)
    assert_never_echoed(run, t)


def test_the_canary_forms_are_found_when_present():
    # The search itself can fail: a canary inside a longer base64 text, at every offset, and in a
    # URL- or JSON-encoded text, is found.
    c = canary()
    for prefix in (b"", b"a", b"ab", b"abc:"):
        encoded = base64.b64encode(prefix + c.encode()).decode()
        assert any(form in encoded for form in forms(c)), prefix
        assert any(form in base64.urlsafe_b64encode(prefix + c.encode()).decode() for form in forms(c))
    assert urllib.parse.quote(c, safe="") in "x=" + urllib.parse.quote(c, safe="") + "&y"
    assert json.dumps(c).replace("/", "\\/")[1:-1] in forms(c)
