"""Fixtures shared by the integration tests; the reusable code lives in emulator_harness.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The raw-socket attacks both relays are tested with (tests/relay/raw_http.py).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "relay"))

from emulator_harness import hf_emulator, hf_fixture  # noqa: E402,F401  (pytest fixtures)
