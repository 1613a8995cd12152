"""Peak memory of the running process."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> int:
    """This process's own peak RSS (VmHWM), in MB. getrusage's ru_maxrss is no good for a bench stage: it starts
    from the RSS of the parent the process was forked from, so a stage would report the bench's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
