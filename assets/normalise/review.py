"""Programme staff's answers to the review queues: harvested from the edited CSVs and kept for every later run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from warehouse.spreadsheet import neutralised

QUEUES = {  # kind → (queue CSV staff edit, column they fill, file their answers are kept in)
    "substance": ("substances_to_review.csv", "substance", "substances_reviewed.csv"),
    "crossing": ("crossings_to_review.csv", "crossing_point", "crossings_reviewed.csv"),
}
WEIGHED = "r.n_events = 1 AND r.mass_kg > 0"  # a single-event seizure with a mass: what an outlier score rests on
# a record r's score, with its substance's `spread` s (none when the substance has none)
QUANTITY_Z = f"CASE WHEN {WEIGHED} THEN 0.6745 * (ln(r.mass_kg) - s.median) / s.mad END"


def harvest_answers(review_dir: Path, kind: str, loader: Callable[[Path], pl.DataFrame]) -> pl.DataFrame | None:
    """Answers filled into the queue CSV, added to the kept answers (a later answer for an alias wins), all checked.

    Raises ValueError naming the file and line when an answer names a substance or crossing point that doesn't exist.
    """
    queue_name, answer, kept_name = QUEUES[kind]
    queue, kept = review_dir / queue_name, review_dir / kept_name
    frames = [loader(path) for path in (kept, queue) if path.exists()]
    if not frames:
        return None
    answers = pl.concat(frames).unique("alias", keep="last", maintain_order=True)
    if answers.height:
        neutralised(answers.select("alias", answer)).write_csv(kept)
    return answers if answers.height else None


def spread(records: str) -> str:
    """A query of each substance's median log(mass) and its MAD over the weighed records of the relation `records`
    (substance, n_events, mass_kg): the substances a score can be given (20 weighed seizures or more, a MAD above
    0), and how many records have one. A score (QUANTITY_Z) is Iglewicz & Hoaglin's robust z, 0.6745·dev/MAD; an
    outlier's |z| is above the pass's threshold."""
    # DuckDB's mad() (median |x - median|) in the median's pass: 0.42 s for 6M masses, against 0.62 s for a second
    # median over the deviations joined back
    return f"""
    SELECT substance, median(log_mass) AS median, count(*) AS n, mad(log_mass) AS mad
    FROM (SELECT substance, ln(mass_kg) AS log_mass FROM {records} r WHERE {WEIGHED}) GROUP BY substance
    HAVING count(*) >= 20 AND mad(log_mass) > 0"""
