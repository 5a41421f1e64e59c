"""Conformance tests reuse the integration harness (emulator start-up, fake tokens, fixtures)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from emulator_harness import hf_emulator, hf_fixture  # noqa: E402,F401  (pytest fixtures)
