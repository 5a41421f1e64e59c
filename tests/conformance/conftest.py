"""Conformance tests reuse the integration harness (emulator start-up, fake tokens, fixtures)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from emulator_harness import hf_emulator, hf_fixture  # noqa: E402,F401  (pytest fixtures)
import pytest  # noqa: E402


@pytest.fixture()
def no_aws_machine_config(monkeypatch, tmp_path):
    """boto3 and the AWS CLI must see only what each test gives them: no profile, no proxy, no
    instance metadata (the AWS test modules use it for every test, with `pytestmark`)."""
    for name in list(os.environ):
        if name.startswith("AWS_") or "proxy" in name.lower():
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
