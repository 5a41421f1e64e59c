"""`credprobe check huggingface` against the emulator: every verdict, its exit code, and the
token never printed."""

import pytest

from cli_runner import closed_port_url, run_credprobe

EXIT_VALID, EXIT_INVALID, EXIT_USAGE, EXIT_INSUFFICIENT, EXIT_COULD_NOT_TELL = 0, 1, 2, 3, 4


def check(emulator, token, *extra, timeout="5"):
    return run_credprobe(
        "check", "huggingface", "--endpoint", emulator.url, "--field", f"hf_token={token}",
        "--timeout", timeout, *extra,
    )


def assert_no_token(run, token):
    assert token not in run.everything()
    assert token[3:] not in run.everything()


def test_read_token_is_valid_with_name_and_role(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["read"], "--json")
    assert run.code == EXIT_VALID
    verdict = run.json()
    assert verdict["status"] == "valid"
    assert verdict["provider"] == "huggingface"
    assert verdict["identity"]["user"] == "ada-reader"
    assert verdict["identity"]["fullname"] == "Ada Reader"
    assert verdict["identity"]["token_name"] == "ci-read"
    assert {"scope": "token role", "access": ["read"]} in verdict["permissions"]
    assert verdict["evidence"][0]["path"] == "/api/whoami-v2"
    assert verdict["evidence"][0]["http_status"] == 200
    assert_no_token(run, hf_fixture["read"])


def test_org_member_reports_org_and_role(hf_emulator, hf_fixture):
    verdict = check(hf_emulator, hf_fixture["org_member"], "--json").json()
    assert {"scope": "org: credprobe-test-org", "access": ["write"]} in verdict["permissions"]


def test_fine_grained_token_reports_scopes(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["fine_grained"], "--json")
    assert run.code == EXIT_VALID
    permissions = run.json()["permissions"]
    assert {"scope": "token role", "access": ["fineGrained"]} in permissions
    assert {"scope": "global", "access": ["discussion.write", "post.write"]} in permissions
    assert {
        "scope": "user: fg-user",
        "access": ["repo.content.read", "repo.write", "inference.serverless.write"],
    } in permissions
    assert {"scope": "org: credprobe-test-org", "access": ["repo.content.read"]} in permissions


def test_human_output_reads_at_a_glance(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["write"])
    assert run.code == EXIT_VALID
    lines = run.stdout.splitlines()
    assert lines[0] == 'Hugging Face  VALID  token works for user grace-writer (token "ci-write", write)'
    assert "  user          grace-writer" in lines
    assert "  permissions   token role: write" in lines
    assert any(l.startswith("  evidence      GET 127.0.0.1:") and "/api/whoami-v2 -> 200" in l for l in lines)
    assert "  sources       hf_token from --field" in lines
    assert_no_token(run, hf_fixture["write"])


def test_revoked_token_is_invalid(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["revoked"], "--json")
    assert run.code == EXIT_INVALID
    verdict = run.json()
    assert verdict["status"] == "invalid"
    assert verdict["summary"] == "Hugging Face rejected the token (401): Invalid credentials in Authorization header"
    assert verdict["identity"] == {}
    assert_no_token(run, hf_fixture["revoked"])


def test_unknown_token_is_invalid(hf_emulator):
    run = check(hf_emulator, "hf_" + "Z" * 34, "--json")
    assert run.code == EXIT_INVALID
    assert run.json()["status"] == "invalid"


def test_rate_limited_keeps_retry_after(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["rate_limit"], "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "rate_limited"
    assert verdict["retry_after_seconds"] == 7
    assert verdict["hint"] == "Try again in 7 seconds."


@pytest.mark.parametrize("fault,status_code", [("server_error", 500), ("unavailable", 503)])
def test_server_errors_are_indeterminate(hf_emulator, hf_fixture, fault, status_code):
    run = check(hf_emulator, hf_fixture[fault], "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert verdict["evidence"][0]["http_status"] == status_code
    assert_no_token(run, hf_fixture[fault])


@pytest.mark.parametrize("fault", ["malformed_json", "unexpected_body"])
def test_unexpected_bodies_are_indeterminate(hf_emulator, hf_fixture, fault):
    run = check(hf_emulator, hf_fixture[fault], "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "indeterminate"


def test_oversized_body_is_refused_not_parsed(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["oversized"], "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "indeterminate"
    assert verdict["evidence"][0]["transport_error"] == "response too large"


def test_connection_reset_mid_response_is_unreachable(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["reset"], "--json")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "unreachable"
    assert verdict["evidence"][0]["transport_error"] == "connection reset"


def test_hang_times_out_as_unreachable(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["hang"], "--json", timeout="1")
    assert run.code == EXIT_COULD_NOT_TELL
    verdict = run.json()
    assert verdict["status"] == "unreachable"
    assert verdict["evidence"][0]["transport_error"] == "timeout"
    assert verdict["hint"].startswith("The provider did not answer in time")


def test_latency_within_timeout_is_still_valid(hf_emulator, hf_fixture):
    run = check(hf_emulator, hf_fixture["latency"], "--json")
    assert run.code == EXIT_VALID
    assert run.json()["evidence"][0]["latency_ms"] >= 1500


def test_closed_port_is_unreachable():
    run = run_credprobe(
        "check", "huggingface", "--endpoint", closed_port_url(), "--field", "hf_token=hf_" + "a" * 34, "--json"
    )
    assert run.code == EXIT_COULD_NOT_TELL
    assert run.json()["status"] == "unreachable"
    assert run.json()["evidence"][0]["transport_error"] == "connection refused"


def test_probe_uses_whoami_v2_only(hf_emulator, hf_fixture):
    check(hf_emulator, hf_fixture["read"])
    paths = [r["path"] for r in hf_emulator.requests() if not r["path"].startswith("/_emulator")]
    assert paths == ["/api/whoami-v2"]


def test_malformed_token_is_refused_before_any_request(hf_emulator):
    run = check(hf_emulator, "hf_tooShort", "--json")
    assert run.code == EXIT_USAGE
    assert run.json()["status"] == "malformed"
    assert [r for r in hf_emulator.requests() if not r["path"].startswith("/_emulator")] == []


def test_token_from_hf_token_env_then_file(hf_emulator, hf_fixture, tmp_path):
    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url,
                        env={"HF_TOKEN": hf_fixture["read"]})
    assert run.code == EXIT_VALID
    assert "hf_token from env HF_TOKEN" in run.stdout

    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url,
                        env={"HUGGING_FACE_HUB_TOKEN": hf_fixture["write"]})
    assert "grace-writer" in run.stdout
    assert "hf_token from env HUGGING_FACE_HUB_TOKEN" in run.stdout

    (tmp_path / "token").write_text(hf_fixture["org_member"] + "\n")
    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url,
                        env={"HF_HOME": str(tmp_path)})
    assert run.code == EXIT_VALID
    assert "olga-member" in run.stdout
    assert f"hf_token from file {tmp_path}/token" in run.stdout
    assert_no_token(run, hf_fixture["org_member"])


def test_field_from_file(hf_emulator, hf_fixture, tmp_path):
    path = tmp_path / "tok.txt"
    path.write_text(hf_fixture["read"] + "\n")
    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url, "--field", f"hf_token=@{path}")
    assert run.code == EXIT_VALID


def test_check_all_finds_hf_and_prints_a_table(hf_emulator, hf_fixture):
    run = run_credprobe("check", "--all", env={"HF_TOKEN": "hf_" + "b" * 30})
    assert run.code == EXIT_USAGE  # found, but malformed: nothing sent
    assert "PROVIDER        VERDICT         IDENTITY" in run.stdout
    assert "Hugging Face    malformed" in run.stdout


def test_check_all_takes_endpoints_named_by_provider(hf_emulator, hf_fixture):
    # An override for a provider without credentials here (AWS) is accepted and unused.
    run = run_credprobe("check", "--all", "--endpoint", f"huggingface={hf_emulator.url}",
                        "--endpoint", f"aws.sts={hf_emulator.url}", env={"HF_TOKEN": hf_fixture["read"]})
    assert run.code == EXIT_VALID, run.stdout + run.stderr
    assert "Hugging Face    valid" in run.stdout
    run = run_credprobe("check", "--all", "--json", "--endpoint", f"huggingface.hub={hf_emulator.url}",
                        env={"HF_TOKEN": hf_fixture["read"]})
    assert run.code == EXIT_VALID
    assert [v["status"] for v in run.json()["verdicts"]] == ["valid"]


@pytest.mark.parametrize("args,error", [
    (["--all", "--endpoint", "http://127.0.0.1:9"],
     "--endpoint URL: with --all, an endpoint names its provider, as PROVIDER=URL or PROVIDER.NAME=URL "
     "(e.g. --endpoint aws.sts=URL); providers are: aws, azure, gcp, huggingface, lambda"),
    (["--all", "--endpoint", "hub=http://127.0.0.1:9"],
     "--endpoint 'hub': with --all, an endpoint names its provider, as PROVIDER=URL or PROVIDER.NAME=URL "
     "(e.g. --endpoint aws.sts=URL); providers are: aws, azure, gcp, huggingface, lambda"),
    (["--all", "--endpoint", "aws.stss=http://127.0.0.1:9"],
     "--endpoint 'aws.stss': aws has no such endpoint; its endpoints are: sts, ec2, servicequotas"),
    (["huggingface", "--endpoint", "aws.sts=http://127.0.0.1:9"],
     "--endpoint 'aws.sts' is for aws, but this check is for huggingface"),
])
def test_endpoint_naming_mistakes_are_usage_errors(args, error):
    run = run_credprobe("check", *args, env={"HF_TOKEN": "hf_" + "b" * 34})
    assert run.code == EXIT_USAGE
    assert run.stderr == f"credprobe: {error}\n"
    assert run.stdout == ""


def test_check_all_gives_each_provider_only_the_options_it_declares():
    # The malformed token keeps the check offline; the AWS option is no error for Hugging Face.
    env = {"HF_TOKEN": "hf_" + "b" * 30}
    run = run_credprobe("check", "--all", "--option", "aws_sts_method=POST", env=env)
    assert run.code == EXIT_USAGE
    assert run.stdout.startswith(
        "huggingface: error: hf_token has 30 characters after hf_; user access tokens have 34"
    )
    assert "Hugging Face    malformed" in run.stdout
    assert "unknown option" not in run.everything()
    run = run_credprobe("check", "--all", "--option", "retries=3", env=env)
    assert run.code == EXIT_USAGE
    assert run.stderr == (
        "credprobe: no provider has an option 'retries' (run `credprobe providers` to see each "
        "provider's options)\n"
    )


def test_check_all_without_credentials_says_where_it_looked():
    run = run_credprobe("check", "--all")
    assert run.code == EXIT_USAGE
    assert "no credentials found in the conventional sources" in run.stderr


def test_usage_errors_exit_2_without_echoing_secrets():
    secret = "hf_" + "Q" * 34
    run = run_credprobe("check", "huggingface", secret)
    assert run.code == EXIT_USAGE
    assert secret not in run.everything()
    run = run_credprobe("check", "nosuchprovider")
    assert run.code == EXIT_USAGE
    # Longer than any provider id: it may be a pasted secret, so it is not quoted.
    assert "unknown provider (a name of 14 characters, not shown)" in run.stderr
    run = run_credprobe("check", "hugingface")
    assert "unknown provider 'hugingface'" in run.stderr
    run = run_credprobe("check", "huggingface", "--field", f"token={secret}")
    assert run.code == EXIT_USAGE
    assert "unknown field 'token' for huggingface; fields are: hf_token" in run.stderr
    assert secret not in run.everything()


def test_no_sources_reads_only_the_fields_given(hf_emulator, hf_fixture, tmp_path):
    (tmp_path / "token").write_text(hf_fixture["org_member"] + "\n")
    env = {"HF_TOKEN": hf_fixture["read"], "HF_HOME": str(tmp_path)}
    hf_emulator.clear_requests()
    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url, "--no-sources",
                        "--json", env=env)
    assert (run.code, run.json()["status"], run.json()["summary"]) == (
        EXIT_USAGE, "malformed", "hf_token Access token is required")
    assert [r for r in hf_emulator.requests() if not r["path"].startswith("/_emulator")] == []
    run = run_credprobe("check", "huggingface", "--endpoint", hf_emulator.url, "--no-sources",
                        "--field", f"hf_token={hf_fixture['write']}", env=env)
    assert run.code == EXIT_VALID
    assert "grace-writer" in run.stdout
    assert "hf_token from --field" in run.stdout
    run = run_credprobe("lint", "huggingface", "--no-sources", "--json", env=env)
    assert (run.code, run.json()["ok"]) == (EXIT_USAGE, False)
    run = run_credprobe("check", "--all", "--no-sources", env=env)
    assert run.code == EXIT_USAGE
    assert run.stderr == ("credprobe: --all finds credentials in the conventional sources; "
                          "--no-sources applies to one provider checked with --field\n")


def test_lint_is_offline_and_precise():
    run = run_credprobe("lint", "huggingface", "--field", "hf_token=hf_" + "a" * 30)
    assert run.code == EXIT_USAGE
    assert run.stdout.splitlines()[0] == (
        "huggingface: error: hf_token has 30 characters after hf_; user access tokens have 34 (cut short when copied?)"
    )
    run = run_credprobe("lint", "huggingface", "--field", "hf_token=hf_" + "a" * 34, "--json")
    assert run.code == EXIT_VALID
    assert run.json() == {"provider": "huggingface", "ok": True, "issues": []}
