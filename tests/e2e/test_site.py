"""The static dashboard: every page written, offline-ready, bannered — and rendered without errors in Chromium."""

import asyncio
import base64
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.request

import duckdb
import pytest
import websockets

from dashboards.site import build_site, slug
from support.dashboards_fixture import NO_DATA, POINTS, build_fixture

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    with duckdb.connect(str(build_fixture(folder / "w.duckdb")), read_only=True) as con:
        pages = build_site(con, folder / "site")
    return folder / "site", pages


def test_every_page_exists_and_uses_the_local_plotly(site):
    root, pages = site
    expected = {root / "index.html", root / "methods.html"} | {root / "crossing" / f"{slug(p[0])}.html" for p in POINTS}
    assert set(pages) == expected and all(p.is_file() for p in pages)
    assert not (root / "crossing" / f"{slug(NO_DATA[0])}.html").exists()  # registered but never reported
    assert (root / "plotly.min.js").stat().st_size > 1_000_000
    for page in pages:
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
        assert scripts == ["../plotly.min.js" if page.parent.name == "crossing" else "plotly.min.js"], page
        assert "https://" not in "".join(scripts) and "cdn.plot.ly" not in html
        assert 'id="synthetic-banner"' in html and "Synthetic demo data" in html, page


def test_agency_data_has_no_banner_and_stale_pages_go(tmp_path):
    out = tmp_path / "site"
    (out / "crossing").mkdir(parents=True)
    (out / "crossing" / "gone.html").write_text("old")
    with duckdb.connect(str(build_fixture(tmp_path / "w.duckdb", synthetic=False)), read_only=True) as con:
        pages = build_site(con, out)
    assert not (out / "crossing" / "gone.html").exists()
    assert all("synthetic-banner" not in p.read_text(encoding="utf-8") for p in pages)


def test_crossing_page_carries_filters_for_group_and_period(site):
    root, _ = site
    html = (root / "crossing" / "oybek.html").read_text(encoding="utf-8")
    assert '<select id="group">' in html and '<select id="period">' in html
    assert "Tobacco" in html and "BLO evaluation window" in html


def test_overview_and_crossing_pages_carry_the_worded_findings(site):
    root, _ = site
    index = html.unescape((root / "index.html").read_text(encoding="utf-8"))
    assert "Holm p" in index and "BH q" in index and "log((events + ½) / reported months)" in index
    assert "little power" in index and "More seizures can mean more smuggling or better detection." in index
    page = html.unescape((root / "crossing" / "oybek.html").read_text(encoding="utf-8"))
    assert "seizure events at the opening: " in page and "Benjamini–Hochberg q = " in page
    methods = (root / "methods.html").read_text(encoding="utf-8")
    assert "Testing many crossing points at once" in methods and "log(events + 1)" not in methods


# --- headless Chromium over the DevTools protocol: console errors, exceptions, failed loads, rendered charts ---

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1280,1600",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while not (active.exists() and len(active.read_text().split()) >= 2):
        assert time.monotonic() < deadline and proc.poll() is None, "chromium did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{active.read_text().split()[0]}"
    proc.terminate()
    proc.wait(20)


@pytest.fixture(scope="module")
def server(site):
    root, _ = site
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


async def _visit(ws_url: str, url: str, script: str | None) -> dict:
    """Load the page, wait for charts, optionally run a script, collect errors and a screenshot."""
    errors, pending, loaded, ids = [], {}, asyncio.Event(), iter(range(1, 1_000_000))
    async with websockets.connect(ws_url, max_size=None) as ws:
        async def read():
            async for raw in ws:
                msg = json.loads(raw)
                kind, params = msg.get("method"), msg.get("params", {})
                if msg.get("id") in pending:
                    pending.pop(msg["id"]).set_result(msg.get("result", {}))
                elif kind == "Runtime.exceptionThrown":
                    errors.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
                elif kind == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                    errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
                elif kind == "Log.entryAdded" and params["entry"]["level"] == "error":
                    errors.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
                elif kind == "Page.loadEventFired":
                    loaded.set()

        async def call(method: str, **params):
            key = next(ids)
            pending[key] = asyncio.get_running_loop().create_future()
            await ws.send(json.dumps({"id": key, "method": method, "params": params}))
            return await asyncio.wait_for(pending[key], 60)

        async def evaluate(expression: str):
            reply = await call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
            return reply["result"].get("value")

        reader = asyncio.create_task(read())
        for domain in ("Runtime", "Log", "Page"):
            await call(f"{domain}.enable")
        await call("Page.navigate", url=url)
        await asyncio.wait_for(loaded.wait(), 60)
        charts = 0
        for _ in range(100):  # Plotly draws after load; give it up to ~10 s
            charts = await evaluate("document.querySelectorAll('.plotly-graph-div svg.main-svg').length")
            divs = await evaluate("document.querySelectorAll('.plotly-graph-div').length")
            if divs == 0 or charts >= 2 * divs:
                break
            await asyncio.sleep(0.1)
        result = await evaluate(script) if script else None
        await asyncio.sleep(0.3)
        shot = base64.b64decode((await call("Page.captureScreenshot", format="png"))["data"])
        text = await evaluate("document.body.innerText")
        reader.cancel()
    return {"errors": errors, "charts": charts, "divs": divs, "result": result, "png": shot, "text": text}


def visit(browser: str, url: str, script: str | None = None) -> dict:
    request = urllib.request.Request(f"http://{browser}/json/new?about:blank", method="PUT")
    target = json.load(urllib.request.urlopen(request, timeout=30))
    try:
        return asyncio.run(_visit(target["webSocketDebuggerUrl"], url, script))
    finally:
        urllib.request.urlopen(f"http://{browser}/json/close/{target['id']}", timeout=30).close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("page, figures", [("index.html", 2), ("methods.html", 0), ("crossing/oybek.html", 3),
                                           ("crossing/sarahs.html", 1)])
def test_pages_render_in_chromium_without_errors(browser, server, screenshots, page, figures):
    base, _ = server
    seen = visit(browser, f"{base}/{page}")
    assert seen["errors"] == []
    assert seen["divs"] == figures and seen["charts"] >= figures  # each Plotly div drew its SVG
    assert "Synthetic demo data" in seen["text"]
    shot = screenshots / f"{page.replace('/', '_')}.png"
    shot.write_bytes(seen["png"])
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_filters_switch_group_and_period_in_the_browser(browser, server):
    base, _ = server
    script = """(() => {
        const pick = (id, value) => { const s = document.getElementById(id); s.value = value;
                                      s.dispatchEvent(new Event('change')); };
        pick('group', 'Tobacco'); pick('period', 'BLO evaluation window');
        const plot = document.getElementById('monthly');
        return {groups: plot.data.filter(t => t.visible !== false && t.meta).map(t => t.meta.group),
                range: plot.layout.xaxis.range};
    })()"""
    seen = visit(browser, f"{base}/crossing/oybek.html", script)
    assert seen["errors"] == []
    assert seen["result"]["groups"] and set(seen["result"]["groups"]) == {"Tobacco"}
    assert [r[:10] for r in seen["result"]["range"]] == ["2019-07-01", "2023-06-01"]


def test_the_error_collector_does_catch_errors(browser, server):
    base, root = server
    broken = root / "broken.html"
    broken.write_text("<script>throw new Error('planted failure')</script><script src='missing.js'></script>")
    try:
        seen = visit(browser, f"{base}/broken.html")
    finally:
        broken.unlink()
    assert any("planted failure" in e for e in seen["errors"]) and any("404" in e for e in seen["errors"])
