"""Static PNG charts for the donor packs, through Kaleido 1.x driving Debian's Chromium in one browser session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import kaleido
import plotly.graph_objects as go

DEBIAN_CHROMIUM = "/usr/bin/chromium"
_shared = {"open": False}  # whether browser_session() holds Kaleido's process-wide browser open


def chromium_path() -> str:
    """The Chromium to render with: $BROWSER_PATH, else `chromium` on PATH, else Debian's; never a download."""
    for candidate in (os.environ.get("BROWSER_PATH"), shutil.which("chromium"), DEBIAN_CHROMIUM):
        if candidate and Path(candidate).is_file():
            return candidate
    raise RuntimeError("Chromium not found for static charts: install Debian's `chromium` or set BROWSER_PATH")


def export_png(figures: Sequence[go.Figure], paths: Sequence[Path], width: int = 900, scale: float = 1.5,
               tabs: int = 1) -> list[Path]:
    """Write each figure to its PNG path, all in one Chromium session (`tabs` render in parallel).

    Kaleido's defaults are replaced where they would reach the network or the wrong browser: MathJax (a CDN
    script by default) is off, and the browser path is given explicitly so choreographer never looks for or
    downloads its own Chrome. Choreographer starts Chromium with --no-sandbox unless enable_sandbox=True, which
    is what running as root in a container needs.
    """
    if len(figures) != len(paths):
        raise ValueError(f"{len(figures)} figures but {len(paths)} paths")
    if not figures:
        return []
    jobs = [{"fig": fig, "path": Path(path), "opts": {"format": "png", "width": width,
                                                      "height": fig.layout.height or 500, "scale": scale}}
            for fig, path in zip(figures, paths, strict=True)]
    if _shared["open"]:
        kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
    else:
        kaleido.write_fig_from_object_sync(jobs, kopts=_browser_options(tabs), cancel_on_error=True)
    return [Path(path) for path in paths]


def _browser_options(tabs: int) -> dict:
    return {"path": chromium_path(), "mathjax": False, "n": tabs}


@contextmanager
def browser_session(tabs: int = 1) -> Iterator[None]:
    """Keep one Chromium open for every export inside the block (all donors' packs of a run share its start-up)."""
    if _shared["open"]:
        yield
        return
    kaleido.start_sync_server(**_browser_options(tabs), silence_warnings=True)
    _shared["open"] = True
    try:
        yield
    finally:
        _shared["open"] = False
        kaleido.stop_sync_server(silence_warnings=True)
