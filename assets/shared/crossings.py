"""Canonical crossing points: agency spellings placed on the gazetteer through transliteration and curated aliases.

Matched by `assets.shared.matching` on `crossing_key` (words like "КПП"/"BCP"/"railway station" dropped, word breaks
ignored); a guess must lead the next crossing point by FUZZY_MARGIN and, when the reporting country is known, lie in
it. An unknown name never becomes a crossing point: it is "unmatched", goes to `review_queue`, staff fill in
`crossing_point`, and `load_reviewed_aliases` feeds their answers back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl

from assets.shared.matching import AliasIndex, Matcher, fold
from warehouse import reference

# Keys are short (5–12 letters): 85 accepts one slip in a 7-letter name ("Fotehobd", "Sariosyo") and rejects two
# ("Farab"/"Farap" is 80, so such pairs are curated aliases instead).
FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 5.0  # the best crossing point must beat the next one by this much, else staff decide
MIN_FUZZY_LENGTH = 5  # shorter keys ("tem", "17") are too ambiguous to guess
MATCH_SCHEMA = {"name_raw": pl.String, "crossing_point": pl.String, "match_method": pl.String,
                "confidence": pl.Float64}

# Words saying what kind of place it is, not which one (Russian, Uzbek, Tajik, English).
NOISE = re.compile(
    r"таможенн\w*|пограничн\w*|пункт\w*|пропуска|контрольно|пропускн\w*|автодорожн\w*|железнодорожн\w*|станц\w*"
    r"|\bкпп\b|\bбкп\b|\bпп\b|\bт\s*/?\s*п\b|\bпост\w*|\bөткізу\b|\bөткөрүү\b|\bserhet\b|\bgeçelge\w*|\bст\.|\bж\s*/\s*д\b|\bчегара\b|\bбожхона\b|\bгузаргоҳ\w*"
    r"|border|crossing|check\s*point|\bcustoms\b|\bposts?\b|\bbcp\b|\bkpp\b|railway|station|\brail\b|\bst\."
    r"|\bpoint\b|\bchegara\b|\bbojxona\b|\bposti\b|\bpunkti\b|\bo['ʻ‘’`]?tish\b|\bnuqtasi\b|\bсарҳад\w*"
    r"|\btemir\s*yo['ʻ‘’`]?l\w*|\bstansiya\w*|\bтемир\s*йўл\w*")


def crossing_key(name: str | None) -> str:
    """A spelling reduced to what identifies the place: script-free, noise-free, transliteration-folded."""
    return fold(name, NOISE, words=False)


CROSSINGS = Matcher(target="crossing_point", key=crossing_key, miss="unmatched", threshold=FUZZY_THRESHOLD,
                    margin=FUZZY_MARGIN, min_length=MIN_FUZZY_LENGTH)


@cache
def gazetteer() -> pl.DataFrame:
    """Crossing points of the region with country pair, mode, approximate position and source."""
    return reference.table("crossing_points").with_columns(pl.col("lat", "lon").cast(pl.Float64))


@cache
def curated_aliases() -> pl.DataFrame:
    """Canonical and Russian names plus the curated alias list, as (alias, crossing_point)."""
    points = gazetteer()
    return pl.concat([
        points.select(alias="crossing_point", crossing_point="crossing_point"),
        points.select(alias="name_ru", crossing_point="crossing_point"),
        reference.table("crossing_aliases").select("alias", "crossing_point"),
    ])


@cache
def _curated_index() -> AliasIndex:
    return CROSSINGS.index(curated_aliases())


def _index(extra_aliases: pl.DataFrame | None) -> AliasIndex:
    return _curated_index() if extra_aliases is None else CROSSINGS.index(curated_aliases(), extra_aliases)


def match_crossings(names: Iterable[str | None], country_hint: str | None = None,
                    extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per distinct name: its canonical crossing point (null when unplaced), how it matched, confidence."""
    index = _index(extra_aliases)
    allowed = (set(gazetteer().filter(pl.col("country_iso3") == country_hint)["crossing_point"])
               if country_hint else None)
    rows = [(name, *index.place(name, allowed)) for name in dict.fromkeys(names)]
    return pl.DataFrame(rows, schema=MATCH_SCHEMA, orient="row")


def closest_crossings(name: str, among: Iterable[str] | None = None, limit: int = 3) -> list[str]:
    """The canonical crossing points whose known spellings come closest to a name, best first (for suggestions)."""
    ranked = _curated_index().ranked(name, set(among) if among is not None else None)
    return [point for point, _ in ranked][:limit]


def review_queue(matches: pl.DataFrame) -> pl.DataFrame:
    """Names for programme staff: unmatched ones to place, fuzzy ones to confirm; they fill `crossing_point`."""
    return _curated_index().review_queue(matches)


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Staff answers (`alias,crossing_point`, blanks skipped), each crossing point checked against the gazetteer."""
    return CROSSINGS.load_answers(path, gazetteer().get_column("crossing_point"), "the gazetteer")
