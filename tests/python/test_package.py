"""The Python package as a user gets it: the wheel scripts/build-python.sh builds, installed into
a fresh venv with nothing else, gives the `credprobe` command on PATH and `import credprobe`
(providers, lint, check, check_config), checked against the provider emulator. Verdicts are
values; misuse raises; a field's value never reaches the tool's arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from emulator_harness import make_hf_fixture, start_emulator  # noqa: E402
from hf_readiness_fixtures import PAID, make_hf_readiness_fixture  # noqa: E402


def the_wheel() -> Path:
    wheels = sorted((ROOT / "build" / "python" / "dist").glob("credprobe-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(
            f"expected one wheel in build/python/dist (bash scripts/build-python.sh), found {wheels}"
        )
    return wheels[0]


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """A venv with only the credprobe wheel installed (it has no dependencies: no index)."""
    where = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(where)
    subprocess.run(
        [where / "bin" / "python", "-m", "pip", "install", "-q", "--no-index",
         "--disable-pip-version-check", str(the_wheel())],
        check=True,
    )
    return where


@pytest.fixture(scope="module")
def hf():
    return make_hf_fixture()


@pytest.fixture(scope="module")
def emulator(hf):
    with start_emulator(hf.fixtures) as emu:
        yield emu


def user_env(fresh_venv: Path, home: Path, **extra: str) -> dict[str, str]:
    """A user's shell with the venv activated: its bin first on PATH, an empty HOME (no token
    file or AWS profile of this machine's user), no proxy."""
    env = {"PATH": f"{fresh_venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "NO_COLOR": "1"}
    env.update(extra)
    return env


def api(fresh_venv: Path, home: Path, script: str, **env: str):
    """Runs a script in the fresh venv's Python; it prints one JSON value, returned here."""
    done = subprocess.run(
        [fresh_venv / "bin" / "python", "-c", textwrap.dedent(script)],
        capture_output=True, text=True, env=user_env(fresh_venv, home, **env), cwd=home, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---- the command on PATH ----

def test_the_wheel_puts_the_credprobe_command_on_path(fresh_venv, tmp_path):
    done = subprocess.run(["credprobe", "--version"], capture_output=True, text=True,
                          env=user_env(fresh_venv, tmp_path))
    assert (done.returncode, done.stdout) == (0, "credprobe 0.1.0\n")
    which = subprocess.run(["sh", "-c", "command -v credprobe"], capture_output=True, text=True,
                           env=user_env(fresh_venv, tmp_path))
    assert which.stdout.strip() == str(fresh_venv / "bin" / "credprobe")


def test_the_command_checks_a_token_from_the_environment_with_exit_codes(fresh_venv, tmp_path, hf, emulator):
    def check(token):
        return subprocess.run(
            ["credprobe", "check", "huggingface", "--endpoint", emulator.url, "--json"],
            capture_output=True, text=True, env=user_env(fresh_venv, tmp_path, HF_TOKEN=token),
        )

    valid, revoked = check(hf["read"]), check(hf["revoked"])
    assert (valid.returncode, json.loads(valid.stdout)["status"]) == (0, "valid")
    assert json.loads(valid.stdout)["identity"]["user"] == "ada-reader"
    assert (revoked.returncode, json.loads(revoked.stdout)["status"]) == (1, "invalid")
    assert hf["read"] not in valid.stdout + valid.stderr


# ---- import credprobe ----

def test_providers_lists_the_registry_as_typed_values(fresh_venv, tmp_path):
    got = api(fresh_venv, tmp_path, """
        import json, credprobe
        ps = credprobe.providers()
        hf = next(p for p in ps if p.id == "huggingface")
        token = hf.field("hf_token")
        print(json.dumps({"ids": [p.id for p in ps], "types": [p.clustrix_type for p in ps],
                          "token": [token.kind, token.required, list(token.env_vars)],
                          "class": type(hf).__name__}))
    """)
    assert got == {
        "ids": ["aws", "azure", "gcp", "huggingface", "lambda"],
        "types": ["aws", "azure", "gcp", "huggingface_spaces", "lambda_cloud"],
        "token": ["secret", True, ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"]],
        "class": "Provider",
    }


def test_check_returns_the_verdict_as_a_value(fresh_venv, tmp_path, hf, emulator):
    got = api(fresh_venv, tmp_path, f"""
        import json, credprobe
        def brief(v):
            return [type(v).__name__, v.status, v.valid, v.identity.get("user"),
                    [(e.method, e.path, e.http_status) for e in v.evidence]]
        print(json.dumps([
            brief(credprobe.check("huggingface", {{"hf_token": {hf['read']!r}}}, endpoints={emulator.url!r})),
            brief(credprobe.check("huggingface", {{"hf_token": {hf['revoked']!r}}}, endpoints={emulator.url!r})),
        ]))
    """)
    assert got == [
        ["Verdict", "valid", True, "ada-reader", [["GET", "/api/whoami-v2", 200]]],
        ["Verdict", "invalid", False, None, [["GET", "/api/whoami-v2", 401]]],
    ]


def test_a_provider_that_cannot_be_reached_is_a_verdict_not_an_exception(fresh_venv, tmp_path, hf):
    got = api(fresh_venv, tmp_path, f"""
        import json, credprobe
        v = credprobe.check("huggingface", {{"hf_token": {hf['read']!r}}},
                            endpoints="http://127.0.0.1:9", timeout=2)
        print(json.dumps([v.status, v.summary, v.evidence[0].http_status, v.evidence[0].transport_error]))
    """)
    assert got == ["unreachable", "no answer from 127.0.0.1:9: connection refused (Couldn't connect to server)",
                   0, "connection refused"]


def test_readiness_comes_with_the_compute_fields(fresh_venv, tmp_path):
    ready_fixture = make_hf_readiness_fixture()
    with start_emulator(ready_fixture.fixtures) as emu:
        got = api(fresh_venv, tmp_path, f"""
            import json, credprobe
            def brief(v):
                return [v.status, v.ready, [(r.id, r.state) for r in v.readiness]]
            def fields(token, user):
                return {{"hf_token": token, "hf_username": user, "hf_hardware": {PAID!r}}}
            print(json.dumps([
                brief(credprobe.check("huggingface", fields({ready_fixture['ready']!r}, "rhea-ready"),
                                      endpoints={emu.url!r})),
                brief(credprobe.check("huggingface", fields({ready_fixture['no_payment']!r}, "nina-nopay"),
                                      endpoints={emu.url!r})),
                brief(credprobe.check("huggingface", {{"hf_token": {ready_fixture['ready']!r}}},
                                      endpoints={emu.url!r})),
            ]))
        """)
    ids = ["namespace_write", "hardware_flavour", "hardware_billing", "token_lifetime"]
    assert got[0] == ["valid", "yes", [[i, "met"] for i in ids]]
    assert got[1] == ["valid", "no", [["namespace_write", "met"], ["hardware_flavour", "met"],
                                      ["hardware_billing", "unmet"], ["token_lifetime", "met"]]]
    assert got[2] == ["valid", None, []]


def test_fields_none_reads_the_conventional_sources_and_given_fields_are_all_that_is_read(
        fresh_venv, tmp_path, hf, emulator):
    got = api(fresh_venv, tmp_path, f"""
        import json, credprobe
        from_env = credprobe.check("huggingface", endpoints={emulator.url!r})
        only_given = credprobe.check("huggingface", {{}}, endpoints={emulator.url!r})
        print(json.dumps([from_env.status, from_env.identity.get("user"), only_given.status]))
    """, HF_TOKEN=hf["write"])
    assert got == ["valid", "grace-writer", "malformed"]
    assert emulator.requests()[-1]["path"] == "/api/whoami-v2"


def test_lint_reads_only_the_fields_given_and_sends_nothing(fresh_venv, tmp_path, emulator):
    emulator.clear_requests()
    got = api(fresh_venv, tmp_path, """
        import json, credprobe
        bad = credprobe.lint("huggingface", {"hf_token": "hf_short"})
        good = credprobe.lint("aws", {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                                      "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
        print(json.dumps({"bad": [(f.severity, f.field) for f in bad],
                          "good_errors": [f.field for f in good if f.severity == "error"]}))
    """, HF_TOKEN="not-read")
    assert got["bad"][0] == ["error", "hf_token"]
    assert got["good_errors"] == []
    assert emulator.requests() == []


def test_a_fields_value_travels_through_a_pipe_never_in_the_arguments(fresh_venv, tmp_path, hf, emulator):
    got = api(fresh_venv, tmp_path, f"""
        import json, subprocess, credprobe
        seen = []
        real = subprocess.Popen
        def spy(argv, *a, **k):
            seen.append(list(map(str, argv)))
            return real(argv, *a, **k)
        subprocess.Popen = spy
        v = credprobe.check("huggingface", {{"hf_token": {hf['read']!r}}}, endpoints={emulator.url!r})
        print(json.dumps([v.status, seen]))
    """)
    status, argvs = got
    assert status == "valid"
    check_argv = argvs[-1]
    assert check_argv[1:3] == ["check", "huggingface"]
    assert "--no-sources" in check_argv
    assert [a for a in check_argv if a.startswith("hf_token=")][0].startswith("hf_token=@/dev/fd/")
    assert not any(hf["read"] in a for argv in argvs for a in argv)


def test_misuse_raises_and_names_the_problem_without_echoing_values(fresh_venv, tmp_path):
    got = api(fresh_venv, tmp_path, """
        import json, credprobe
        out = []
        for call in [lambda: credprobe.check("hugginface", {}),
                     lambda: credprobe.check("huggingface", {"hf_tokn": "x"}),
                     lambda: credprobe.check("huggingface", {"x" * 45: "x"}),
                     lambda: credprobe.check("huggingface", {"hf_token": 42}),
                     lambda: credprobe.check("huggingface", {"hf_token": "hf_x"}, timeout=0),
                     lambda: credprobe.lint("aws", None)]:
            try:
                call()
                out.append(None)
            except Exception as e:
                out.append([type(e).__name__, str(e)])
        print(json.dumps(out))
    """)
    assert got == [
        ["ValueError", "unknown provider 'hugginface'; providers are: aws, azure, gcp, huggingface, lambda"],
        ["ValueError", "unknown field 'hf_tokn' for huggingface; fields are: hf_token, hf_username, hf_hardware, hf_sdk"],
        ["ValueError", "unknown field (a name of 45 characters, not shown) for huggingface; fields are: hf_token, hf_username, hf_hardware, hf_sdk"],
        ["TypeError", "field hf_token must be text (str), not int"],
        ["ValueError", "timeout must be seconds per request between 0.1 and 600"],
        ["TypeError", "fields must be a mapping of field name to text, not NoneType"],
    ]


# ---- check_config ----

def test_check_config_checks_each_profile_and_lists_unchecked_cluster_types(fresh_venv, tmp_path, hf, emulator):
    config = tmp_path / "clustrix.yml"
    config.write_text(textwrap.dedent(f"""\
        active_profile: hub
        profiles:
          hub:
            cluster_type: huggingface_spaces
            hf_token: "{hf['read']}"
          gone:
            cluster_type: huggingface_spaces
            hf_token: "{hf['revoked']}"
          hpc:
            cluster_type: slurm
            cluster_host: hpc.example.org
        """))
    got = api(fresh_venv, tmp_path, f"""
        import json, credprobe
        r = credprobe.check_config({str(config)!r}, endpoints={{"huggingface": {emulator.url!r}}})
        print(json.dumps({{"shape": r.shape, "active": r.active_profile,
            "profiles": [[p.name, p.provider, p.verdict.status if p.verdict else None,
                          p.not_checked is not None, list(p.fields)] for p in r.profiles],
            "verdicts": [v.status for v in r.verdicts]}}))
    """)
    assert got == {
        "shape": "profiles",
        "active": "hub",
        "profiles": [
            ["hub", "huggingface", "valid", False, ["hf_token"]],
            ["gone", "huggingface", "invalid", False, ["hf_token"]],
            ["hpc", None, None, True, []],
        ],
        "verdicts": ["valid", "invalid"],
    }


def test_check_config_raises_at_the_line_and_column_of_a_malformed_file(fresh_venv, tmp_path, emulator):
    config = tmp_path / "broken.yml"
    config.write_text("profiles:\n  hub:\n    cluster_type: [huggingface_spaces\n")
    emulator.clear_requests()
    got = api(fresh_venv, tmp_path, f"""
        import json, credprobe
        out = []
        for path in [{str(config)!r}, {str(tmp_path / 'missing.yml')!r}]:
            try:
                credprobe.check_config(path)
            except Exception as e:
                out.append([type(e).__name__, isinstance(e, ValueError), str(e)])
        print(json.dumps(out))
    """)
    (kind, is_value_error, message), missing = got
    assert (kind, is_value_error) == ("ConfigError", True)
    assert message.startswith(f"{config}:4:")
    assert missing[0:2] == ["FileNotFoundError", False]
    assert emulator.requests() == []


def test_the_package_is_typed(fresh_venv):
    installed = list((fresh_venv / "lib").glob("python3*/site-packages/credprobe/py.typed"))
    assert len(installed) == 1
