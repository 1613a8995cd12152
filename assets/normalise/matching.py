"""Name matching shared by substances and crossing points: exact → normalised → fuzzy, over an alias table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import polars as pl
from rapidfuzz import fuzz, process, utils
from unidecode import unidecode

# Tajik and Uzbek letters unidecode folds poorly, and transliteration variants folded to one spelling.
LETTERS = {"ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "қ": "q", "ғ": "g", "ў": "o", "х": "kh", "ё": "yo"}
FOLDS = [("kh", "h"), ("yo", "o"), ("io", "o"), ("ya", "a"), ("ia", "a"), ("iy", "i"), ("dj", "j"), ("dzh", "j"),
         ("zh", "j"), ("oi", "oy"), ("ou", "u"), ("q", "k"), ("w", "v"), ("'", ""), ("ts", "c")]


def fold(text: str | None, noise: re.Pattern[str] | None = None) -> str:
    """A name reduced to a script-free, punctuation-free, transliteration-folded key."""
    if not text:
        return ""
    text = text.casefold().replace("ʻ", "'").replace("ʼ", "'").replace("’", "'").replace("‘", "'")
    if noise is not None:
        text = noise.sub(" ", text)
    text = "".join(LETTERS.get(ch, ch) for ch in text)
    text = unidecode(text).casefold()
    text = re.sub(r"[^a-z0-9']+", " ", text).strip()
    for old, new in FOLDS:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)  # doubled letters: Yallama / Yalama
    return re.sub(r"\s+", " ", text).strip()


def match_names(names: Iterable[str | None], aliases: pl.DataFrame, target: str, threshold: float,
                key: Callable[[str | None], str], candidates: Callable[[str], list[str]] | None = None
                ) -> pl.DataFrame:
    """One row per distinct name: the `target` it matches, how (exact|normalised|fuzzy|unmatched), and confidence."""
    exact = {a.casefold().strip(): t for a, t in aliases.select("alias", target).iter_rows()}
    folded = {key(a): t for a, t in aliases.select("alias", target).iter_rows() if key(a)}
    rows = []
    for name in dict.fromkeys(names):
        if name is None or not str(name).strip():
            rows.append((name, None, "empty", 0.0))
            continue
        text = str(name)
        if (hit := exact.get(text.casefold().strip())) is not None:
            rows.append((name, hit, "exact", 100.0))
            continue
        folded_name = key(text)
        if (hit := folded.get(folded_name)) is not None:
            rows.append((name, hit, "normalised", 100.0))
            continue
        pool = {k: t for k, t in folded.items() if candidates is None or t in candidates(text)}
        best = process.extractOne(folded_name, list(pool), scorer=fuzz.ratio, processor=utils.default_process)
        if best and best[1] >= threshold:
            rows.append((name, pool[best[0]], "fuzzy", float(best[1])))
        else:
            rows.append((name, None, "unmatched", float(best[1]) if best else 0.0))
    return pl.DataFrame(rows, schema={"name_raw": pl.String, target: pl.String, "match_method": pl.String,
                                      "confidence": pl.Float64}, orient="row")
