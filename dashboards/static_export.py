"""Static PNG charts for the donor packs, through Kaleido 1.x driving Debian's Chromium in one browser session."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import kaleido
import plotly.graph_objects as go

DEBIAN_CHROMIUM = "/usr/bin/chromium"
_session: dict = {"loop": None, "browser": None}  # the browser browser_session() keeps open, and its event loop


def chromium_path() -> str:
    """The Chromium to render with: $BROWSER_PATH, else `chromium` on PATH, else Debian's; never a download."""
    for candidate in (os.environ.get("BROWSER_PATH"), shutil.which("chromium"), DEBIAN_CHROMIUM):
        if candidate and Path(candidate).is_file():
            return candidate
    raise RuntimeError("Chromium not found for static charts: install Debian's `chromium` or set BROWSER_PATH")


def export_png(figures: Sequence[go.Figure], paths: Sequence[Path], width: int = 900, scale: float = 1.5,
               tabs: int = 2) -> list[Path]:
    """Write each figure to its PNG path, all in one Chromium session (`tabs` render in parallel).

    Kaleido's defaults are replaced where they would reach the network or the wrong browser: MathJax (a CDN
    script by default) is off, and the browser path is given explicitly so choreographer never looks for or
    downloads its own Chrome. Choreographer starts Chromium with --no-sandbox unless enable_sandbox=True, which
    is what running as root in a container needs. The asynchronous API is used because it renders in several
    tabs at once (Kaleido's synchronous server renders one figure at a time, about three times slower here).
    """
    if len(figures) != len(paths):
        raise ValueError(f"{len(figures)} figures but {len(paths)} paths")
    if not figures:
        return []
    jobs = [{"fig": fig, "path": Path(path), "opts": {"format": "png", "width": width,
                                                      "height": fig.layout.height or 500, "scale": scale}}
            for fig, path in zip(figures, paths, strict=True)]
    if _session["browser"] is not None:
        loop, browser = _session["loop"], _session["browser"]
        asyncio.run_coroutine_threadsafe(browser.write_fig_from_object(jobs, cancel_on_error=True), loop).result()
    else:
        asyncio.run(_render_once(jobs, tabs))
    return [Path(path) for path in paths]


async def _render_once(jobs: list[dict], tabs: int) -> None:
    async with ReusingKaleido(**_browser_options(tabs)) as browser:
        await browser.write_fig_from_object(jobs, cancel_on_error=True)


class ReusingKaleido(kaleido.Kaleido):
    """Kaleido that keeps a tab's loaded page between figures instead of reloading it after each one.

    Kaleido 1.5 reloads the tab (re-parsing plotly.js) after every figure: about 0.2 s a figure here, three quarters
    of a pack's rendering time. Each figure is drawn into a fresh element, so the images are byte-identical either
    way (tests/e2e/test_static_export.py renders both ways and compares); the override relies on the private
    `_return_kaleido_tab` of the pinned Kaleido version, which that test also checks is still there.
    """

    async def _return_kaleido_tab(self, tab: object) -> None:
        await self.tabs_ready.put(tab)


def _browser_options(tabs: int) -> dict:
    return {"path": chromium_path(), "mathjax": False, "n": tabs}


@contextmanager
def browser_session(tabs: int = 2) -> Iterator[None]:
    """Keep one Chromium open for every export inside the block (all donors' packs of a run share its start-up).

    Kaleido is asynchronous; its browser lives on an event loop in a helper thread so that synchronous callers
    (Dagster assets, the CLI) can hand it figures.
    """
    if _session["browser"] is not None:
        yield
        return
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    browser = ReusingKaleido(**_browser_options(tabs))
    asyncio.run_coroutine_threadsafe(browser.open(), loop).result()
    _session.update(loop=loop, browser=browser)
    try:
        yield
    finally:
        _session.update(loop=None, browser=None)
        asyncio.run_coroutine_threadsafe(browser.close(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
