"""Run a command as a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall time
    cpu_seconds: float  # user and system time of the process and the children it waited for
    peak_mb: float  # the largest resident set of the process and the children it waited for
    exit_code: int


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Run ``command`` to completion, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    # wait4 reports this child's own peak memory (and that of its reaped children, e.g. workers).
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    code = process.returncode
    if code not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {errors.strip()[-500:]}")
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)
