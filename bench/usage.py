"""What a bench stage costs the machine: the peak memory of its processes together, and their CPU seconds."""

from __future__ import annotations

import contextlib
import resource
import threading
from pathlib import Path

import psutil

SAMPLE_EVERY = 0.1  # seconds between samples of the process tree's memory


def peak_rss_mb() -> int:
    """This process's own peak RSS (VmHWM), in MB. getrusage's ru_maxrss is no good for a bench stage: it starts
    from the RSS of the parent the process was forked from, so a stage would report the bench's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def cpu_seconds() -> float:
    """User and system CPU seconds of all this process's threads and of the child processes it has waited for."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


class TreePeak:
    """Peak memory of this process and its descendants (ingest workers, the browser) together, sampled in a thread.

    Each process counts its proportional set size (a page shared by n processes counts 1/n in each), so shared
    libraries count once in the sum. A peak between two samples is missed, so this process's own RSS high-water mark
    is taken when it is higher.
    """

    def __init__(self) -> None:
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def sampled_mb(self) -> int:
        return round(self._peak / 2**20)

    @property
    def mb(self) -> int:
        return max(self.sampled_mb, peak_rss_mb())

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(SAMPLE_EVERY):
            total = 0
            for process in (me, *me.children(recursive=True)):
                with contextlib.suppress(psutil.Error):  # a worker that ended since it was listed
                    total += process.memory_full_info().pss
            self._peak = max(self._peak, total)
