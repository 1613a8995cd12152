"""Staff answers to the review queues come back on the next run and stay; unusual masses are flagged."""

import datetime as dt
import math
import statistics

import polars as pl
import pytest

from assets.normalise.parts import with_outliers
from assets.normalise.review import harvest_answers
from assets.shared.crossings import load_reviewed_aliases as load_crossings
from assets.shared.crossings import match_crossings
from assets.shared.substances import load_reviewed_aliases as load_substances


def test_answers_filled_into_the_queue_are_kept_for_later_runs(tmp_path):
    (tmp_path / "crossings_to_review.csv").write_text(
        "alias,crossing_point,match_method\nПост 17,Oybek,unmatched\nMoscow,,unmatched\n", encoding="utf-8")
    answers = harvest_answers(tmp_path, "crossing", load_crossings)
    assert answers.rows() == [("Пост 17", "Oybek")]
    assert match_crossings(["Пост 17"], extra_aliases=answers)["crossing_point"].to_list() == ["Oybek"]
    # the next run rewrites the queue without the answered name; the answer stays
    (tmp_path / "crossings_to_review.csv").write_text("alias,crossing_point,match_method\nMoscow,,unmatched\n",
                                                      encoding="utf-8")
    assert harvest_answers(tmp_path, "crossing", load_crossings).rows() == [("Пост 17", "Oybek")]
    # a corrected answer replaces the earlier one
    (tmp_path / "crossings_to_review.csv").write_text("alias,crossing_point\nПост 17,Ayritom\n", encoding="utf-8")
    assert harvest_answers(tmp_path, "crossing", load_crossings).rows() == [("Пост 17", "Ayritom")]


def test_nothing_to_harvest_and_bad_answers(tmp_path):
    assert harvest_answers(tmp_path, "substance", load_substances) is None
    (tmp_path / "substances_to_review.csv").write_text("alias,substance\nqwerty,unicorn dust\n", encoding="utf-8")
    with pytest.raises(ValueError, match="substances_to_review.csv, line 2.*unicorn dust"):
        harvest_answers(tmp_path, "substance", load_substances)


def test_a_haul_a_thousand_times_the_usual_is_an_outlier():
    masses = [1.0 + 0.1 * (i % 10) for i in range(40)] + [1500.0]
    frame = pl.DataFrame({"substance": ["heroin"] * 41 + ["rare"] * 3, "n_events": [1] * 44,
                          "mass_kg": masses + [1.0, 2.0, 900.0], "period_start": [dt.date(2024, 1, 1)] * 44,
                          "flags": [None] * 40 + ["date guessed"] + [None] * 3})
    scored = with_outliers(frame, 3.5)
    z = scored["quantity_z"]
    logs = [math.log(m) for m in masses]
    centre = statistics.median(logs)
    expected = 0.6745 * (logs[40] - centre) / statistics.median(abs(x - centre) for x in logs)
    assert z[40] == pytest.approx(expected) and z.head(40).abs().max() < 3.5
    assert scored["flags"][40] == f"date guessed; mass unusual for its substance (robust z {expected:.1f})"
    assert scored["flags"].head(40).null_count() == 40
    assert z.tail(3).null_count() == 3  # too few seizures of a substance to judge
