import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # the credprobe_jupyterlab source package
# The raw-socket attacks both relays are tested with (tests/relay/raw_http.py).
sys.path.insert(0, str(HERE.parents[2] / "tests" / "relay"))
