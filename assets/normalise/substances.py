"""Canonical substances: every name agencies use mapped to the taxonomy, or kept as 'unmapped' for review.

Rule for records naming several substances ("Phenazepam and Baclosan", "героин, гашиш"): the record stays whole
and is attributed to the first named substance that matches; the others are listed in `also_named`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl

from assets.normalise.matching import fold, match_names

REFERENCE = Path(__file__).parents[2] / "warehouse" / "reference"
FUZZY_THRESHOLD = 85.0
NOISE = re.compile(r"наркотическ\w* средств\w*|психотропн\w* веществ\w*|таблетк\w* |\bdrugs?\b|\bpreparat\w*")
SEPARATORS = re.compile(r"\s+(?:и|and|va|ва)\s+|[,;+/]\s*")


@cache
def substance_table() -> pl.DataFrame:
    """The taxonomy: substance, sub-group, group, category, whether it is a reported total, and the source."""
    return pl.read_csv(REFERENCE / "substances.csv").with_columns(pl.col("is_reported_total") == "true")


@cache
def alias_table() -> pl.DataFrame:
    """Every known name: the canonical names themselves plus the curated aliases."""
    canonical = substance_table().select(alias=pl.col("substance"), substance="substance")
    curated = pl.read_csv(REFERENCE / "substance_aliases.csv").select("alias", "substance")
    return pl.concat([canonical, curated])


def _key(text: str | None) -> str:
    return fold(text, NOISE)


def match_substances(names: Iterable[str | None], extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per distinct name: canonical substance and group, how it matched, and other substances named."""
    aliases = alias_table() if extra_aliases is None else pl.concat([extra_aliases.select("alias", "substance"),
                                                                     alias_table()])
    distinct = list(dict.fromkeys(names))
    whole = match_names(distinct, aliases, "substance", FUZZY_THRESHOLD, _key)
    parts = {n: [p for p in SEPARATORS.split(n) if p.strip()] for n in distinct if n and SEPARATORS.search(n)}
    pieces = match_names([p for ps in parts.values() for p in ps], aliases, "substance", FUZZY_THRESHOLD, _key)
    by_piece = {r[0]: r for r in pieces.iter_rows()}
    rows = []
    for name, substance, method, confidence in whole.iter_rows():
        also = None
        if substance is None and name in parts:
            hits = [by_piece[p] for p in parts[name] if by_piece[p][1] is not None]
            if hits:
                substance, method, confidence = hits[0][1], f"{hits[0][2]} (first of several)", hits[0][3]
                also = ", ".join(h[1] for h in hits[1:]) or None
        rows.append((name, substance or "unmapped", method if substance else "unmapped", confidence, also))
    frame = pl.DataFrame(rows, schema=["name_raw", "substance", "match_method", "confidence", "also_named"],
                         orient="row")
    groups = substance_table().select("substance", "substance_group")
    return frame.join(groups, on="substance", how="left", maintain_order="left").with_columns(
        substance_group=pl.col("substance_group").fill_null("unmapped")).select(
        "name_raw", "substance", "substance_group", "match_method", "confidence", "also_named")


def review_queue(matches: pl.DataFrame) -> pl.DataFrame:
    """Names programme staff should confirm (fuzzy) or place (unmapped), for the editable review CSV."""
    return matches.filter(pl.col("match_method").str.starts_with("fuzzy") | (pl.col("match_method") == "unmapped")
                          ).select("name_raw", suggested=pl.col("substance"), method="match_method",
                                   confidence="confidence").sort("method", "name_raw")


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Staff-filled aliases (`alias,substance`); every substance must exist in the taxonomy."""
    frame = pl.read_csv(path).select("alias", "substance").drop_nulls()
    known = set(substance_table().get_column("substance"))
    for row, (alias, substance) in enumerate(frame.iter_rows(), 2):
        if substance not in known:
            raise ValueError(f"{path.name} line {row}: '{alias}' → unknown substance '{substance}'")
    return frame
