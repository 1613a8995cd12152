"""Canonical crossing points: names matched through transliteration and curated aliases, never invented."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl

from assets.normalise.matching import fold, match_names

REFERENCE = Path(__file__).parents[2] / "warehouse" / "reference"
FUZZY_THRESHOLD = 85.0
NOISE = re.compile(
    r"таможенн\w* пост\w*|пограничн\w* пост\w*|пункт\w* пропуска|железнодорожн\w* станц\w*|railway station|"
    r"border crossing point|border checkpoint|checkpoint|chegara posti|bojxona posti|\bкпп\b|\bбкп\b|\bпп\b|"
    r"\bbcp\b|\bпост\b|\bpost\b|ж/д|\bст\.|станция|\bрайон\w*|\bгузаргоҳи\b")


@cache
def gazetteer() -> pl.DataFrame:
    """Crossing points of the region with country pair, mode, approximate position and source."""
    return pl.read_csv(REFERENCE / "crossing_points.csv", schema_overrides={"lat": pl.Float64, "lon": pl.Float64})


@cache
def blo_registry() -> pl.DataFrame:
    """BLO opening dates — only those a source gives."""
    return pl.read_csv(REFERENCE / "blo_registry.csv", try_parse_dates=True,
                       schema_overrides={"blo_established": pl.Date})


@cache
def alias_table() -> pl.DataFrame:
    """Canonical and Cyrillic names plus the curated aliases."""
    points = gazetteer()
    return pl.concat([
        points.select(alias=pl.col("crossing_point"), crossing_point="crossing_point"),
        points.select(alias=pl.col("name_ru"), crossing_point="crossing_point"),
        pl.read_csv(REFERENCE / "crossing_aliases.csv").select("alias", "crossing_point"),
    ])


def _key(text: str | None) -> str:
    return fold(text, NOISE)


def match_crossings(names: Iterable[str | None], country_hint: str | None = None,
                    extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per distinct name: its canonical crossing point (null when unplaced), how, and confidence."""
    aliases = alias_table() if extra_aliases is None else pl.concat(
        [extra_aliases.select("alias", "crossing_point"), alias_table()])
    in_country = (set(gazetteer().filter(pl.col("country_iso3") == country_hint).get_column("crossing_point"))
                  if country_hint else None)
    matched = match_names(names, aliases, "crossing_point", FUZZY_THRESHOLD, _key,
                          (lambda _: in_country) if in_country else None)
    return matched


def review_queue(matches: pl.DataFrame) -> pl.DataFrame:
    """Names staff should confirm (fuzzy) or place (unmatched); unknown names never join the gazetteer by themselves."""
    return matches.filter(pl.col("match_method").is_in(["fuzzy", "unmatched"])).select(
        "name_raw", suggested=pl.col("crossing_point"), method="match_method", confidence="confidence"
    ).sort("method", "name_raw")


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Staff-filled aliases (`alias,crossing_point`); every crossing point must be in the gazetteer."""
    frame = pl.read_csv(path).select("alias", "crossing_point").drop_nulls()
    known = set(gazetteer().get_column("crossing_point"))
    for row, (alias, point) in enumerate(frame.iter_rows(), 2):
        if point not in known:
            raise ValueError(f"{path.name} line {row}: '{alias}' → '{point}' is not in the gazetteer")
    return frame
