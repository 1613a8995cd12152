"""The donor pack as a PDF: cover, the period in brief, summary table, map, a section per crossing point, methods —
with bookmarks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboards.data import Provenance
from dashboards.i18n import data_label, text

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts"),
             Path("/usr/local/share/fonts"))
WIDTH = 15 * cm  # the monthly, band and mix charts of one crossing point fit one A4 page
PERIOD_COLUMNS = (3.0, 1.8, 2.3, 2.3, 1.8, 2.9, 2.9)  # cm: row name, then events and kg with their comparisons
# Binary image streams: ASCII85 makes PDFs 25 % larger and, without reportlab's C accelerator, is the slowest step
rl_config.useA85 = 0


@dataclass(frozen=True)
class Section:
    """One crossing point in a pack: heading, the plain-language finding, its chart images."""

    heading: str
    sentence: str
    images: tuple[tuple[Path, int, int], ...]  # (png, width px, height px)


@dataclass(frozen=True)
class Grid:
    """A titled table of the period's figures."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Overview:
    """The period in brief: its totals and comparisons, tables by country and substance group, notable seizures."""

    heading: str
    lines: tuple[str, ...]
    tables: tuple[Grid, ...]
    notes: tuple[str, ...]
    notable_heading: str
    notable: tuple[tuple[str, tuple[str, ...]], ...]  # (sub-heading, one line per seizure)


@dataclass(frozen=True)
class PackContent:
    """Everything a pack shows, shared by the PDF and its HTML twin."""

    donor_name: str
    period: str
    start: dt.date
    end: dt.date
    lang: str
    stamp: Provenance
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sections: tuple[Section, ...]
    overview: Overview
    map: Section


def font_family() -> str:
    """Register DejaVu Sans (regular and bold; it has Cyrillic) once; a clear error when it is not installed."""
    if "DejaVu" in pdfmetrics.getRegisteredFontNames():
        return "DejaVu"
    for folder in FONT_DIRS:
        regular = next(iter(sorted(folder.rglob("DejaVuSans.ttf"))), None) if folder.is_dir() else None
        if regular and (regular.parent / "DejaVuSans-Bold.ttf").is_file():
            pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(regular.parent / "DejaVuSans-Bold.ttf")))
            pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu",
                                          boldItalic="DejaVu-Bold")
            return "DejaVu"
    raise RuntimeError("DejaVuSans.ttf not found under /usr/share/fonts: install Debian's fonts-dejavu-core "
                       "(the packs need a font with Cyrillic)")


class _PackDoc(SimpleDocTemplate):
    """A document that adds a PDF bookmark (outline entry) for every section heading."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's hook name)
        if isinstance(flowable, Paragraph) and flowable.style.name == "Section":
            key = f"section-{self.page}-{flowable.getPlainText()}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("Body", fontName=font, fontSize=10, leading=13, spaceAfter=4)
    return {"body": body, "cell": ParagraphStyle("Cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
            "head": ParagraphStyle("Head", parent=body, fontName=f"{font}-Bold", fontSize=8, leading=10,
                                   textColor=colors.white, spaceAfter=0),
            "title": ParagraphStyle("Title", parent=body, fontName=f"{font}-Bold", fontSize=22, leading=28,
                                    spaceAfter=18),
            "label": ParagraphStyle("Label", parent=body, fontName=f"{font}-Bold", fontSize=14, leading=18,
                                    textColor=colors.HexColor("#b22222"), spaceBefore=12),
            "section": ParagraphStyle("Section", parent=body, fontName=f"{font}-Bold", fontSize=14, leading=18,
                                      spaceBefore=6, spaceAfter=8),
            "sub": ParagraphStyle("Sub", parent=body, fontName=f"{font}-Bold", fontSize=11, leading=14, spaceBefore=8,
                                  spaceAfter=4)}


def _table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[float, ...],
           style: dict[str, ParagraphStyle]) -> Table:
    """A table with a coloured header row repeated on every page."""
    table = Table([[Paragraph(h, style["head"]) for h in header],
                   *[[Paragraph(c, style["cell"]) for c in row] for row in rows]],
                  colWidths=[c * cm for c in widths], repeatRows=1)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f5f8b")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]))
    return table


def _overview(overview: Overview, style: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The period's page(s): lead lines, the tables, their notes, the notable seizures."""
    story: list[Flowable] = [PageBreak(), Paragraph(overview.heading, style["section"])]
    story += [Paragraph(line, style["body"]) for line in overview.lines]
    for grid in overview.tables:
        story += [Paragraph(grid.title, style["sub"]), _table(grid.header, grid.rows, PERIOD_COLUMNS, style)]
    story += [Spacer(1, 4), *[Paragraph(note, style["cell"]) for note in overview.notes]]
    story.append(Paragraph(overview.notable_heading, style["sub"]))
    for title, lines in overview.notable:
        story += [Paragraph(title, style["body"]) if title else Spacer(1, 0),
                  *[Paragraph(f"• {line}", style["body"]) for line in lines]]
    return story


def write_pdf(path: Path, pack: PackContent) -> Path:
    """Render the pack; byte-identical output for identical content (reportlab's invariant mode)."""
    font = font_family()
    style = _styles(font)
    lang, stamp = pack.lang, pack.stamp
    label = data_label(stamp.label, lang)
    story: list[Flowable] = [
        Spacer(1, 3 * cm), Paragraph(text("title", lang), style["title"]),
        Paragraph(f"{text('donor', lang)}: {pack.donor_name}", style["body"]),
        Paragraph(f"{text('period', lang)}: {pack.period} ({pack.start} – {pack.end})", style["body"]),
        Paragraph(f"{text('built', lang)}: {stamp.built}", style["body"]),
        Paragraph(f"{text('snapshot', lang)}: {stamp.snapshot}", style["body"]),
        Paragraph(f"{text('data', lang)}: {label}", style["label"] if stamp.synthetic else style["body"])]
    if stamp.synthetic:
        story.append(Paragraph(text("synthetic_note", lang), style["body"]))
    story += _overview(pack.overview, style)
    table = _table(pack.header, pack.rows, (3.4, 2.0, 2.4, 2.4, 3.6, 3.2), style)
    story += [PageBreak(), Paragraph(text("summary", lang), style["section"]), table]
    story += [PageBreak(), Paragraph(pack.map.heading, style["section"])]
    story += [Image(str(png), width=WIDTH, height=WIDTH * h / w) for png, w, h in pack.map.images]
    story += [Paragraph(pack.map.sentence, style["body"])] if pack.map.sentence else []
    for section in pack.sections:
        story += [PageBreak(), Paragraph(section.heading, style["section"]), Paragraph(section.sentence, style["body"])]
        story += [Image(str(png), width=WIDTH, height=WIDTH * h / w) for png, w, h in section.images]
    story += [PageBreak(), Paragraph(text("methods", lang), style["section"]),
              Paragraph(text("methods_text", lang), style["body"]),
              Paragraph(f"{text('data', lang)}: {label}", style["body"])]
    footer = f"BLO Seizure Trends — {label} — {pack.period}"

    def on_page(canvas, doc) -> None:
        canvas.setFont(font, 7)
        canvas.drawString(2 * cm, 1.2 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))

    doc = _PackDoc(str(path), pagesize=A4, title=f"{text('title', lang)} — {pack.period}", author="BLO Seizure Trends",
                   lang=lang, invariant=True, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                   bottomMargin=2 * cm)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path
