"""Canonical crossing points: agency spellings placed on the gazetteer through transliteration and curated aliases.

Matching order, per distinct name: exact (case-insensitive) alias or canonical/Russian name → normalised key
(`crossing_key`: casefold, words like "КПП"/"BCP"/"railway station" dropped, Cyrillic transliterated, common
transliteration differences folded) → rapidfuzz `ratio` on the keys, at least FUZZY_THRESHOLD, FUZZY_MARGIN ahead of
the next crossing point, and restricted to the reporting country when a hint is given → unmatched. An unknown name
never becomes a crossing point: it goes to `review_queue`, staff fill in `crossing_point`, and
`load_reviewed_aliases` feeds their answers back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process
from unidecode import unidecode

REFERENCE = Path(__file__).parents[2] / "warehouse" / "reference"
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

# Cyrillic letters transliterated by hand so Russian, Tajik, Uzbek and Kazakh spellings meet the usual Latin ones;
# unidecode does the rest (it renders e.g. ҳ as "kh'" and я as "ia").
CYRILLIC = str.maketrans({
    "ё": "yo", "я": "ya", "ю": "yu", "й": "y", "ж": "j", "х": "kh", "ц": "ts", "щ": "sh", "ъ": "", "ь": "",
    "ы": "y", "э": "e", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "қ": "q", "ғ": "g", "ў": "o", "ә": "a", "ө": "o",
    "ү": "u", "ұ": "u", "і": "i", "ң": "n", "һ": "h",
})
# Latin spellings folded to one form, in this order: kh/x/h (x is Uzbek Latin), dzh/dj/zh/j, gh/g, q/k, yo/io/e,
# ya/ia, ai/ay, oi/oy, ou/u, intervocalic y (Konysbayev/Konysbaev); doubled letters (Yallama/Yalama) go last.
FOLDS = [(re.compile(p), r) for p, r in [
    ("kh|x", "h"), ("dzh|dj|zh", "j"), ("gh", "g"), ("q", "k"), ("yo|io", "e"), ("ia", "ya"), ("ai", "ay"),
    ("oi", "oy"), ("ou", "u"), ("(?<=[aeiou])y(?=[aeiou])", ""), (r"(.)\1+", r"\1"),
]]


def crossing_key(name: str | None) -> str:
    """A spelling reduced to what identifies the place: script-free, noise-free, transliteration-folded."""
    if name is None:
        return ""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = NOISE.sub(" ", text).translate(CYRILLIC)
    text = re.sub(r"[^a-z0-9]", "", unidecode(text).casefold())
    for pattern, replacement in FOLDS:
        text = pattern.sub(replacement, text)
    return text


@cache
def gazetteer() -> pl.DataFrame:
    """Crossing points of the region with country pair, mode, approximate position and source."""
    return pl.read_csv(REFERENCE / "crossing_points.csv", schema_overrides={"lat": pl.Float64, "lon": pl.Float64})


@cache
def blo_registry() -> pl.DataFrame:
    """BLO opening dates — only those a source gives; a BLO named without a date has an empty date."""
    return pl.read_csv(REFERENCE / "blo_registry.csv", schema_overrides={"blo_established": pl.Date})


@cache
def curated_aliases() -> pl.DataFrame:
    """Canonical and Russian names plus the curated alias list, as (alias, crossing_point)."""
    points = gazetteer()
    return pl.concat([
        points.select(alias="crossing_point", crossing_point="crossing_point"),
        points.select(alias="name_ru", crossing_point="crossing_point"),
        pl.read_csv(REFERENCE / "crossing_aliases.csv").select("alias", "crossing_point"),
    ])


def _indexes(extra_aliases: pl.DataFrame | None) -> tuple[dict[str, str], dict[str, str]]:
    """(casefolded alias → point, key → point); reviewed aliases take precedence over curated ones."""
    frames = [curated_aliases()] if extra_aliases is None else [
        extra_aliases.select("alias", "crossing_point"), curated_aliases()]
    exact: dict[str, str] = {}
    keyed: dict[str, str] = {}
    for alias, point in pl.concat(frames).drop_nulls().iter_rows():
        exact.setdefault(alias.strip().casefold(), point)
        if key := crossing_key(alias):
            keyed.setdefault(key, point)
    return exact, keyed


def _ranked(key: str, keyed: dict[str, str], allowed: set[str] | None = None) -> list[tuple[str, float]]:
    """Crossing points by their closest known spelling's rapidfuzz ratio (0–100), best first."""
    choices = [k for k, point in keyed.items() if allowed is None or point in allowed]
    best: dict[str, float] = {}
    for choice, score, _ in process.extract(key, choices, scorer=fuzz.ratio, limit=None) if key else []:
        if score > 0:
            best.setdefault(keyed[choice], float(score))
    return sorted(best.items(), key=lambda item: -item[1])


def _place(name: str | None, exact: dict[str, str], keyed: dict[str, str], allowed: set[str] | None
           ) -> tuple[str | None, str, float]:
    """One name's (crossing point, match method, confidence 0–100)."""
    if name is None or not str(name).strip():
        return None, "empty", 0.0
    if point := exact.get(str(name).strip().casefold()):
        return point, "exact", 100.0
    key = crossing_key(name)
    if point := keyed.get(key):
        return point, "normalised", 100.0
    ranked = _ranked(key, keyed, allowed) + [(None, 0.0), (None, 0.0)]
    (point, score), (_, runner_up) = ranked[:2]
    if len(key) >= MIN_FUZZY_LENGTH and score >= FUZZY_THRESHOLD and score - runner_up >= FUZZY_MARGIN:
        return point, "fuzzy", score
    return None, "unmatched", score


def match_crossings(names: Iterable[str | None], country_hint: str | None = None,
                    extra_aliases: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per distinct name: its canonical crossing point (null when unplaced), how it matched, confidence."""
    exact, keyed = _indexes(extra_aliases)
    allowed = (set(gazetteer().filter(pl.col("country_iso3") == country_hint)["crossing_point"])
               if country_hint else None)
    rows = [(name, *_place(name, exact, keyed, allowed)) for name in dict.fromkeys(names)]
    return pl.DataFrame(rows, schema=MATCH_SCHEMA, orient="row")


def closest_crossings(name: str, among: Iterable[str] | None = None, limit: int = 3) -> list[str]:
    """The canonical crossing points whose known spellings come closest to a name, best first (for suggestions)."""
    _, keyed = _indexes(None)
    return [point for point, _ in _ranked(crossing_key(name), keyed, set(among) if among is not None else None)
            ][:limit]


def review_queue(matches: pl.DataFrame) -> pl.DataFrame:
    """Names for programme staff: unmatched ones to place, fuzzy ones to confirm; they fill `crossing_point`."""
    todo = matches.filter(pl.col("match_method").is_in(["fuzzy", "unmatched"])).unique("name_raw").sort("name_raw")
    _, keyed = _indexes(None)
    best = [(_ranked(crossing_key(name), keyed) or [(None, 0.0)])[0] for name in todo["name_raw"]]
    return todo.select(
        alias="name_raw",
        crossing_point=pl.lit(None, dtype=pl.String),
        match_method="match_method",
        applied=pl.col("crossing_point"),
        best_candidate=pl.Series([b[0] for b in best], dtype=pl.String),
        best_score=pl.Series([b[1] for b in best], dtype=pl.Float64),
    ).sort(pl.col("match_method") != "unmatched", "alias")


def load_reviewed_aliases(path: Path) -> pl.DataFrame:
    """Staff answers (`alias,crossing_point`, blanks skipped), each crossing point checked against the gazetteer."""
    frame = pl.read_csv(path, infer_schema=False)
    if missing := {"alias", "crossing_point"} - set(frame.columns):
        raise ValueError(f"{Path(path).name}: missing column(s) {', '.join(sorted(missing))}")
    frame = (frame.with_row_index("line", offset=2)
             .with_columns(pl.col("alias", "crossing_point").str.strip_chars())
             .filter(pl.col("alias").is_not_null() & (pl.col("crossing_point").fill_null("") != "")))
    known = set(gazetteer()["crossing_point"])
    unknown = frame.filter(~pl.col("crossing_point").is_in(known))
    if unknown.height:
        listed = "; ".join(f"line {line}: '{alias}' → '{point}'" for line, alias, point
                           in unknown.select("line", "alias", "crossing_point").iter_rows())
        raise ValueError(f"{Path(path).name}: crossing point(s) not in the gazetteer — {listed}")
    conflicting = frame.group_by("alias").agg(pl.col("crossing_point").n_unique().alias("n")).filter(pl.col("n") > 1)
    if conflicting.height:
        raise ValueError(f"{Path(path).name}: alias(es) given two crossing points — "
                         f"{', '.join(sorted(conflicting['alias']))}")
    return frame.select("alias", "crossing_point")
