"""Find the header row of an export and map its columns onto canonical fields through a multilingual vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import yaml

VOCABULARY = Path(__file__).parents[2] / "warehouse" / "reference" / "header_vocabulary.yaml"
SCAN_ROWS = 30
QUANTITY_FIELDS = ("quantity", "mass_kg", "mass_g", "mass_lbs", "n_events")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field."""

    row_index: int
    columns: dict[str, str]
    headers: dict[str, str]

    def missing(self) -> list[str]:
        """Required fields this header lacks."""
        gaps = []
        if not {"date", "period", "year"} & self.columns.keys():
            gaps.append("date")
        if "substance" not in self.columns:
            gaps.append("substance")
        if not set(QUANTITY_FIELDS) & self.columns.keys():
            gaps.append("quantity")
        return gaps


def normalise_header(text: str | None) -> str:
    """Header text folded for matching: case, ё, Uzbek apostrophes, punctuation and spacing."""
    if not text:
        return ""
    text = text.casefold().replace("ё", "е").replace("ʻ", "'").replace("ʼ", "'").replace("‘", "'").replace("’", "'")
    text = re.sub(r"[^\w'№#/()]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def vocabulary() -> dict[str, str]:
    """Normalised header phrase → canonical field."""
    raw = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    return {normalise_header(str(phrase)): field for field, phrases in raw.items() for phrase in phrases}


def field_for(header: str | None, extra: dict[str, str] | None = None) -> str | None:
    """The canonical field a header names, or None."""
    norm = normalise_header(header)
    if not norm:
        return None
    table, phrases = _phrases(tuple((extra or {}).items()))
    if norm in table:
        return table[norm]
    padded = f" {norm} "
    return next((f for p, f in phrases if p in padded), None)


@cache
def _phrases(extra: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The vocabulary with a profile's own headers, and its phrases of three letters or more padded for a whole-word
    search: longest first, then (as ever) the field name last in the alphabet."""
    table = {**vocabulary(), **{normalise_header(k): v for k, v in extra}}
    padded = sorted(((f" {p} ", f) for p, f in table.items() if len(p) > 2), key=lambda pf: (len(pf[0]), pf[1]),
                    reverse=True)
    return table, padded


def map_header(cells: list[str | None], names: list[str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Canonical field → column name for one candidate header row (first column wins a field)."""
    mapping: dict[str, str] = {}
    for cell, name in zip(cells, names, strict=True):
        field = field_for(cell, extra)
        if field and field not in mapping:
            mapping[field] = name
    return mapping


def detect_header(rows: pl.DataFrame, extra: dict[str, str] | None = None) -> HeaderMatch | None:
    """The row among the first few whose cells name the most canonical fields (at least two)."""
    best: HeaderMatch | None = None
    for index, cells in enumerate(rows.head(SCAN_ROWS).iter_rows()):
        mapping = map_header(list(cells), rows.columns, extra)
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best.columns)):
            headers = dict(zip(rows.columns, [c or "" for c in cells], strict=True))
            best = HeaderMatch(index, mapping, headers)
    return best
