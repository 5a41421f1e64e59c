"""Running the bundled `credprobe` executable.

Field values travel to it through pipes (`--field NAME=@/dev/fd/N`), one per field, so a secret
never appears in the process list, the environment of the child, or a temporary file.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path
from typing import List, Mapping, NamedTuple, Sequence


class CredprobeError(Exception):
    """The bundled executable is missing or misbehaved (not a verdict about a credential)."""


class Completed(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


def executable() -> Path:
    """The command-line tool inside this package (what the `credprobe` command runs)."""
    path = Path(__file__).resolve().parent / "_bin" / "credprobe"
    if not os.access(path, os.X_OK):
        raise CredprobeError(
            f"the credprobe executable is missing from the package ({path}); reinstall credprobe"
        )
    return path


def _write_and_close(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except BrokenPipeError:
        pass  # the tool stopped reading (it refused the arguments); its exit code says why
    finally:
        os.close(fd)


def run(args: Sequence[str], fields: Mapping[str, str]) -> Completed:
    """Runs `credprobe ARGS --field NAME=@/dev/fd/N ...`, each field's value on its own pipe."""
    argv: List[str] = [str(executable()), *args]
    readers: List[int] = []
    writers: List[threading.Thread] = []
    try:
        for name, value in fields.items():
            read_end, write_end = os.pipe()
            readers.append(read_end)
            argv += ["--field", f"{name}=@/dev/fd/{read_end}"]
            # A writer thread per pipe: a value larger than the pipe's buffer must not block
            # before the child starts reading.
            writers.append(
                threading.Thread(
                    target=_write_and_close, args=(write_end, value.encode("utf-8")), daemon=True
                )
            )
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=tuple(readers),
        )
    except BaseException:
        for thread in writers:
            thread.start()  # closes its write end
        raise
    finally:
        for fd in readers:
            os.close(fd)
    for thread in writers:
        thread.start()
    stdout, stderr = child.communicate()
    for thread in writers:
        thread.join()
    return Completed(
        child.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")
    )
