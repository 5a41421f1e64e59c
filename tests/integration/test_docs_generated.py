"""The provider pages in docs/providers are generated from the registry and must match it."""

import os
from pathlib import Path

from cli_runner import run_credprobe


def test_every_provider_page_matches_the_registry():
    docs = Path(os.environ["CREDPROBE_SOURCE_DIR"]) / "docs" / "providers"
    registry = run_credprobe("providers", "--json").json()
    ids = [p["id"] for p in registry["providers"]]
    assert "huggingface" in ids
    for provider_id in ids:
        page = docs / f"{provider_id}.md"
        assert page.exists(), f"docs/providers/{provider_id}.md is missing: run scripts/gen-docs.sh"
        generated = run_credprobe("providers", "--markdown", provider_id).stdout
        assert page.read_text() == generated, f"{page} is stale: run scripts/gen-docs.sh"
