"""End to end, as a user gets it: the built wheel pip-installed into a fresh virtual
environment, `jupyter lab --no-browser` on loopback with a token, Chromium driven by
playwright-core (ui-tests/e2e.mjs). Hugging Face is checked against the emulator directly from
the page; Azure's token endpoint (which refuses browsers) through the server relay.

Needs: CREDPROBE_EMULATOR_BIN, the wheel (CREDPROBE_JLAB_WHEEL or web/jupyterlab/dist/*.whl,
scripts/build-jupyterlab.sh), /usr/bin/chromium, and PyPI for the venv's dependencies.
Screenshots go to CREDPROBE_ARTIFACTS (default artifacts/ at the repository root)."""

from __future__ import annotations

import json
import re
import secrets as random_secrets

from azure_fixtures import make_azure_fixture
from emulator_harness import make_hf_fixture, start_emulator
from lab_session import artifacts_dir, browser_headers, clean_env, drive, run, start_lab, strip_ansi


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
    artifacts = artifacts_dir()
    with start_emulator(fixtures, idle_exit=600) as emulator:
        emu_host = f"127.0.0.1:{emulator.port}"
        settings = {
            "providers": ["huggingface", "azure"],
            "endpoints": {
                "huggingface": {"hub": emulator.url},
                "azure": {"login": emulator.url, "management": emulator.url},
            },
        }
        root = tmp_path / "root"
        (root / "exports").mkdir(parents=True)
        # A Clustrix profiles file with a secret in it, imported from the file browser.
        (root / "exports" / "team-profiles.yml").write_text(
            "active_profile: hub\nprofiles:\n"
            f"  hub:\n    cluster_type: huggingface_spaces\n    hf_token: \"{hf['read']}\"\n"
            "  hpc:\n    cluster_type: slurm\n    cluster_host: hpc.example.org\n"
        )
        with start_lab(venv, tmp_path / "jupyter", settings, [emu_host], root) as lab:
            # A token of the right shape that the emulator's hub does not know: 401, invalid.
            wrong = "hf_" + random_secrets.token_hex(17)
            secrets = [hf["write"], wrong, hf["read"], *az.secrets(), lab.token]
            driven = drive("e2e.mjs", lab, HF_TOKEN=hf["write"], HF_WRONG_TOKEN=wrong, HF_IMPORT_TOKEN=hf["read"],
                           AZURE_FIELDS=json.dumps(az.fields("valid")))
            server_log = lab.log_text()
        result = driven.result
        print(f"browser session: {driven.elapsed:.1f} s; steps: {result.get('steps')}")
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
        # The results summary at the panel's top: each provider's status, the status bar's count.
        assert result["summary"] == {
            "rows": [{"provider": "huggingface", "status": "valid"}, {"provider": "azure", "status": "valid"}],
            "count": "2 valid",
        }, result
        assert result["forms_open"] == [False, False], result
        # In the 300-pixel sidebar nothing overflows.
        assert result["sidebar"] == {"width": 300, "scroll_overflow": 0, "overflowing": []}, result
        assert (artifacts / "jupyterlab-sidebar-300.png").stat().st_size > 10_000
        assert result["summary_one_invalid"] == {
            "rows": [{"provider": "huggingface", "status": "invalid"}, {"provider": "azure", "status": "valid"}],
            "count": "1 valid, 1 invalid",
        }, result
        assert result["status_bar_one_invalid"] == "Credentials: 1 valid, 1 invalid", result
        # Imported from the file browser's context menu: the token in its input (and nowhere else,
        # counted below), the Slurm profile listed as not checked, nothing sent before Validate.
        assert result["import_notice"].startswith(
            "exports/team-profiles.yml: 1 provider(s) filled in; nothing was sent. Validate when ready."), result
        assert "profile hub: Hugging Face filled in (hf_token)" in result["import_notice"], result
        assert "profile hpc (slurm): not checked: credprobe does not check slurm clusters" in result["import_notice"], result
        assert result["import_toast"].startswith("exports/team-profiles.yml: 1 provider(s) filled in;"), result
        assert result["import_cards_before_validate"] == 0, result
        assert result["import_token_filled"] is True, result
        assert result["import_hf_status"] == "valid", result
        assert "ada-reader" in result["import_hf_summary"], result
        assert (artifacts / "jupyterlab-import.png").stat().st_size > 10_000
        assert result["summary_after_import"] == {
            "rows": [{"provider": "huggingface", "status": "valid"}, {"provider": "azure", "status": "valid"}],
            "count": "2 valid",
        }, result
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
        # (The request log keeps header names only, under "header_names".)
        assert not browser_headers(token_requests[-1]), token_requests[-1]
        assert f"credprobe relay: POST {emu_host} /" in server_log
        for secret in secrets:
            assert secret not in server_log
