"""The fault matrix (fault_matrix.py): every provider's route against every fault the emulator
injects, through the real CLI. One test per cell, and docs/reliability.md must be what this run
produces (CREDPROBE_WRITE_DOCS=1 writes it instead; scripts/gen-reliability.sh does that).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import urllib.parse

import pytest

from emulator_harness import FAULTS, fake_hf_token, make_hf_fixture, start_emulator
from fault_matrix import MATRIX_FAULTS, REGENERATE, ROWS, WORKERS, page_path, render_page, run_matrix, wrong_verdicts


@pytest.fixture(scope="module")
def matrix():
    cells, elapsed = run_matrix()
    print(f"\nfault matrix: {len(cells)} cells in {elapsed:.1f} s with {WORKERS} workers", file=sys.stderr)
    artifacts = os.environ.get("CREDPROBE_ARTIFACTS")
    if artifacts:
        os.makedirs(artifacts, exist_ok=True)
        with open(os.path.join(artifacts, "fault-matrix-runtime.txt"), "w") as out:
            out.write(f"{len(cells)} cells in {elapsed:.1f} s with {WORKERS} workers\n")
    return {(c.target.row, c.fault.column): c for c in cells}


def test_the_matrix_covers_every_fault_the_emulator_knows():
    with start_emulator(make_hf_fixture().fixtures) as emulator:
        refused = emulator.request(
            "POST", "/_emulator/faults", body=json.dumps({"path": "/", "fault": "meteor"}).encode()
        )
    assert refused.status == 400
    known = refused.json()["known"]
    assert sorted(known) == sorted(FAULTS)
    assert sorted({f.spec["fault"] for f in MATRIX_FAULTS}) == sorted(known)


@pytest.mark.parametrize("row", ROWS)
@pytest.mark.parametrize("column", [f.column for f in MATRIX_FAULTS])
def test_cell(matrix, row, column):
    cell = matrix[(row, column)]
    assert cell.problems == [], (
        f"{cell.name}: status {cell.status}, exit {cell.code}, {cell.elapsed_s:.1f} s, "
        f"requests {cell.requests}"
    )


def test_no_cell_gives_a_wrong_verdict(matrix):
    assert [c.name for c in wrong_verdicts(list(matrix.values()))] == []


def test_reliability_page_is_what_the_matrix_produces(matrix):
    page = render_page(list(matrix.values()))
    path = page_path()
    if os.environ.get("CREDPROBE_WRITE_DOCS") == "1":
        path.write_text(page)
    assert path.exists(), f"docs/reliability.md is missing: run {REGENERATE}"
    assert path.read_text() == page, f"docs/reliability.md is stale: run {REGENERATE}"


# ---- the judge itself: each rule can fail -----------------------------------------------------


TOKEN = fake_hf_token()


def _judged(target_row: str, stdout: str, code: int, elapsed_s: float = 0.5, stderr: str = ""):
    from fault_matrix import Cell, Target, judge

    target = Target(target_row, "huggingface", "/api/whoami-v2", target_row.endswith("after"), [], {},
                    [TOKEN], {})
    cell = Cell(target, MATRIX_FAULTS[0], elapsed_s=elapsed_s)
    judge(cell, subprocess.CompletedProcess([], code, stdout, stderr))
    return cell


def test_the_judge_calls_valid_on_a_fault_wrong_unless_the_credential_was_proven_before():
    assert _judged("first", '{"status": "valid"}', 0).problems == ["wrong verdict: valid"]
    assert _judged("read after", '{"status": "valid"}', 0).problems == []
    assert _judged("read after", '{"status": "invalid"}', 1).problems == ["wrong verdict: invalid"]
    assert _judged("first", '{"status": "indeterminate"}', 4).problems == []


def test_the_judge_holds_exit_codes_signals_and_the_hang_bound():
    assert _judged("first", '{"status": "unreachable"}', 0).problems == [
        "status unreachable exited 0, not 4"
    ]
    assert _judged("first", "", -11).problems[0] == "killed by signal 11"
    assert _judged("first", '{"status": "unreachable"}', 4, elapsed_s=4.2).problems == [
        "took 4.2 s, more than twice the 2 s timeout"
    ]


def test_the_judge_finds_a_secret_in_any_of_its_encodings():
    leak = "a secret (or an encoding of it) is in the output"
    for shown in (TOKEN, base64.b64encode(TOKEN.encode()).decode(), urllib.parse.quote(TOKEN + "/", safe=""),
                  TOKEN[len(TOKEN) // 2:], "Bearer " + TOKEN[:len(TOKEN) // 2] + "..."):
        assert _judged("first", '{"status": "unreachable"}', 4, stderr=shown).problems == [leak]
    assert _judged("first", '{"status": "unreachable"}', 4, stderr="hf_***").problems == []
