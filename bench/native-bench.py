#!/usr/bin/env python3
"""The native CLI against the emulator, beside the tools users would otherwise run; and each
provider's readiness check with 200 ms injected per request, against its critical path.
Writes its figures as JSON for write-doc.mjs (bash bench/run.sh runs both).

    CREDPROBE_BIN=build/ci/credprobe CREDPROBE_EMULATOR_BIN=build/ci/tests/credprobe-emulator \\
        python3 bench/native-bench.py [--runs N] [--out build/bench/native.json]

The peers run from a venv of their own, build/bench-venv (not the test .venv): this script
creates it and installs into it, from PyPI, the peers it lacks, then runs itself inside it. The
AWS CLI is Debian's awscli (/usr/bin/aws; apt-get installs it when missing).

Every tool is a fresh process, as a user runs it. Per run: wall time from spawn to exit, CPU
time (user + system) and peak RSS from the exit's rusage (os.wait4), which covers the whole
process and any child it waited for. One unmeasured run first (caches, .pyc files), then the
median of --runs. Credentials and fixtures come from tests/integration (fresh random keys).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "build" / "bench-venv"
# distribution -> module: the peers, and what the fixtures and the TLS front need
# (cryptography, pytest: the msal front comes from the msal fidelity test module).
PEERS = {"boto3": "boto3", "huggingface_hub": "huggingface_hub", "google-auth": "google.auth",
         "msal": "msal", "requests": "requests", "cryptography": "cryptography", "pytest": "pytest"}
AWS_CLI = "/usr/bin/aws"  # Debian's awscli, not whatever `aws` PATH finds first
LATENCY_MS = 200


def ensure_bench_venv() -> None:
    """Creates build/bench-venv, installs the missing peers into it, re-runs this script there."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        print(f"native-bench: creating {VENV.relative_to(ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = ("import importlib, sys\n"
             "def has(module):\n"
             "    try:\n"
             "        return importlib.util.find_spec(module) is not None\n"
             "    except ImportError:\n"
             "        return False\n"
             "import importlib.util\n"
             f"print(' '.join(d for d, m in {PEERS!r}.items() if not has(m)))\n")
    missing = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    if missing:
        print(f"native-bench: installing into the bench venv: {' '.join(missing)}", file=sys.stderr)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *missing],
                       check=True)
    if not Path(AWS_CLI).exists():
        print("native-bench: installing Debian package: awscli", file=sys.stderr)
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "awscli"], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


ensure_bench_venv()

sys.path[:0] = [str(ROOT / "tests" / "integration"), str(ROOT / "tests" / "conformance")]
import aws_readiness_fixtures as aws_fx  # noqa: E402
import azure_readiness_fixtures as azure_fx  # noqa: E402
import gcp_readiness_fixtures as gcp_fx  # noqa: E402
import hf_readiness_fixtures as hf_fx  # noqa: E402
import lambda_readiness_fixtures as lambda_fx  # noqa: E402
from emulator_harness import start_emulator  # noqa: E402
from test_azure_msal_fidelity import make_certificate, tls_front  # noqa: E402


def credprobe() -> str:
    value = os.environ.get("CREDPROBE_BIN")
    if not value or not Path(value).exists():
        sys.exit("native-bench: CREDPROBE_BIN must name the built credprobe (build/ci/credprobe)")
    return str(Path(value).resolve())


# A process's peak RSS (ru_maxrss) starts at the peak of the process it was forked from: a tool
# spawned by this script (80 MB of fixtures and libraries) would report at least that. So the
# tools are spawned by a small interpreter started for that alone (SPAWNER, about 10 MB; its own
# peak is reported as the floor below which a figure means nothing).
SPAWNER = """
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    out = os.open(job["stdout"], os.O_WRONLY)
    err = os.open(job["stderr"], os.O_WRONLY)
    t0 = time.perf_counter()
    pid = os.posix_spawn(job["cmd"][0], job["cmd"], job["env"],
                         file_actions=[(os.POSIX_SPAWN_DUP2, out, 1), (os.POSIX_SPAWN_DUP2, err, 2)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(out)
    os.close(err)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall_ms": wall * 1000,
                      "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
                      "rss_mib": usage.ru_maxrss / 1024}), flush=True)
"""
_spawner = None


def spawner() -> subprocess.Popen:
    global _spawner
    if _spawner is None:
        _spawner = subprocess.Popen([sys.executable, "-I", "-S", "-c", SPAWNER], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
    return _spawner


def spawner_floor_mib() -> float:
    usage = json.loads(Path(f"/proc/{spawner().pid}/status").read_text().split("VmHWM:")[1].split()[0])
    return usage / 1024


def run_once(cmd: list[str], env: dict[str, str]) -> dict:
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile() as err:
        s = spawner()
        cmd = [shutil.which(cmd[0]) or cmd[0], *cmd[1:]]
        s.stdin.write(json.dumps({"cmd": cmd, "env": env, "stdout": out.name, "stderr": err.name}) + "\n")
        s.stdin.flush()
        result = json.loads(s.stdout.readline())
        return result | {"stdout": Path(out.name).read_text(errors="replace"),
                         "stderr": Path(err.name).read_text(errors="replace")}


class Bench:
    def __init__(self, emulator, runs: int, home: Path):
        self.emulator = emulator
        self.runs = runs
        self.home = home

    def env(self, extra: dict[str, str]) -> dict[str, str]:
        # As tests/integration/cli_runner.py: no credential, profile or proxy of this machine.
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.home), "NO_COLOR": "1",
                "NO_PROXY": "127.0.0.1,localhost", **extra}

    def measure(self, cmd: list[str], env: dict[str, str], expect: str, pause: float = 0) -> dict:
        """Median wall, CPU and peak RSS of `runs` runs (after one unmeasured), and the number
        of requests the emulator received per run. Fails loudly on an unexpected answer.
        `pause`: seconds to wait before each run (Lambda's per-key rate limit)."""
        samples = []
        requests = 0
        for i in range(self.runs + 1):
            time.sleep(pause)
            self.emulator.clear_requests()
            run = run_once(cmd, self.env(env))
            if run["code"] != 0 or expect not in run["stdout"]:
                raise SystemExit(f"native-bench: {' '.join(cmd[:4])} exited {run['code']}, "
                                 f"expected 0 and {expect!r} in its output:\n{run['stdout'][-2000:]}\n{run['stderr'][-2000:]}")
            requests = len(self.emulator.requests())
            if i:
                samples.append(run)
        return {k: statistics.median(s[k] for s in samples) for k in ("wall_ms", "cpu_ms", "rss_mib")} | {
            "requests": requests, "runs": self.runs}


def python_peer(code: str) -> list[str]:
    return [sys.executable, "-c", code]


BOTO3 = ("import boto3, os; print(boto3.client('sts', endpoint_url=os.environ['BENCH_URL'])"
         ".get_caller_identity()['Arn'])")
GOOGLE_AUTH = """
import json, os
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account
url = os.environ['BENCH_URL']
info = json.load(open(os.environ['BENCH_KEY'])) | {'token_uri': url + '/token'}
creds = service_account.Credentials.from_service_account_info(
    info, scopes=['https://www.googleapis.com/auth/cloud-platform'])
answer = AuthorizedSession(creds).get(url + '/v3/projects/' + os.environ['BENCH_PROJECT'])
answer.raise_for_status()
print(answer.json()['projectId'])
"""
MSAL = """
import os, msal, requests
url = os.environ['BENCH_URL']
session = requests.Session()
session.verify = os.environ['BENCH_CA']
app = msal.ConfidentialClientApplication(
    os.environ['AZURE_CLIENT_ID'], client_credential=os.environ['AZURE_CLIENT_SECRET'],
    authority=url + '/' + os.environ['AZURE_TENANT_ID'], validate_authority=False,
    instance_discovery=False, http_client=session)
token = app.acquire_token_for_client(scopes=['https://management.azure.com/.default'])['access_token']
answer = session.get(url + '/subscriptions?api-version=2022-12-01', headers={'Authorization': 'Bearer ' + token})
answer.raise_for_status()
print(answer.json()['value'][0]['subscriptionId'])
"""


def fields_args(fields: dict[str, str]) -> list[str]:
    return [a for name, value in fields.items() for a in ("--field", f"{name}={value}")]


def endpoint_args(names: list[str], url: str, provider: str = "") -> list[str]:
    prefix = f"{provider}." if provider else ""
    return [a for name in names for a in ("--endpoint", f"{prefix}{name}={url}")]


def registry() -> dict:
    return json.loads(subprocess.run([credprobe(), "providers", "--json"], check=True, capture_output=True,
                                     text=True).stdout)


def critical_path(spec: dict):
    """The provider's critical path (dependent round trips) if the registry states one: the
    first whole number under a key naming it, wherever in the provider's entry it is."""
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                named = "critical_path" in key or "round_trips" in key
                if named and isinstance(value, int) and not isinstance(value, bool):
                    return value
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_NATIVE_RUNS", 7)))
    parser.add_argument("--readiness-runs", type=int, default=int(os.environ.get("BENCH_READINESS_RUNS", 3)))
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("BENCH_NATIVE_OUT", ROOT / "build/bench/native.json")))
    args = parser.parse_args()
    bin_ = credprobe()
    specs = {p["id"]: p for p in registry()["providers"]}
    endpoints = {pid: [e["name"] for e in spec["endpoints"]] for pid, spec in specs.items()}

    aws = aws_fx.make_readiness_fixture()
    azure = azure_fx.make_readiness_fixture()
    gcp = gcp_fx.make_readiness_fixture()
    hf = hf_fx.make_hf_readiness_fixture()
    lam = lambda_fx.make_readiness_fixture()
    fixtures = {**aws.fixtures, **azure.fixtures, **gcp.fixtures, **hf.fixtures, **lam.fixtures}

    with tempfile.TemporaryDirectory(prefix="credprobe-bench-") as tmp, start_emulator(fixtures, idle_exit=600) as emulator:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        url = emulator.url
        bench = Bench(emulator, args.runs, home)
        aws_key = aws["ready"]
        aws_env = aws_key.env(aws_fx.READY_REGION) | {"AWS_DEFAULT_REGION": aws_fx.READY_REGION}
        hf_token = hf["ready"]
        gcp_key = gcp.write(tmp, "launcher")
        azure_fields = azure.fields("ready")
        azure_env = {"AZURE_TENANT_ID": azure_fields["azure_tenant_id"], "AZURE_CLIENT_ID": azure_fields["azure_client_id"],
                     "AZURE_CLIENT_SECRET": azure_fields["azure_client_secret"]}
        lambda_env = {"LAMBDA_API_KEY": lam["ready"]}
        cert, key = make_certificate(tmp)

        # ---- the CLI beside the peers: a plain credential check, no compute fields
        side = []

        def row(provider, tool, version, cmd, env, expect):
            print(f"native-bench: {provider}: {tool}", file=sys.stderr)
            pause = 1.1 if provider in ("lambda", "all") else 0  # Lambda: one request per second per key
            side.append({"provider": provider, "tool": tool, "version": version,
                         **bench.measure(cmd, env, expect, pause)})

        version = subprocess.run([bin_, "--version"], capture_output=True, text=True).stdout.strip() or "built"
        peer = lambda dist: importlib.metadata.version(dist)  # noqa: E731
        aws_cli_version = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stdout.split(" ")[0]
        row("aws", "credprobe check aws", version, [bin_, "check", "aws", "--endpoint", url], aws_env, "VALID")
        row("aws", "aws sts get-caller-identity (Debian awscli)", aws_cli_version,
            [AWS_CLI, "sts", "get-caller-identity", "--endpoint-url", url], aws_env | {"AWS_EC2_METADATA_DISABLED": "true"},
            aws_key.arn)
        row("aws", "boto3 get_caller_identity()", f"boto3 {peer('boto3')}", python_peer(BOTO3), aws_env | {"BENCH_URL": url},
            aws_key.arn)
        hf_user = hf.whoami["ready"]["name"]
        row("huggingface", "credprobe check huggingface", version, [bin_, "check", "huggingface", "--endpoint", url],
            {"HF_TOKEN": hf_token}, "VALID")
        row("huggingface", "hf auth whoami", f"huggingface_hub {peer('huggingface_hub')}", [str(VENV / "bin" / "hf"), "auth", "whoami"],
            {"HF_TOKEN": hf_token, "HF_ENDPOINT": url, "HF_HUB_DISABLE_TELEMETRY": "1"}, hf_user)
        gcp_fields = {"gcp_service_account_key": f"@{gcp_key}", "gcp_project_id": gcp_fx.READY}
        row("gcp", "credprobe check gcp", version,
            [bin_, "check", "gcp", *fields_args(gcp_fields), *endpoint_args(["token", "resourcemanager"], url)], {}, "VALID")
        row("gcp", "google-auth: token, then the project", f"google-auth {peer('google-auth')}", python_peer(GOOGLE_AUTH),
            {"BENCH_URL": url, "BENCH_KEY": str(gcp_key), "BENCH_PROJECT": gcp_fx.READY}, gcp_fx.READY)
        subscription = azure_fields["azure_subscription_id"]
        row("azure", "credprobe check azure", version,
            [bin_, "check", "azure", *endpoint_args(["login", "management"], url)], azure_env, "VALID")
        with tls_front(emulator.port, cert, key) as front:
            row("azure", "msal: token, then the subscriptions (through a TLS front)", f"msal {peer('msal')}",
                python_peer(MSAL), azure_env | {"BENCH_URL": front, "BENCH_CA": str(cert)}, subscription)
        row("lambda", "credprobe check lambda", version, [bin_, "check", "lambda", "--endpoint", url], lambda_env, "VALID")
        every = [a for pid in specs for a in endpoint_args(endpoints[pid], url, pid)]
        row("all", "credprobe check --all (five providers, concurrently)", version,
            [bin_, "check", "--all", *every],
            aws_env | {"HF_TOKEN": hf_token, "GOOGLE_APPLICATION_CREDENTIALS": str(gcp_key),
                       "GOOGLE_CLOUD_PROJECT": gcp_fx.READY} | azure_env | lambda_env, "VALID")

        # ---- readiness with 200 ms per request, against the critical path
        cases = {
            "aws": ([*fields_args({"aws_instance_type": aws_fx.GPU_TYPE}), *endpoint_args(endpoints["aws"], url)], aws_env),
            "azure": ([*fields_args(azure_fields), *endpoint_args(endpoints["azure"], url)], {}),
            "gcp": ([*fields_args({**gcp_fields, "gcp_instance_type": gcp_fx.GPU_TYPE, "gcp_zone": gcp_fx.ZONE}),
                     *endpoint_args(endpoints["gcp"], url)], {}),
            "huggingface": ([*fields_args({"hf_token": hf_token, "hf_hardware": hf_fx.PAID}), *endpoint_args(endpoints["huggingface"], url)], {}),
            "lambda": ([*fields_args({"lambda_instance_type": lambda_fx.TYPE, "lambda_region": lambda_fx.REGION}),
                        *endpoint_args(endpoints["lambda"], url)], lambda_env),
        }
        readiness = []
        for pid, (cli_args, env) in cases.items():
            print(f"native-bench: readiness: {pid}", file=sys.stderr)
            cmd = [bin_, "check", pid, *cli_args, "--json", "--timeout", "30"]
            emulator.clear_faults()
            emulator.clear_requests()
            first = run_once(cmd, bench.env(env))
            verdict = json.loads(first["stdout"])
            if (first["code"], verdict["status"], verdict.get("ready")) != (0, "valid", "yes"):
                raise SystemExit(f"native-bench: readiness {pid}: exit {first['code']}, {verdict['status']}, "
                                 f"ready {verdict.get('ready')}: {first['stderr'][-2000:]}")
            paths = sorted({r["path"] for r in emulator.requests()})
            for path in paths:
                emulator.arm_fault(path, "latency", count=1_000_000, delay_ms=LATENCY_MS)
            walls, requests = [], 0
            for _ in range(args.readiness_runs):
                if pid == "lambda":
                    time.sleep(1.1)  # a fresh window of Lambda's one-request-per-second limit per key
                emulator.clear_requests()
                run = run_once(cmd, bench.env(env))
                if run["code"] != 0:
                    raise SystemExit(f"native-bench: readiness {pid} with latency: exit {run['code']}: {run['stdout'][-2000:]}")
                walls.append(run["wall_ms"])
                requests = len(emulator.requests())
            emulator.clear_faults()
            path_length = critical_path(specs[pid])
            wall = statistics.median(walls)
            readiness.append({"provider": pid, "requests": requests, "wall_ms": wall, "runs": args.readiness_runs,
                              "critical_path": path_length,
                              "ratio": wall / (path_length * LATENCY_MS) if path_length else None,
                              "requirements": [r["id"] for r in verdict.get("readiness", [])]})

    result = {
        "rss_floor_mib": spawner_floor_mib(),
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(),
                    "load_average": os.getloadavg()[0]},
        "credprobe": version,
        "latency_ms": LATENCY_MS,
        "side_by_side": side,
        "readiness": readiness,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"native-bench: wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
