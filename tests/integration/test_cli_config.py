"""`credprobe check --config FILE` and `credprobe lint --config FILE` against the emulator: every
profile of a Clustrix configuration checked concurrently, unchecked cluster types listed as not
checked, keys Clustrix refuses named, a malformed file reported at its line and column with
nothing sent (exit 2), and no secret of the file ever printed."""

import json

import pytest

from cli_runner import run_credprobe
from lambda_fixtures import make_lambda_fixture
from emulator_harness import start_emulator

EXIT_VALID, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@pytest.fixture
def lam():
    return make_lambda_fixture(rate_limit=False)


@pytest.fixture
def emulator(hf_fixture, lam):
    with start_emulator({**hf_fixture.fixtures, **lam.fixtures}) as emu:
        yield emu


def profiles_yaml(hf, lam):
    # The shape Clustrix's notebook widget saves; values quoted as credprobe's export writes
    # them, except the scheduler's plain ones.
    return f"""active_profile: hub
profiles:
  hub:
    cluster_type: huggingface_spaces
    hf_token: "{hf['read']}"
  gone:
    cluster_type: huggingface_spaces
    hf_token: '{hf['revoked']}'
  gpus:
    cluster_type: lambda_cloud
    lambda_api_key: "{lam['two_instances']}"
    default_cores: 8
  hpc:
    cluster_type: slurm
    cluster_host: hpc.example.org
    username: ada
    default_partition: gpu
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def check(emulator, path, *extra):
    return run_credprobe(
        "check", "--config", path, "--endpoint", f"huggingface={emulator.url}",
        "--endpoint", f"lambda={emulator.url}", "--timeout", "5", *extra,
    )


def secrets_of(hf, lam):
    return [hf["read"], hf["revoked"], lam["two_instances"]]


def test_every_profile_is_checked_and_slurm_is_listed_as_not_checked(emulator, hf_fixture, lam, tmp_path):
    path = write(tmp_path, "clustrix.yml", profiles_yaml(hf_fixture, lam))
    run = check(emulator, path, "--json")
    assert run.code == EXIT_INVALID, run.stderr  # the revoked token is the most serious
    out = run.json()
    assert out["config"] == path
    assert out["shape"] == "profiles"
    assert out["active_profile"] == "hub"
    assert out["findings"] == []
    by_name = {p["name"]: p for p in out["profiles"]}
    assert [p["name"] for p in out["profiles"]] == ["hub", "gone", "gpus", "hpc"]
    assert by_name["hub"]["provider"] == "huggingface"
    assert by_name["hub"]["fields"] == ["hf_token"]
    assert by_name["hub"]["verdict"]["status"] == "valid"
    assert by_name["hub"]["verdict"]["identity"]["user"] == "ada-reader"
    assert by_name["gone"]["verdict"]["status"] == "invalid"
    assert by_name["gpus"]["provider"] == "lambda"
    assert by_name["gpus"]["verdict"]["status"] == "valid"
    assert by_name["gpus"]["unchecked_keys"] == ["default_cores"]
    hpc = by_name["hpc"]
    assert hpc["provider"] is None
    assert "verdict" not in hpc
    assert hpc["not_checked"].startswith("credprobe does not check slurm clusters")
    assert hpc["unchecked_keys"] == ["cluster_host", "username", "default_partition"]
    for secret in secrets_of(hf_fixture, lam):
        assert secret not in run.everything()


def test_the_table_shows_one_row_per_profile(emulator, hf_fixture, lam, tmp_path):
    path = write(tmp_path, "clustrix.yaml", profiles_yaml(hf_fixture, lam))
    run = check(emulator, path)
    assert run.code == EXIT_INVALID
    table = run.stdout[run.stdout.index("PROFILE "):].splitlines()
    assert table[0].split() == ["PROFILE", "PROVIDER", "VERDICT", "IDENTITY", "LATENCY"]
    rows = {line.split()[0]: line for line in table[1:]}
    assert rows["hub"].split()[1:4] == ["Hugging", "Face", "valid"]
    assert rows["gone"].split()[1:4] == ["Hugging", "Face", "invalid"]
    assert rows["gpus"].split()[1:4] == ["Lambda", "Cloud", "valid"]
    assert rows["hpc"].split()[1:4] == ["-", "not", "checked"]
    assert "credprobe does not check slurm clusters" in rows["hpc"]
    assert "not checked   cluster_host, username, default_partition" in run.stdout
    for secret in secrets_of(hf_fixture, lam):
        assert secret not in run.everything()


def test_profile_checks_only_the_one_named(emulator, hf_fixture, lam, tmp_path):
    path = write(tmp_path, "clustrix.yml", profiles_yaml(hf_fixture, lam))
    run = check(emulator, path, "--profile", "hub", "--json")
    assert run.code == EXIT_VALID
    assert [p["name"] for p in run.json()["profiles"]] == ["hub"]
    paths = [r["path"] for r in emulator.requests()]
    assert paths == ["/api/whoami-v2"]


def test_unknown_profile_is_a_usage_error_naming_the_profiles(emulator, hf_fixture, lam, tmp_path):
    path = write(tmp_path, "clustrix.yml", profiles_yaml(hf_fixture, lam))
    run = check(emulator, path, "--profile", "hbu")
    assert run.code == EXIT_USAGE
    assert run.stderr == f"credprobe: {path} has no profile 'hbu'; its profiles are: hub, gone, gpus, hpc\n"
    assert emulator.requests() == []


def test_a_flat_json_configuration_is_read_with_the_core_reader(emulator, hf_fixture, tmp_path):
    path = write(tmp_path, "clustrix.json", json.dumps(
        {"cluster_type": "huggingface_spaces", "hf_token": hf_fixture["write"], "hf_usernmae": "grace"}))
    run = check(emulator, path, "--json")
    assert run.code == EXIT_VALID
    out = run.json()
    assert out["shape"] == "flat"
    (profile,) = out["profiles"]
    assert profile["name"] == ""
    assert profile["verdict"]["identity"]["user"] == "grace-writer"
    assert profile["findings"] == [{
        "severity": "error", "field": "hf_usernmae",
        "message": "is not a Clustrix configuration key: Clustrix refuses a file with a key it does "
                   "not know (did you mean hf_username?)"}]


def test_malformed_yaml_reports_line_and_column_sends_nothing_and_exits_2(emulator, hf_fixture, tmp_path):
    # One space short on the last line: it belongs to no mapping.
    text = f'profiles:\n  hub:\n    cluster_type: huggingface_spaces\n    hf_token: "{hf_fixture["read"]}"\n   default_cores: 4\n'
    path = write(tmp_path, "clustrix.yml", text)
    run = check(emulator, path)
    assert run.code == EXIT_USAGE
    assert run.stdout == ""
    assert run.stderr == f"credprobe: {path}:5:4: end of map not found (nothing was sent)\n"
    assert hf_fixture["read"] not in run.everything()
    assert emulator.requests() == []


def test_malformed_yaml_points_at_the_line_and_column(emulator, tmp_path):
    path = write(tmp_path, "clustrix.yml", "cluster_type: aws\naws_region: [us-east-1\n")
    run = check(emulator, path)
    assert run.code == EXIT_USAGE
    assert run.stderr == f"credprobe: {path}:3:1: end of sequence flow not found (nothing was sent)\n"


def test_malformed_json_reports_line_and_column(emulator, tmp_path):
    path = write(tmp_path, "clustrix.json", '{\n  "cluster_type": "aws",\n  "aws_region": "x",\n}\n')
    run = check(emulator, path)
    assert run.code == EXIT_USAGE
    assert run.stderr == f"credprobe: {path}:4:1: a trailing comma before '}}' (nothing was sent)\n"
    assert emulator.requests() == []


def test_a_file_that_is_not_a_mapping_is_refused(emulator, tmp_path):
    path = write(tmp_path, "clustrix.yml", "- aws\n- gcp\n")
    run = check(emulator, path)
    assert run.code == EXIT_USAGE
    assert run.stderr == (f"credprobe: {path}: a Clustrix configuration is a mapping of keys to "
                          "values; this is a list (nothing was sent)\n")


def test_lint_config_is_offline_and_names_each_problem(emulator, hf_fixture, lam, tmp_path):
    path = write(tmp_path, "clustrix.yml", f"""profiles:
  hub:
    cluster_type: huggingface_spaces
    hf_token: " {hf_fixture['read']}"
  gpus:
    cluster_type: lambda_cloud
    lambda_api_key: "{lam['two_instances']}"
    lambda_region: us-east-1
  hpc:
    cluster_type: pbs
""")
    run = run_credprobe("lint", "--config", path, "--json")
    assert run.code == EXIT_USAGE
    out = run.json()
    assert out["ok"] is False
    hub, gpus, hpc = out["profiles"]
    assert [i["field"] for i in hub["lint"]["issues"] if i["severity"] == "error"] == ["hf_token"]
    assert gpus["findings"][0]["field"] == "lambda_region"
    assert gpus["lint"]["ok"] is True
    assert hpc["not_checked"].startswith("credprobe does not check pbs clusters")
    assert emulator.requests() == []
    for secret in secrets_of(hf_fixture, lam):
        assert secret not in run.everything()


def test_lint_config_passes_a_clean_file(tmp_path, hf_fixture):
    path = write(tmp_path, "c.yml", f"cluster_type: huggingface_spaces\nhf_token: \"{hf_fixture['read']}\"\n")
    run = run_credprobe("lint", "--config", path)
    assert run.code == EXIT_VALID, run.stdout
    assert "huggingface: format looks right" in run.stdout
    assert run.stdout.endswith("No network call was made.\n")


def test_config_refuses_a_provider_or_fields_beside_it(tmp_path):
    path = write(tmp_path, "c.yml", "cluster_type: ssh\n")
    run = run_credprobe("check", "huggingface", "--config", path)
    assert run.code == EXIT_USAGE
    assert "leave out the provider, --all and --field" in run.stderr
