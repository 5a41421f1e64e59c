"""The fault matrix: the real CLI, for every provider, against every fault the emulator injects.

Each cell starts its own emulator (so cells run concurrently without sharing armed faults), arms
one fault on one route for every request to it, runs `credprobe check PROVIDER --json --timeout
2` with the provider's valid credential, and judges the result:

  - the status is one that says "could not tell" (no `valid`, `invalid`, `expired` or
    `insufficient` on an answer that is not the provider's). On a route after the credential
    was already proven (Azure's Resource Manager read after the token, GCP's project read after
    the token) `valid` is the honest answer, since the token proves the credential (DESIGN.md),
    and only `invalid`, `expired` and `insufficient` are wrong;
  - on a readiness route (a read for a configuration that is otherwise ready), the credential
    stays `valid`, every requirement that route answers is `unknown` and so is `ready`: a fault
    is never a `met` nor an `unmet`;
  - the exit code is the documented one for that status, or for `ready` when the verdict has
    one (docs/exit-codes.md), and no signal;
  - the CLI exited within twice the timeout (a hang bound, measured with a monotonic clock);
  - no secret of the fixture, nor its URL-encoded, base64 or JSON-escaped form, nor either half
    of it, is in stdout or stderr.

`python3 tests/integration/fault_matrix.py --write` (what scripts/gen-reliability.sh runs)
writes docs/reliability.md from a fresh run; tests/integration/test_fault_matrix.py runs the
same matrix, asserts every cell and fails when the committed page differs.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aws_readiness_fixtures  # noqa: E402
import azure_readiness_fixtures  # noqa: E402
import gcp_readiness_fixtures  # noqa: E402
import hf_readiness_fixtures  # noqa: E402
from aws_fixtures import make_aws_fixture  # noqa: E402
from azure_fixtures import make_azure_fixture  # noqa: E402
from emulator_harness import FAULTS, make_hf_fixture, start_emulator  # noqa: E402
from gcp_fixtures import READABLE, make_gcp_fixture  # noqa: E402
from lambda_fixtures import make_lambda_fixture  # noqa: E402

TIMEOUT_S = 2
BOUND_S = 2 * TIMEOUT_S
WORKERS = 3
REGENERATE = "bash scripts/gen-reliability.sh"

# docs/exit-codes.md
EXIT_CODES = {
    "valid": 0,
    "invalid": 1,
    "expired": 1,
    "malformed": 2,
    "insufficient": 3,
    "unreachable": 4,
    "blocked": 4,
    "rate_limited": 4,
    "indeterminate": 4,
}
COULD_NOT_TELL = {"unreachable", "blocked", "rate_limited", "indeterminate"}
READY_EXIT_CODES = {"yes": 0, "no": 3, "unknown": 4}


@dataclass(frozen=True)
class Fault:
    column: str  # short name in the matrix
    what: str  # what the emulator does, for the page
    spec: dict  # what is armed: {"fault": NAME, ...params}
    count: int = 1000  # how many requests to the route it hits: all of them, retries included


# Every fault the emulator can inject, and the parameters the matrix uses.
MATRIX_FAULTS = (
    Fault("no answer", f"reads the request and never answers (the client gives up after {TIMEOUT_S} s)",
          {"fault": "hang", "max_ms": 4 * BOUND_S * 1000}),
    Fault("late answer", f"the normal answer, {TIMEOUT_S + 2} s late (after the timeout)",
          {"fault": "latency", "delay_ms": (TIMEOUT_S + 2) * 1000}),
    Fault("reset before body", "reads the request, then resets the connection (TCP RST) before any byte",
          {"fault": "reset_before_body"}),
    Fault("reset during body", "sends the headers and half the declared body, then closes the connection",
          {"fault": "reset"}),
    Fault("429 + Retry-After", "429 in the provider's words with `Retry-After: 30`",
          {"fault": "rate_limit", "retry_after": 30}),
    Fault("429 bare", "429 in the provider's words with no Retry-After header",
          {"fault": "rate_limit", "retry_after": None}),
    Fault("500", "500 in the provider's words", {"fault": "server_error"}),
    Fault("502", "502 from a proxy in front of the provider (nginx's HTML page)", {"fault": "bad_gateway"}),
    Fault("503", "503 in the provider's words", {"fault": "unavailable"}),
    Fault("malformed JSON", "200, the normal body at full length with one syntax error (a colon missing)",
          {"fault": "malformed_json"}),
    Fault("truncated body", "200, the normal body cut in half with a Content-Length matching the cut",
          {"fault": "truncated_body"}),
    Fault("20 MB body", "200, the normal JSON padded to 20 MiB", {"fault": "oversized", "size_bytes": 20 << 20}),
    Fault("captive portal", "200 with a captive portal's HTML sign-in page", {"fault": "unexpected_body"}),
    # Once only: a client that followed it would reach the normal answer on the other host.
    Fault("redirect", "302 to another host (the emulator itself, named localhost); once only, so a "
          "client that followed it would get the normal answer there", {"fault": "redirect"}, count=1),
    Fault("foreign 401", "401 with a proxy's HTML page and `WWW-Authenticate: Basic`",
          {"fault": "foreign_denial", "status": 401}),
    Fault("foreign 403", "403 with a web filter's HTML page", {"fault": "foreign_denial", "status": 403}),
)


# The routes, one row each, in make_targets' order.
ROWS = (
    "aws: STS",
    "azure: Entra token",
    "azure: Resource Manager",
    "gcp: token",
    "gcp: project read",
    "lambda: instances",
    "huggingface: whoami-v2",
    # Readiness reads, each for a configuration that is otherwise ready. Lambda's are not here:
    # they are paced a second apart (its documented rate limit), longer than the matrix's
    # timeout; tests/integration/test_cli_lambda_readiness.py covers their faults.
    "aws readiness: instance type offerings",
    "aws readiness: vCPU quota",
    "gcp readiness: region quotas",
    "azure readiness: resource SKUs",
    "huggingface readiness: Space hardware",
)


@dataclass
class Target:
    row: str  # "azure: Resource Manager"
    provider: str
    path: str  # the route the fault is armed on
    after_proof: bool  # the credential is already proven when this route is read
    args: list[str]  # CLI arguments after `check PROVIDER`, with {url} for the emulator
    env: dict[str, str]
    secrets: list[str]
    fixtures: dict
    files: dict[str, str] = field(default_factory=dict)  # name -> content, written per run
    shown_path: str = ""  # the path as the page shows it, when it holds a random value
    body_contains: str = ""  # only requests to the path whose body holds this (AWS's actions)
    informs: tuple[str, ...] = ()  # a readiness route: the requirements its answer decides


@dataclass
class Cell:
    target: Target
    fault: Fault
    code: int | None = None
    status: str | None = None
    elapsed_s: float = 0.0
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    ready: str | None = None  # a readiness row's `ready`

    @property
    def name(self) -> str:
        return f"{self.target.row} x {self.fault.column}"


def make_targets() -> list[Target]:
    aws = make_aws_fixture()
    key = aws["iam_user"]
    aws_target = Target("aws: STS", "aws", "/", False, ["--endpoint", "{url}"], key.env(), key.secrets(),
                        aws.fixtures)

    azure = make_azure_fixture()
    fields = azure.fields("valid")
    azure_args = ["--endpoint", "login={url}", "--endpoint", "management={url}"]
    for name, value in fields.items():
        azure_args += ["--field", f"{name}={value}"]
    azure_targets = [
        Target("azure: Entra token", "azure", f"/{azure.tenant}/oauth2/v2.0/token", False, azure_args, {},
               azure.secrets(), azure.fixtures, shown_path="/{tenant}/oauth2/v2.0/token"),
        Target("azure: Resource Manager", "azure", "/subscriptions", True, azure_args, {}, azure.secrets(),
               azure.fixtures),
    ]

    gcp = make_gcp_fixture()
    gcp_args = ["--field", "gcp_service_account_key=@{dir}/reader.json", "--endpoint", "token={url}",
                "--endpoint", "resourcemanager={url}"]
    gcp_files = {"reader.json": gcp.text("reader")}
    gcp_targets = [
        Target("gcp: token", "gcp", "/token", False, gcp_args, {}, gcp.secrets("reader"), gcp.fixtures,
               gcp_files),
        Target("gcp: project read", "gcp", f"/v3/projects/{READABLE}", True, gcp_args, {},
               gcp.secrets("reader"), gcp.fixtures, gcp_files),
    ]

    lam = make_lambda_fixture()
    lambda_target = Target("lambda: instances", "lambda", "/api/v1/instances", False, ["--endpoint", "{url}"],
                           {"LAMBDA_API_KEY": lam["two_instances"]}, [lam["two_instances"]], lam.fixtures)

    hf = make_hf_fixture()
    hf_target = Target("huggingface: whoami-v2", "huggingface", "/api/whoami-v2", False,
                       ["--endpoint", "{url}", "--field", f"hf_token={hf['read']}"], {}, [hf["read"]], hf.fixtures)
    targets = [aws_target, *azure_targets, *gcp_targets, lambda_target, hf_target, *readiness_targets()]
    assert tuple(t.row for t in targets) == ROWS
    return targets


def readiness_targets() -> list[Target]:
    """One readiness read per row, for the ready configuration of each provider's readiness
    tests (a fault not met there would show as its requirements `met`)."""
    aws = aws_readiness_fixtures.make_readiness_fixture()
    aws_key = aws["ready"]
    region = aws_readiness_fixtures.READY_REGION
    aws_args = ["--field", f"aws_instance_type={aws_readiness_fixtures.GPU_TYPE}", "--field",
                f"aws_region={region}", "--endpoint", "{url}", "--endpoint", "ec2={url}", "--endpoint",
                "servicequotas={url}"]
    quota = aws_readiness_fixtures.G_QUOTA
    aws_rows = [
        Target("aws readiness: instance type offerings", "aws", "/", True, aws_args, aws_key.env(region),
               aws_key.secrets(), aws.fixtures, shown_path="/ (Action=DescribeInstanceTypeOfferings)",
               body_contains="Action=DescribeInstanceTypeOfferings", informs=("instance_type_offered",)),
        Target("aws readiness: vCPU quota", "aws", "/", True, aws_args, aws_key.env(region), aws_key.secrets(),
               aws.fixtures, shown_path=f"/ (GetServiceQuota {quota})", body_contains=quota,
               informs=("vcpu_quota",)),
    ]

    gcp = gcp_readiness_fixtures.make_readiness_fixture()
    project, zone = gcp_readiness_fixtures.READY, gcp_readiness_fixtures.ZONE
    gcp_args = ["--field", "gcp_service_account_key=@{dir}/launcher.json", "--field", f"gcp_project_id={project}",
                "--field", f"gcp_instance_type={gcp_readiness_fixtures.GPU_TYPE}", "--field", f"gcp_zone={zone}",
                "--endpoint", "token={url}", "--endpoint", "resourcemanager={url}", "--endpoint", "compute={url}"]
    gcp_row = Target("gcp readiness: region quotas", "gcp",
                     f"/compute/v1/projects/{project}/regions/{zone.rsplit('-', 1)[0]}", True, gcp_args, {},
                     gcp.secrets("launcher"), gcp.fixtures, {"launcher.json": gcp.text("launcher")},
                     informs=("cpu_quota", "gpu_quota"))

    azure = azure_readiness_fixtures.make_readiness_fixture()
    azure_args = ["--endpoint", "login={url}", "--endpoint", "management={url}"]
    for name, value in azure.fields("ready", "ready").items():
        azure_args += ["--field", f"{name}={value}"]
    azure_row = Target("azure readiness: resource SKUs", "azure",
                       f"/subscriptions/{azure.subscriptions['ready']}/providers/Microsoft.Compute/skus", True,
                       azure_args, {}, azure.secrets(), azure.fixtures,
                       shown_path="/subscriptions/{subscription}/providers/Microsoft.Compute/skus",
                       informs=("size_offered",))

    hf = hf_readiness_fixtures.make_hf_readiness_fixture()
    hf_args = ["--endpoint", "{url}", "--field", f"hf_token={hf['ready']}", "--field", "hf_username=rhea-ready",
               "--field", f"hf_hardware={hf_readiness_fixtures.PAID}"]
    hf_row = Target("huggingface readiness: Space hardware", "huggingface", "/api/spaces/hardware", True, hf_args,
                    {}, [hf["ready"]], hf.fixtures, informs=("hardware_flavour",))
    return [*aws_rows, gcp_row, azure_row, hf_row]


def secret_forms(secret: str) -> list[str]:
    """The secret as it could leak: verbatim, URL-/form-encoded, base64 (also as a Basic
    credential), JSON-escaped, and either half of it (a secret cut in two still leaks)."""
    raw = secret.encode()
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        base64.b64encode(raw + b":").decode(),
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
    }
    if len(secret) >= 16:
        forms.add(secret[: len(secret) // 2])
        forms.add(secret[len(secret) // 2:])
    return sorted(forms)


def credprobe_binary() -> str:
    value = os.environ.get("CREDPROBE_BIN")
    if not value or not Path(value).exists():
        raise RuntimeError("CREDPROBE_BIN must name the built credprobe binary (ctest sets it)")
    return value


def run_cell(cell: Cell) -> Cell:
    target, fault = cell.target, cell.fault
    with start_emulator(target.fixtures, idle_exit=60) as emulator, \
            tempfile.TemporaryDirectory(prefix="credprobe-matrix-") as home:
        # Armed for every request to the route, so a retry meets the same fault.
        where = {"body_contains": target.body_contains} if target.body_contains else {}
        emulator.arm_fault(target.path, count=fault.count, **where, **fault.spec)
        for name, content in target.files.items():
            path = Path(home) / name
            path.write_text(content)
            path.chmod(0o600)
        args = [a.replace("{url}", emulator.url).replace("{dir}", home) for a in target.args]
        command = [credprobe_binary(), "check", target.provider, *args, "--timeout", str(TIMEOUT_S), "--json"]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "NO_COLOR": "1",
               "NO_PROXY": "*", **target.env}
        started = time.monotonic()
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=BOUND_S * 10)
        except subprocess.TimeoutExpired:
            cell.elapsed_s = time.monotonic() - started
            cell.problems.append(f"still running after {BOUND_S * 10} s: killed")
            return cell
        cell.elapsed_s = time.monotonic() - started
        cell.requests = [f"{r['method']} {r['path']}" for r in emulator.requests()]
    judge(cell, done)
    if not any(r.endswith(" " + target.path) for r in cell.requests):
        cell.problems.append(f"the CLI never requested {target.path}: the fault was not met")
    return cell


def judge(cell: Cell, done: subprocess.CompletedProcess) -> None:
    cell.code = done.returncode
    problems = cell.problems
    if done.returncode < 0:
        problems.append(f"killed by signal {-done.returncode}")
    elif done.returncode not in set(EXIT_CODES.values()):
        problems.append(f"exit code {done.returncode} is not a documented one")
    verdict: dict = {}
    try:
        verdict = json.loads(done.stdout)
        cell.status = verdict["status"]
    except (ValueError, KeyError, TypeError):
        problems.append(f"stdout is not a verdict: {done.stdout[:200]!r} (stderr {done.stderr[:200]!r})")
    if cell.status is not None and cell.target.informs:
        judge_readiness(cell, verdict, done.returncode)
    elif cell.status is not None:
        allowed = COULD_NOT_TELL | ({"valid"} if cell.target.after_proof else set())
        if cell.status not in allowed:
            problems.append(f"wrong verdict: {cell.status}")
        if EXIT_CODES.get(cell.status) != done.returncode:
            problems.append(f"status {cell.status} exited {done.returncode}, not {EXIT_CODES.get(cell.status)}")
    if cell.elapsed_s > BOUND_S:
        problems.append(f"took {cell.elapsed_s:.1f} s, more than twice the {TIMEOUT_S} s timeout")
    everything = done.stdout + done.stderr
    for secret in cell.target.secrets:
        if any(form in everything for form in secret_forms(secret)):
            problems.append("a secret (or an encoding of it) is in the output")
            break


def judge_readiness(cell: Cell, verdict: dict, code: int) -> None:
    """A fault on a readiness read for an otherwise ready configuration: the credential was
    proven before it (`valid`), and the fault decides nothing: the requirements the route
    answers are `unknown`, so `ready` is `unknown`, exit 4."""
    problems = cell.problems
    cell.ready = verdict.get("ready")
    if cell.status != "valid":
        problems.append(f"wrong verdict: {cell.status} (the credential was proven before the readiness read)")
    states = {r.get("id"): r.get("state") for r in verdict.get("readiness", [])}
    decided = {i: states.get(i) for i in cell.target.informs if states.get(i) != "unknown"}
    if decided:
        problems.append("wrong verdict: " + ", ".join(f"{i} {s or 'missing'}" for i, s in decided.items()))
    elif cell.ready != "unknown":
        problems.append(f"wrong verdict: ready {cell.ready}")
    expected = READY_EXIT_CODES.get(cell.ready) if cell.ready else EXIT_CODES.get(cell.status)
    if expected != code:
        problems.append(f"ready {cell.ready} exited {code}, not {expected}")


def run_matrix(workers: int = WORKERS) -> tuple[list[Cell], float]:
    targets = make_targets()
    cells = [Cell(target, fault) for target in targets for fault in MATRIX_FAULTS]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run_cell, cells))
    return cells, time.monotonic() - started


def wrong_verdicts(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if any(p.startswith("wrong verdict") for p in c.problems)]


def render_page(cells: list[Cell]) -> str:
    rows: dict[str, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.target.row, []).append(cell)
    wrong = len(wrong_verdicts(cells))
    failing = sum(1 for c in cells if c.problems)
    lines = [
        "# Reliability: the fault matrix",
        "",
        f"<!-- Generated by `{REGENERATE}` (tests/integration/fault_matrix.py); do not edit. "
        "tests/integration/test_fault_matrix.py fails when this page differs from a fresh run. -->",
        "",
        f"Regenerate with `{REGENERATE}` (the CLI and the emulator must be built).",
        "",
        "Every cell is one run of the real CLI, `credprobe check PROVIDER --json "
        f"--timeout {TIMEOUT_S}`, with a credential the emulator accepts, while the emulator injects "
        "one fault on one route (every request to that route, retries included, except where the "
        "fault says once). A cell shows the verdict's status and, in brackets, the exit code.",
        "",
        f"**{len(cells)} cells, {wrong} wrong verdicts, {failing} cells with any problem.**",
        "",
        "A wrong verdict is `valid`, `invalid`, `expired` or `insufficient` given on a fault. On a "
        "route read after the credential was already proven (marked *after the token*), `valid` is "
        "right: the token granted proves the credential, and the fault only keeps the later read "
        "from telling more. Each cell is also held to: the exit code documented for its status "
        "([exit codes](exit-codes.md)) and no signal; an exit within twice the timeout "
        f"({BOUND_S} s, a bound against hangs); no secret of the fixture in stdout or stderr, "
        "verbatim, URL-encoded, base64, JSON-escaped or either half of it.",
        "",
        "The *readiness* columns fault one readiness read of a configuration that is otherwise "
        "ready (every requirement met without the fault). There the credential was proven before "
        "(`valid`), and the right answer is that credprobe cannot tell: every requirement that read "
        "answers is `unknown`, so is `ready`, and the exit code is 4. A `met` or `unmet` on a "
        "fault is a wrong verdict. A cell shows the status, `ready` and the exit code.",
        "",
    ]
    header = ["fault", *(row + (" (after the token)" if cs[0].target.after_proof and not cs[0].target.informs
                                else "") for row, cs in rows.items())]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    for index, fault in enumerate(MATRIX_FAULTS):
        shown = []
        for row_cells in rows.values():
            cell = row_cells[index]
            ready = f", ready {cell.ready}" if cell.ready else ""
            text = f"{cell.status or 'none'}{ready} ({cell.code})"
            if cell.problems:
                text += " **FAIL**"
            shown.append(text)
        lines.append("| " + " | ".join([fault.column, *shown]) + " |")
    lines += ["", "## The faults", "", "| fault | what the emulator does |", "| --- | --- |"]
    for fault in MATRIX_FAULTS:
        params = ", ".join(f"{k}={json.dumps(v)}" for k, v in fault.spec.items() if k != "fault")
        spec = f"`{fault.spec['fault']}`" + (f" ({params})" if params else "")
        lines.append(f"| {fault.column} | {fault.what}; {spec} |")
    lines += ["", "## The routes", "",
              "| route | provider | path the fault is armed on | requirements its answer decides |",
              "| --- | --- | --- | --- |"]
    for row, row_cells in rows.items():
        target = row_cells[0].target
        informs = ", ".join(f"`{i}`" for i in target.informs) or "(the credential)"
        lines.append(f"| {row} | {target.provider} | `{target.shown_path or target.path}` | {informs} |")
    problems = [c for c in cells if c.problems]
    if problems:
        lines += ["", "## Problems", ""]
        lines += [f"- {c.name}: {'; '.join(c.problems)}" for c in problems]
    return "\n".join(lines) + "\n"


def page_path() -> Path:
    root = os.environ.get("CREDPROBE_SOURCE_DIR") or str(Path(__file__).resolve().parents[2])
    return Path(root) / "docs" / "reliability.md"


def main() -> int:
    cells, elapsed = run_matrix()
    page = render_page(cells)
    if "--write" in sys.argv[1:]:
        page_path().write_text(page)
        print(f"wrote {page_path()}")
    else:
        sys.stdout.write(page)
    print(f"{len(cells)} cells in {elapsed:.1f} s with {WORKERS} workers; "
          f"{len(wrong_verdicts(cells))} wrong verdicts", file=sys.stderr)
    for cell in cells:
        if cell.problems:
            print(f"  {cell.name}: {'; '.join(cell.problems)}", file=sys.stderr)
    return 0


assert {f.spec["fault"] for f in MATRIX_FAULTS} == set(FAULTS), "the matrix must cover every emulator fault"

if __name__ == "__main__":
    sys.exit(main())
