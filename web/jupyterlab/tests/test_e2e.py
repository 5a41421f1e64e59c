"""End to end, as a user gets it: the built wheel pip-installed into a fresh virtual
environment, `jupyter lab --no-browser` on loopback with a token, Chromium driven by
playwright-core (ui-tests/e2e.mjs). Hugging Face is checked against the emulator directly from
the page; Azure's token endpoint (which refuses browsers) through the server relay.

Needs: CREDPROBE_EMULATOR_BIN, the wheel (CREDPROBE_JLAB_WHEEL or web/jupyterlab/dist/*.whl,
scripts/build-jupyterlab.sh), /usr/bin/chromium, and PyPI for the venv's dependencies.
Screenshots go to CREDPROBE_ARTIFACTS (default artifacts/ at the repository root)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jupyter_harness import start_jupyter

HERE = Path(__file__).resolve().parent
EXT = HERE.parent
REPO = EXT.parent.parent
sys.path.insert(0, str(REPO / "tests" / "integration"))

from azure_fixtures import make_azure_fixture  # noqa: E402
from emulator_harness import make_hf_fixture, start_emulator  # noqa: E402


def wheel() -> Path:
    given = os.environ.get("CREDPROBE_JLAB_WHEEL")
    if given:
        return Path(given)
    found = sorted((EXT / "dist").glob("credprobe_jupyterlab-*.whl"))
    if not found:
        pytest.fail("no wheel: run scripts/build-jupyterlab.sh first")
    return found[-1]


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("venv") / "env"
    assert run([sys.executable, "-m", "venv", str(path)]).returncode == 0
    started = time.monotonic()
    install = run([str(path / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel())])
    assert install.returncode == 0, install.stderr[-3000:]
    print(f"pip install of the wheel into a fresh venv: {time.monotonic() - started:.0f} s")
    return path


def clean_env(venv: Path, base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    env["JUPYTER_CONFIG_DIR"] = str(base / "cfg")
    env["JUPYTER_DATA_DIR"] = str(base / "data")
    return env


def test_installed_extension_is_enabled_and_ok(venv, tmp_path):
    env = clean_env(venv, tmp_path)
    labext = run([str(venv / "bin" / "jupyter"), "labextension", "list"], env=env)
    text = strip_ansi(labext.stdout + labext.stderr)
    line = next((l for l in text.splitlines() if "credprobe-jupyterlab" in l), "")
    assert "enabled" in line and "OK" in line, text
    server = run([str(venv / "bin" / "jupyter"), "server", "extension", "list"], env=env)
    text = strip_ansi(server.stdout + server.stderr)
    assert "credprobe_jupyterlab enabled" in text, text
    assert re.search(r"credprobe_jupyterlab \S+ OK", text), text


def test_panel_validates_through_palette_relay_and_exports(venv, tmp_path):
    hf = make_hf_fixture()
    az = make_azure_fixture()
    fixtures = {**hf.fixtures, **az.fixtures}
    artifacts = Path(os.environ.get("CREDPROBE_ARTIFACTS", REPO / "artifacts"))
    with start_emulator(fixtures, idle_exit=600) as emulator:
        emu_host = f"127.0.0.1:{emulator.port}"
        overrides_dir = venv / "share" / "jupyter" / "lab" / "settings"
        overrides_dir.mkdir(parents=True, exist_ok=True)
        (overrides_dir / "overrides.json").write_text(json.dumps({
            "credprobe-jupyterlab:plugin": {
                "providers": ["huggingface", "azure"],
                "endpoints": {
                    "huggingface": {"hub": emulator.url},
                    "azure": {"login": emulator.url, "management": emulator.url},
                },
            },
            "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
        }))
        root = tmp_path / "root"
        (root / "exports").mkdir(parents=True)
        # expose_app_in_browser: the page gets `window.jupyterapp`, whose command registry drives
        # the set-up steps (ui-tests/e2e.mjs), as Galata does.
        config = {"CredprobeRelay": {"insecure_hosts": [emu_host]}, "LabApp": {"expose_app_in_browser": True}}
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "VIRTUAL_ENV"))}
        env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
        with start_jupyter([str(venv / "bin" / "jupyter"), "lab", "--no-browser"], config, env=env, root=root, work=tmp_path / "jupyter") as lab:
            secrets = [hf["write"], *az.secrets(), lab.token]
            node_env = {
                **os.environ,
                "LAB_URL": lab.url,
                "LAB_TOKEN": lab.token,
                "HF_TOKEN": hf["write"],
                "AZURE_FIELDS": json.dumps(az.fields("valid")),
                "ARTIFACTS": str(artifacts),
                "NODE_PATH": str(EXT / "node_modules"),
            }
            started = time.monotonic()
            driven = run(["node", str(EXT / "ui-tests" / "e2e.mjs")], env=node_env, cwd=str(EXT))
            elapsed = time.monotonic() - started
            server_log = lab.log_text()
        lines = [l for l in driven.stdout.splitlines() if l.startswith("{")]
        assert lines, driven.stdout[-2000:] + driven.stderr[-3000:]
        result = json.loads(lines[-1])
        print(f"browser session: {elapsed:.1f} s; steps: {result.get('steps')}")
        # What the page showed when a step failed: the palette attempts, console errors (lines
        # with a secret are dropped by e2e.mjs) and the first palette items. A palette attempt
        # repeated after a focus change is not a failure (the step retries until its deadline).
        diagnostics = {k: result.get(k) for k in ("steps", "palette", "palette_items", "console_errors")}
        assert result["ok"], f"{result.get('error')}\n{json.dumps(diagnostics, indent=1)}"
        if result["palette"]:
            print(f"palette attempts that were repeated: {json.dumps(result['palette'])}")
        assert result["hf_status"] == "valid", result
        assert result["azure_status"] == "valid", result
        assert "relay" in result["azure_routes"], result
        assert set(result["hf_routes"]) == {"direct"}, result
        assert result["azure_via_relay"].startswith("Sent through the Jupyter server relay"), result
        assert result["status_bar"] == "Credentials: 2 valid", result
        # Exporting, the file browser and the theme change leave the validated results alone.
        assert result["status_bar_at_end"] == "Credentials: 2 valid", result
        assert result["secret_in_text"] == 0 and result["secret_in_storage"] == 0 and result["secret_in_console"] == 0
        assert result["dark_panel_background"] != "rgb(255, 255, 255)"
        assert (artifacts / "jupyterlab-light.png").stat().st_size > 10_000
        assert (artifacts / "jupyterlab-dark.png").stat().st_size > 10_000

        assert result["export_path"] == "exports/clustrix.yml", result
        assert result["export_status"].startswith("Wrote exports/clustrix.yml."), result
        exported = root / "exports" / "clustrix.yml"
        assert exported.exists(), list((root / "exports").iterdir())
        text = exported.read_text()
        assert 'cluster_type: "huggingface_spaces"' in text and 'cluster_type: "azure"' in text
        assert "left out (a secret)" in text
        for secret in secrets:
            assert secret not in text
        assert any("clustrix.yml" in item for item in result["file_browser_items"])

        # The token request went through the relay, without the browser's cookies or origin.
        token_requests = [r for r in emulator.requests() if r.get("path", "").endswith("/oauth2/v2.0/token")]
        assert token_requests, emulator.requests()
        names = {h.lower() for h in token_requests[-1].get("headers", [])}
        assert not names & {"cookie", "origin", "referer", "x-xsrftoken"}, names
        assert f"credprobe relay: POST {emu_host} /" in server_log
        for secret in secrets:
            assert secret not in server_log
