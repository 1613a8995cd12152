"""Donor packs: scope, PDF text and bookmarks, Russian version, HTML twin, manifest, reproducibility."""

import hashlib
import json

import duckdb
import pytest
import yaml
from pypdf import PdfReader

from dashboards import data, pdf, static_export
from dashboards.i18n import month_label, number
from dashboards.pack import ALL_BLO, Donor, build_pack, load_donors
from support.dashboards_fixture import NON_OK, build_fixture


@pytest.fixture(scope="module", autouse=True)
def one_browser():
    """Every pack in this module renders through one Chromium, as a pipeline run does."""
    with static_export.browser_session():
        yield


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with duckdb.connect(str(build_fixture(tmp_path_factory.mktemp("pack") / "w.duckdb")), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def donors():
    return {d.id: d for d in load_donors()}


@pytest.fixture(scope="module")
def packs(con, donors, tmp_path_factory):
    out = tmp_path_factory.mktemp("packs")
    return {(d, lang): build_pack(con, out, donors[d], "2024-Q4", lang) for d, lang in (("japan", "en"), ("inl", "ru"))}


def pdf_text(path) -> str:
    """The PDF's text with line breaks folded into spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_shipped_donors_and_their_scope(con, donors):
    assert set(donors) == {"japan", "inl"}
    assert donors["japan"].scope == ALL_BLO and donors["inl"].scope == {"country": "TKM"}
    assert {d.cadence for d in donors.values()} == {"quarterly"} and "ru" in donors["inl"].languages
    points = data.crossing_points(con)
    blo = {r[0] for r in con.execute("SELECT crossing_point FROM crossing_points WHERE blo_established IS NOT NULL"
                                     " AND crossing_point IN (SELECT crossing_point FROM monthly_series)").fetchall()}
    assert set(donors["japan"].in_scope(points)["crossing_point"]) == blo
    tkm = {r[0] for r in con.execute("SELECT DISTINCT crossing_point FROM monthly_series WHERE country_iso3 = 'TKM'"
                                     ).fetchall()}
    assert set(donors["inl"].in_scope(points)["crossing_point"]) == tkm


def test_a_misconfigured_donor_fails_at_load(tmp_path):
    bad = [{"id": "x", "name": "X", "scope": "everything", "cadence": "weekly", "languages": ["fr"],
            "recipients": []}]
    (tmp_path / "donors.yaml").write_text(yaml.safe_dump(bad))
    with pytest.raises(ValueError, match="donor 'x'.*scope.*cadence.*languages.*recipients"):
        load_donors(tmp_path / "donors.yaml")


def test_english_pack_names_every_point_says_synthetic_and_bookmarks_sections(packs, con, donors):
    pack = packs[("japan", "en")]
    scope = donors["japan"].in_scope(data.crossing_points(con))["crossing_point"].to_list()
    text = pdf_text(pack.pdf)
    assert all(point in text for point in scope) and "synthetic demo data" in text
    reader = PdfReader(pack.pdf)
    assert [item.title for item in reader.outline] == ["2024-Q4 in brief", "Summary", "Map", *scope,
                                                       "Methods and caveats"]
    assert len(reader.pages) == 5 + len(scope)  # cover, the quarter, summary, map, a page per crossing point, methods
    assert "No single seizure events were reported in this period" in text  # the fixture holds monthly totals only
    effect = data.effects(con)["Oybek"]
    assert f"{effect['rate_ratio']:.2f} ({effect['lower']:.2f}–{effect['upper']:.2f})" in text
    assert " ".join(effect["sentence"].split()) in text


def test_russian_pack_has_russian_headings_months_and_numbers(packs, con):
    pack = packs[("inl", "ru")]
    text = pdf_text(pack.pdf)
    assert "Сводка" in text and "Методы и оговорки" in text and "синтетические демонстрационные данные" in text
    farap = data.effects(con)["Farap"]
    assert month_label(farap["blo_established"], "ru") in text and "янв" in text
    assert number(farap["rate_ratio"], "ru", 2) in text and "," in number(farap["rate_ratio"], "ru", 2)
    outline = [item.title for item in PdfReader(pack.pdf).outline]
    assert outline[:3] == ["2024-Q4: коротко", "Сводка", "Карта"] and "Фарап (Farap)" in outline
    assert all(p in text for p in pack.crossing_points)
    worded = farap["sentence_ru"].replace("Farap (ПОС открыт", "Фарап (ПОС открыт", 1)
    assert " ".join(worded.split()) in text and "95 % ДИ от" in text


def test_html_twin_has_the_same_sections_and_embedded_charts(packs):
    pack = packs[("japan", "en")]
    html = pack.html.read_text(encoding="utf-8")
    assert all(f">{p}</h2>" in html for p in pack.crossing_points) and 'id="synthetic-banner"' in html
    with_estimates = len(pack.crossing_points)  # every Japan point has a BLO: monthly, band and mix charts
    assert html.count("data:image/png;base64,") == 3 * with_estimates + 1  # and the map
    assert 'id="period"' in html and "2024-Q4 in brief" in html
    assert "src=\"http" not in html  # self-contained


def test_manifest_names_snapshot_points_and_pdf_hash(packs):
    pack = packs[("inl", "ru")]
    manifest = json.loads(pack.manifest.read_text(encoding="utf-8"))
    assert manifest["snapshot"] == "blo-fixture.duckdb" and manifest["synthetic"] is True
    assert (manifest["donor"], manifest["period"], manifest["lang"]) == ("inl", "2024-Q4", "ru")
    assert manifest["crossing_points"] == list(pack.crossing_points) and NON_OK in pack.crossing_points
    assert manifest["pdf_sha256"] == hashlib.sha256(pack.pdf.read_bytes()).hexdigest()


def test_rebuilding_from_the_manifest_gives_the_same_pdf(packs, con, donors, tmp_path):
    manifest = json.loads(packs[("inl", "ru")].manifest.read_text(encoding="utf-8"))
    again = build_pack(con, tmp_path, donors[manifest["donor"]], manifest["period"], manifest["lang"])
    assert hashlib.sha256(again.pdf.read_bytes()).hexdigest() == manifest["pdf_sha256"]


def test_estimates_whose_window_outlasts_the_period_are_withheld(con, tmp_path):
    donor = Donor("t", "Test donor", ["Oybek"], "monthly", ["en"], ["t@example.org"])
    pack = build_pack(con, tmp_path, donor, "2021-12")
    text = pdf_text(pack.pdf)
    window_end = data.effects(con)["Oybek"]["window_end"]
    assert f"evaluation window ends {month_label(window_end, 'en')}" in text
    assert f"{data.effects(con)['Oybek']['rate_ratio']:.2f} (" not in text


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.pdfmetrics, "getRegisteredFontNames", lambda: [])
    monkeypatch.setattr(pdf, "FONT_DIRS", (tmp_path,))
    with pytest.raises(RuntimeError, match="fonts-dejavu-core"):
        pdf.font_family()


def test_number_formats():
    assert number(1234.5, "en", 1) == "1,234.5"
    assert number(1234.5, "ru", 1) == "1\u00a0234,5"
    assert number(None, "ru") == ""


def test_unknown_language_is_refused(con, donors, tmp_path):
    with pytest.raises(ValueError, match="language"):
        build_pack(con, tmp_path, donors["japan"], "2024-Q4", "fr")


def test_chromium_is_found_locally_or_not_at_all(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert static_export.chromium_path() == str(fake)
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(static_export, "DEBIAN_CHROMIUM", str(tmp_path / "none"))
    with pytest.raises(RuntimeError, match="Chromium not found"):
        static_export.chromium_path()


def test_export_refuses_mismatched_paths(tmp_path):
    with pytest.raises(ValueError, match="1 figures but 0 paths"):
        static_export.export_png([object()], [])
