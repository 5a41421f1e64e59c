import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # the credprobe_jupyterlab source package
sys.path.append(str(HERE.parent.parent.parent / "tests" / "integration"))  # the emulator and its fixtures
# The raw-socket attacks both relays are tested with (tests/relay/raw_http.py).
sys.path.insert(0, str(HERE.parents[2] / "tests" / "relay"))

from lab_session import find_wheel, run  # noqa: E402


@pytest.fixture(scope="session")
def wheel() -> Path:
    """The built extension (scripts/build-jupyterlab.sh, or CREDPROBE_JLAB_WHEEL)."""
    return find_wheel()


@pytest.fixture(scope="session")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh virtual environment with the wheel pip-installed, as a user gets it: installed
    once per pytest run, shared by every end-to-end test of that run."""
    path = tmp_path_factory.mktemp("venv") / "env"
    started = time.monotonic()
    assert run([sys.executable, "-m", "venv", str(path)]).returncode == 0
    created = time.monotonic()
    install = run([str(path / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)])
    assert install.returncode == 0, install.stderr[-3000:]
    print(f"fresh venv: {created - started:.0f} s; pip install of the wheel into it: {time.monotonic() - created:.0f} s")
    return path
