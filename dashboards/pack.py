"""Donor chart packs: one PDF (with bookmarks) and an HTML twin per donor, period and language, plus a manifest."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import plotly.io as pio
import polars as pl
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assets.report.periods import period_bounds
from dashboards import data
from dashboards.figures import monthly_figure
from dashboards.i18n import number, text

DONORS = Path(__file__).parent / "donors.yaml"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
TEMPLATES = Environment(loader=PackageLoader("dashboards", "templates"), autoescape=select_autoescape())


@dataclass(frozen=True)
class Donor:
    """A donor: who, which crossing points, how often, in which languages, to whom."""

    id: str
    name: str
    scope: object
    cadence: str
    languages: list[str]
    recipients: list[str]

    def in_scope(self, points: pl.DataFrame) -> pl.DataFrame:
        """The crossing points this donor's pack covers."""
        if self.scope == "all_blo":
            return points.filter(pl.col("blo_established").is_not_null())
        if isinstance(self.scope, dict) and "country" in self.scope:
            return points.filter(pl.col("country_iso3") == self.scope["country"])
        return points.filter(pl.col("crossing_point").is_in(list(self.scope)))


@dataclass(frozen=True)
class PackResult:
    """The files of one pack."""

    pdf: Path
    html: Path
    manifest: Path
    period: str
    lang: str


def load_donors(path: Path | None = None) -> list[Donor]:
    """Donors from the configuration file."""
    return [Donor(**entry) for entry in yaml.safe_load((path or DONORS).read_text(encoding="utf-8"))]


def _font() -> str:
    """A TrueType font with Cyrillic (Debian's fonts-dejavu-core), registered once."""
    if "DejaVu" in pdfmetrics.getRegisteredFontNames():
        return "DejaVu"
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists():
            pdfmetrics.registerFont(TTFont("DejaVu", str(folder / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(folder / "DejaVuSans-Bold.ttf")))
            return "DejaVu"
    raise RuntimeError("DejaVu fonts not found: install Debian's fonts-dejavu-core")


class _PackDoc(SimpleDocTemplate):
    """A document that adds a PDF bookmark for every section heading."""

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's hook name)
        if isinstance(flowable, Paragraph) and flowable.style.name == "Section":
            key = f"s{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def build_pack(con: duckdb.DuckDBPyConnection, out_dir: Path, donor: Donor, period: str, lang: str = "en"
               ) -> PackResult:
    """Cover, summary table, one section per crossing point in scope, methods — as PDF and HTML twin."""
    start, end = period_bounds(period)
    label, built = data.data_label(con)
    scope = donor.in_scope(data.crossing_points(con))
    effects = {r["crossing_point"]: r for r in data.effects(con).iter_rows(named=True)}
    folder = out_dir / donor.id / period
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"blo-pack-{donor.id}-{period}-{lang}"
    figures = [monthly_figure(data.series(con, p).filter(pl.col("substance_group") == "All",
                                                          pl.col("month") <= end),
                              effects.get(p), p, label, built) for p in scope["crossing_point"]]
    images = [folder / f"{stem}-{i:02d}.png" for i in range(len(figures))]
    if figures:
        pio.write_images(figures, images, width=900, height=560, scale=1)  # one browser session for the pack
    rows = [_summary_row(p, effects.get(p), lang) for p in scope["crossing_point"]]
    context = {"donor": donor, "period": period, "lang": lang, "label": label, "built": built, "rows": rows,
               "start": start, "end": end, "t": lambda key: text(key, lang),
               "sections": [(p, effects.get(p, {}).get("sentence") or text("no_blo", lang), img)
                            for p, img in zip(scope["crossing_point"], images, strict=True)]}
    pdf = folder / f"{stem}.pdf"
    _write_pdf(pdf, context)
    html = folder / f"{stem}.html"
    html.write_text(TEMPLATES.get_template("pack.html.j2").render(
        **context, embed=lambda p: base64.b64encode(p.read_bytes()).decode()), encoding="utf-8")
    manifest = folder / f"{stem}.manifest.json"
    snapshot = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
    manifest.write_text(json.dumps({
        "donor": donor.id, "period": period, "lang": lang, "snapshot": snapshot.get("snapshot"),
        "warehouse_built_at": snapshot.get("built_at"), "data_label": label,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "crossing_points": scope["crossing_point"].to_list(),
        "pdf_sha256": hashlib.sha256(pdf.read_bytes()).hexdigest()}, indent=1, ensure_ascii=False))
    for image in images:
        image.unlink()
    return PackResult(pdf, html, manifest, period, lang)


def _summary_row(point: str, effect: dict | None, lang: str) -> list[str]:
    if not effect:
        return [point, text("no_blo_short", lang), "", "", "", ""]
    interval = (f"{number(effect['rate_ratio'], lang, 2)} ({number(effect['lower'], lang, 2)}–"
                f"{number(effect['upper'], lang, 2)})" if effect["status"] == "ok" else "")
    return [point, str(effect["blo_established"]), number(effect["pre_mean_events"], lang, 1),
            number(effect["post_mean_events"], lang, 1), interval, effect["status"]]


def _write_pdf(path: Path, context: dict) -> None:
    font = _font()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontName=font, fontSize=10, leading=13)
    title = ParagraphStyle("Title", parent=body, fontName=f"{font}-Bold", fontSize=20, leading=26)
    section = ParagraphStyle("Section", parent=body, fontName=f"{font}-Bold", fontSize=14, leading=18,
                             spaceBefore=6, spaceAfter=6)
    t = context["t"]
    story = [Paragraph(t("title"), title), Spacer(1, 0.5 * cm),
             Paragraph(f"{context['donor'].name}", body),
             Paragraph(f"{t('period')}: {context['period']} ({context['start']} – {context['end']})", body),
             Paragraph(f"{t('built')}: {context['built']}", body),
             Paragraph(f"<b>{t('data')}: {context['label']}</b>", body), PageBreak(),
             Paragraph(t("summary"), section)]
    header = [t(k) for k in ("crossing_point", "blo_opened", "pre", "post", "rate_ratio", "status")]
    table = Table([header, *context["rows"]], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f5f8b")),
                               ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]))
    story.append(table)
    for point, sentence, image in context["sections"]:
        story += [PageBreak(), Paragraph(point, section), Paragraph(sentence, body), Spacer(1, 0.3 * cm),
                  Image(str(image), width=17 * cm, height=17 * cm * 560 / 900)]
    story += [PageBreak(), Paragraph(t("methods"), section), Paragraph(t("methods_text"), body),
              Paragraph(f"{t('data')}: {context['label']}", body)]
    footer = f"BLO Seizure Trends — {context['label']} — {context['donor'].id} {context['period']}"

    def on_page(canvas, _doc) -> None:
        canvas.setFont(font, 7)
        canvas.drawString(2 * cm, 1.2 * cm, footer)

    _PackDoc(str(path), pagesize=A4, title=f"{t('title')} {context['period']}", author="BLO Seizure Trends"
             ).build(story, onFirstPage=on_page, onLaterPages=on_page)
