"""Written names placed on canonical ones, for crossing points and substances alike.

Per name: exact alias (case and spacing ignored) → folded key (`fold`: script, punctuation and transliteration
differences removed) → rapidfuzz `ratio` on the keys, the best canonical name at least `threshold` and ahead of the
next one → else the kind's `miss` word, and programme staff place it through the review queue. Staff answers
(`load_answers`) are aliases that win over the curated ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process
from unidecode import unidecode

from warehouse.spreadsheet import restored

EXACT, NORMALISED, FUZZY, EMPTY = "exact", "normalised", "fuzzy", "empty"
Hit = tuple[str | None, str, float]  # (canonical name, match method, confidence 0–100)

APOSTROPHES = str.maketrans(dict.fromkeys("ʻʼ‘’`´", "'"))
# Letters transliterated by hand so Russian, Tajik, Uzbek, Kazakh and Turkmen spellings meet the usual Latin ones;
# unidecode does the rest (it renders e.g. ҳ as "kh'", я as "ia" and ş as "s").
LETTERS = str.maketrans({
    "ё": "yo", "я": "ya", "ю": "yu", "й": "y", "ж": "j", "х": "kh", "ц": "ts", "щ": "sh", "ъ": "", "ь": "",
    "ы": "y", "э": "e", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "қ": "q", "ғ": "g", "ў": "o", "ә": "a", "ө": "o",
    "ү": "u", "ұ": "u", "і": "i", "ң": "n", "һ": "h", "ş": "sh", "ç": "ch", "ž": "zh", "ň": "n",
})
# Latin spellings folded to one form, in this order: kh/x/h (x is Uzbek Latin), dzh/dj/zh/j, gh/g, ph/f, q/k,
# yo/io/e, ia/ya, ai/ay, oi/oy, ou/u, intervocalic y (Konysbayev/Konysbaev); doubled letters (Yallama/Yalama).
FOLDS = [(re.compile(p), r) for p, r in [
    ("kh|x", "h"), ("dzh|dj|zh", "j"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("yo|io", "e"), ("ia", "ya"),
    ("ai", "ay"), ("oi", "oy"), ("ou", "u"), ("(?<=[aeiou])y(?=[aeiou])", ""), (r"([a-z])\1+", r"\1"),
]]


def fold(text: str | None, noise: re.Pattern[str] | None = None, words: bool = True) -> str:
    """A name as a script-free, punctuation-free key where transliterations meet; `noise` (words naming the kind of
    thing, not which one) dropped first, word breaks kept unless `words` is False."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(APOSTROPHES)
    if noise is not None:
        text = noise.sub(" ", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", unidecode(text.translate(LETTERS)).casefold().replace("'", ""))
    if not words:
        text = text.replace(" ", "")
    for pattern, replacement in FOLDS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def exact_key(text: str) -> str:
    """A name as written, but for case and spacing."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Matcher:
    """How one kind of name is placed: on which column, by which key, how close a guess must be, and the word for
    a name left to staff (a value the warehouse shows)."""

    target: str
    key: Callable[[str | None], str]
    miss: str
    threshold: float
    margin: float = 0.0  # how far the best canonical name must lead the next one (always strictly)
    min_length: int = 0  # shorter keys are too ambiguous to guess
    trim: Callable[[str], str] | None = None  # a key without words that say nothing of which one, for the guess

    def index(self, aliases: pl.DataFrame, answers: pl.DataFrame | None = None) -> AliasIndex:
        """Known spellings → canonical names; staff answers come first, so they win over curated aliases."""
        frames = [f.select(pl.col("alias", self.target).cast(pl.String)) for f in (answers, aliases) if f is not None]
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for alias, target in pl.concat(frames).drop_nulls().iter_rows():
            exact.setdefault(exact_key(alias), target)
            if key := self.key(alias):
                folded.setdefault(key, target)
        return AliasIndex(self, exact, folded)

    def load_answers(self, path: Path, known: Iterable[str], where: str) -> pl.DataFrame:
        """Staff answers (`alias` and the target column; a blank answer is not reviewed yet), each naming a `known`
        canonical name in any case; raises ValueError naming the file and line of an answer that doesn't."""
        path = Path(path)
        frame = pl.read_csv(path, infer_schema=False)
        if missing := {"alias", self.target} - set(frame.columns):
            raise ValueError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}; "
                             f"expected alias,{self.target}")
        frame = frame.with_columns(restored(pl.col("alias")))  # as the review file had it before it was guarded
        canonical = {name.casefold(): name for name in known}
        rows, unknown = [], []
        for line, (alias, answer) in enumerate(frame.select("alias", self.target).iter_rows(), start=2):
            alias, answer = (alias or "").strip(), (answer or "").strip()
            if not answer:
                continue
            if not alias:
                raise ValueError(f"{path.name}, line {line}: '{answer}' given without an alias")
            if answer.casefold() in canonical:
                rows.append((alias, canonical[answer.casefold()]))
            else:
                unknown.append(f"line {line}: '{alias}' → '{answer}'")
        if unknown:
            raise ValueError(f"{path.name}, {'; '.join(unknown)}: not in {where}")
        answers = pl.DataFrame(rows, schema={"alias": pl.String, self.target: pl.String}, orient="row")
        torn = answers.group_by("alias").agg(pl.col(self.target).n_unique()).filter(pl.col(self.target) > 1)
        if torn.height:
            raise ValueError(f"{path.name}: alias(es) given two different answers — {', '.join(sorted(torn['alias']))}")
        return answers


@dataclass(frozen=True)
class AliasIndex:
    """The known spellings of one kind of name, by exact and by folded key."""

    matcher: Matcher
    exact: dict[str, str]
    folded: dict[str, str]

    def _guess_key(self, text: str) -> str:
        key = self.matcher.key(text)
        return self.matcher.trim(key) if self.matcher.trim else key

    def direct(self, text: str) -> Hit | None:
        """The canonical name a spelling is known as, exactly or by its key (trimmed or not)."""
        if hit := self.exact.get(exact_key(text)):
            return hit, EXACT, 100.0
        hit = self.folded.get(self.matcher.key(text)) or self.folded.get(self._guess_key(text))
        return (hit, NORMALISED, 100.0) if hit else None

    def ranked(self, text: str, among: set[str] | None = None) -> list[tuple[str, float]]:
        """Canonical names (within `among`) by their closest known spelling's ratio to the name, best first."""
        key = self._guess_key(text)
        choices = [k for k, target in self.folded.items() if among is None or target in among]
        best: dict[str, float] = {}
        for choice, score, _ in process.extract(key, choices, scorer=fuzz.ratio, limit=None) if key else []:
            if score > 0:
                best.setdefault(self.folded[choice], float(score))
        return sorted(best.items(), key=lambda item: -item[1])

    def guess(self, text: str, among: set[str] | None = None) -> Hit:
        """The canonical name a close spelling guesses, else the miss with its best score (too far, too short or
        not clearly ahead of the next canonical name)."""
        (target, score), (_, runner_up) = (self.ranked(text, among) + [(None, 0.0), (None, 0.0)])[:2]
        rules = self.matcher
        if (len(self._guess_key(text)) >= rules.min_length and score >= rules.threshold
                and score > runner_up and score - runner_up >= rules.margin):
            return target, FUZZY, score
        return None, rules.miss, score

    def fuzzy(self, text: str, among: set[str] | None = None) -> Hit | None:
        """The canonical name a close spelling guesses, or None."""
        hit = self.guess(text, among)
        return hit if hit[1] == FUZZY else None

    def place(self, name: str | None, among: set[str] | None = None) -> Hit:
        """A name's canonical name, match method and confidence (`among`: the canonical names a guess may give)."""
        if name is None or not str(name).strip():
            return None, EMPTY, 0.0
        return self.direct(str(name)) or self.guess(str(name), among)

    def review_queue(self, matches: pl.DataFrame) -> pl.DataFrame:
        """Names for programme staff, one row each: misses to place first, then fuzzy guesses (`applied` meanwhile)
        to confirm; staff fill the target column, `best_candidate` suggests."""
        target, miss = self.matcher.target, self.matcher.miss
        queued = pl.col("match_method").is_in([FUZZY, miss]) & (pl.col("name_raw").str.strip_chars() != "")
        todo = (matches.filter(queued).sort("name_raw", pl.col("match_method") != miss)
                .unique("name_raw", keep="first", maintain_order=True))
        best = [(self.ranked(name) or [(None, 0.0)])[0] for name in todo.get_column("name_raw")]
        return todo.select(
            alias="name_raw", **{target: pl.lit(None, dtype=pl.String)},
            match_method="match_method", confidence="confidence",
            applied=pl.when(pl.col("match_method") == FUZZY).then(target),
            best_candidate=pl.Series([b[0] for b in best], dtype=pl.String),
            best_score=pl.Series([b[1] for b in best], dtype=pl.Float64),
        ).sort(pl.col("match_method") != miss, "alias")
