"""The `credprobe` command a pip install puts on PATH: the bundled executable itself."""

from __future__ import annotations

import os
import sys

from ._run import CredprobeError, executable


def main() -> None:
    try:
        path = str(executable())
    except CredprobeError as error:
        sys.stderr.write(f"credprobe: {error}\n")
        sys.exit(2)
    # Replaces this process: arguments, stdin, stdout, signals and the exit code are the tool's.
    os.execv(path, [path, *sys.argv[1:]])
