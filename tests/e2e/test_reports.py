"""Dashboard site in headless Chromium, donor packs as PDF, and delivery over a real local SMTP server."""

import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboards import data, ledger
from dashboards.delivery import SmtpSettings, deliver
from dashboards.pack import build_pack, load_donors
from support.smtp import free_port, smtp_server
from warehouse.access import read_only

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(built):
    home, _, _ = built
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(home.dashboards), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", home
    server.shutdown()


def chromium(url: str, out: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={out / 'profile'}",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000", *flags, url],
        capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("page", ["index.html", "methods.html", "crossing/oybek.html"])
def test_pages_render_in_chromium_without_console_errors(site, page, tmp_path):
    base, home = site
    dom = chromium(f"{base}/{page}", tmp_path, "--dump-dom")
    assert dom.returncode == 0
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()]
    assert not console, console
    assert "Synthetic demo data" in dom.stdout
    if page != "methods.html":
        assert 'class="main-svg"' in dom.stdout  # Plotly drew its charts
    shot = tmp_path / f"{page.replace('/', '_')}.png"
    assert chromium(f"{base}/{page}", tmp_path, f"--screenshot={shot}", "--window-size=1280,1600").returncode == 0
    assert shot.stat().st_size > 10_000
    shutil.copyfile(shot, home.root / shot.name)


def test_every_crossing_point_with_data_has_a_page(built):
    home, _, _ = built
    with read_only(home) as con:
        points = {r[0] for r in con.execute("SELECT DISTINCT crossing_point FROM monthly_series").fetchall()}
    assert len(list((home.dashboards / "crossing").glob("*.html"))) == len(points) >= 28


@pytest.fixture(scope="module")
def packs(built, tmp_path_factory):
    home, _, _ = built
    out = tmp_path_factory.mktemp("packs")
    donors = {d.id: d for d in load_donors()}
    with read_only(home) as con:
        built_packs = {(d, lang): build_pack(con, out, donors[d], "2024-Q4", lang)
                       for d, lang in (("japan", "en"), ("inl", "ru"))}
        scope = {d: donors[d].in_scope(data.crossing_points(con))["crossing_point"].to_list() for d in donors}
    return built_packs, scope, donors


def test_pack_names_every_crossing_point_in_scope_and_says_synthetic(packs):
    built_packs, scope, _ = packs
    pack = built_packs[("japan", "en")]
    reader = PdfReader(pack.pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(point in text for point in scope["japan"]) and len(scope["japan"]) >= 20
    assert "synthetic demo data" in text
    outline = [item.title for item in reader.outline]
    assert outline[:2] == ["2024-Q4 in brief", "Summary"] and set(scope["japan"]) <= set(outline)
    assert outline[-1] == "Methods and caveats"
    manifest = json.loads(pack.manifest.read_text())
    assert manifest["snapshot"] and manifest["crossing_points"] == scope["japan"]


def test_russian_pack_for_turkmenistan(packs):
    built_packs, scope, _ = packs
    text = " ".join(p.extract_text() for p in PdfReader(built_packs[("inl", "ru")].pdf).pages)
    assert "Сводка" in text and "Методы и оговорки" in text
    assert set(scope["inl"]) == {"Farap", "Imam Nazar", "Serhetabat", "Sarahs"}
    assert all(point in text for point in scope["inl"])


def test_pack_is_mailed_over_smtp_with_the_pdf(packs, tmp_path):
    import email

    built_packs, _, donors = packs
    with smtp_server() as (inbox, port):
        pack = built_packs[("japan", "en")]
        report = deliver(pack, donors["japan"], tmp_path, SmtpSettings("127.0.0.1", port), tmp_path / "d.duckdb")
    assert report.status == "sent" and report.attempts == 1
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == donors["japan"].recipients
    message = email.message_from_bytes(envelope.content)
    assert "2024-Q4" in message["Subject"]
    [attachment] = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert attachment.get_payload(decode=True) == pack.pdf.read_bytes()
    assert (tmp_path / "japan" / "2024-Q4" / pack.pdf.name).exists()


def test_failed_delivery_is_retried_and_reported(packs, tmp_path):
    built_packs, _, donors = packs
    pack = built_packs[("inl", "ru")]
    report = deliver(pack, donors["inl"], tmp_path, SmtpSettings("127.0.0.1", free_port()), tmp_path / "d.duckdb",
                     retries=2, backoff=0)
    assert (report.status, report.attempts) == ("failed", 2) and "Connection" in report.error
    assert [(e.status, e.attempts) for e in ledger.entries(tmp_path / "d.duckdb")] == [("failed", 2)]
