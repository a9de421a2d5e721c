"""Benchmarks that run each measurement in a fresh process, so its peak memory is its own."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from typing import Any


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(script: str, *args: str) -> dict[str, Any]:
    """Run ``python script *args`` and read the JSON object it prints last."""
    out = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
