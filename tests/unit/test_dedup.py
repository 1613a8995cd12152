"""Cross-agency de-duplication: one seizure reported twice is counted once, near-misses stay two seizures."""

import datetime as dt
import random

import polars as pl
import pytest

from assets.normalise.dedup import DedupRule, assign_seizures, candidate_pairs

DAY = dt.date(2024, 3, 7)
DEFAULT = DedupRule()
SCHEMA = {"record_id": pl.String, "agency": pl.String, "crossing_point": pl.String, "substance": pl.String,
          "period_start": pl.Date, "period_end": pl.Date, "n_events": pl.Int64, "mass_kg": pl.Float64,
          "unit_count": pl.Float64, "count_unit": pl.String}


def record(record_id, agency, day=0, mass=None, count=None, unit=None, crossing="Oybek", substance="Hashish",
           n_events=1, days_long=0):
    """One seizure record as the normaliser hands it over (quantities already converted to kg / units)."""
    start = DAY + dt.timedelta(days=day)
    return {"record_id": record_id, "agency": agency, "crossing_point": crossing, "substance": substance,
            "period_start": start, "period_end": start + dt.timedelta(days=days_long), "n_events": n_events,
            "mass_kg": mass, "unit_count": count, "count_unit": unit}


def seizures(*rows, rule=DEFAULT):
    return dict(assign_seizures(pl.DataFrame(list(rows), schema=SCHEMA), rule).select("record_id", "seizure_id")
                .iter_rows())


def test_the_same_seizure_from_two_agencies_becomes_one():
    frame = pl.DataFrame([record("r1", "Customs", 0, 71.11), record("r2", "Border guards", 1, 71.11),
                          record("r3", "Customs", 0, 3.0)], schema=SCHEMA)
    out = assign_seizures(frame)
    assert out["record_id"].to_list() == ["r1", "r2", "r3"]
    assert out["seizure_id"].to_list() == ["r1", "r1", "r3"]
    assert out["is_primary"].to_list() == [True, False, True]
    assert out["merge_reason"][2] is None
    assert "2 agencies (Border guards, Customs)" in out["merge_reason"][0]
    assert out["merge_reason"][0] == out["merge_reason"][1]


def test_grams_and_kilograms_written_differently_merge():
    # "1,981 г" from customs and "2 kg" from the border guards: 1 % apart once both are in kg
    assert seizures(record("a", "Customs", 0, 1.981), record("b", "Border guards", 0, 2.0)) == {"a": "a", "b": "a"}
    # a few grams: the absolute tolerance (5 g) decides, not the relative one
    assert seizures(record("a", "Customs", 0, 0.003), record("b", "Police", 0, 0.007)) == {"a": "a", "b": "a"}
    # tablets counted by both, one of them also weighing the haul
    assert seizures(record("a", "Customs", 0, None, 238_000, "tablet"),
                    record("b", "Police", 2, 1.2, 238_000, "tablet")) == {"a": "a", "b": "a"}


@pytest.mark.parametrize("other", [
    record("b", "Border guards", 5, 2.0),                                  # 5 days apart
    record("b", "Border guards", 0, 2.4),                                  # 20 % more
    record("b", "Customs", 0, 2.0),                                        # same agency twice
    record("b", "Border guards", 0, 2.0, crossing="Ayritom"),             # another crossing point
    record("b", "Border guards", 0, 2.0, substance="Heroin"),             # another substance
    record("b", "Border guards", 0, 2.0, n_events=4),                     # an aggregate row
    record("b", "Border guards", 0, 2.0, days_long=30),                   # a monthly total of one event
    record("b", "Border guards", 0),                                       # no quantity
    record("b", "Border guards", 0, 0.0),                                  # zero is no quantity
    record("b", "Border guards", 0, 2.0, crossing=None),                  # crossing point unknown
    record("b", "Border guards", 0, 2.0, substance="unmapped"),           # substance unknown
    record("b", None, 0, 2.0),                                             # agency unknown
], ids=["5-days", "20-percent", "same-agency", "crossing", "substance", "aggregate", "month", "no-quantity",
        "zero", "no-crossing", "unmapped", "no-agency"])
def test_near_misses_stay_apart(other):
    assert seizures(record("a", "Customs", 0, 2.0), other) == {"a": "a", "b": "b"}


def test_counts_merge_only_in_the_same_unit_and_a_mass_conflict_wins_over_equal_counts():
    assert seizures(record("a", "Customs", 0, None, 130, "box"),
                    record("b", "Police", 0, None, 130, "pack")) == {"a": "a", "b": "b"}
    assert seizures(record("a", "Customs", 0, 5.0, 130, "box"),
                    record("b", "Police", 0, 9.0, 130, "box")) == {"a": "a", "b": "b"}


def test_the_window_is_a_rule_parameter():
    pair = (record("a", "Customs", 0, 2.0), record("b", "Police", 4, 2.0))
    assert seizures(*pair) == {"a": "a", "b": "b"}
    assert seizures(*pair, rule=DedupRule(window_days=5)) == {"a": "a", "b": "a"}
    assert seizures(record("a", "Customs", 0, 2.0), record("b", "Police", 0, 2.3),
                    rule=DedupRule(rel_tolerance=0.2)) == {"a": "a", "b": "a"}


def test_three_agencies_report_one_seizure():
    out = seizures(record("k3", "Police", 2, None, 238_000, "tablet", "Kudukli", "Zopiclone"),
                   record("k1", "Customs", 0, None, 238_000, "tablet", "Kudukli", "Zopiclone"),
                   record("k2", "Border guards", 1, None, 237_000, "tablet", "Kudukli", "Zopiclone"))
    assert out == {"k1": "k1", "k2": "k1", "k3": "k1"}


def test_a_seizure_takes_one_record_per_agency_paired_by_closest_date_then_quantity():
    out = seizures(record("a", "Customs", 0, 2.0), record("b", "Customs", 2, 2.0),
                   record("c", "Border guards", 2, 2.0), record("d", "Police", 0, 2.0),
                   record("e", "Police", 0, 2.05))
    # c is closest to b (same day); d and e are equally close in time to a, d's quantity is closer
    assert out == {"a": "a", "b": "b", "c": "b", "d": "a", "e": "b"}


def test_reports_do_not_chain_beyond_the_window():
    out = seizures(record("a", "Customs", 0, 2.0), record("b", "Border guards", 3, 2.0), record("c", "Police", 6, 2.0))
    assert out == {"a": "a", "b": "a", "c": "c"}


def test_no_records_no_seizures():
    out = assign_seizures(pl.DataFrame([], schema=SCHEMA))
    assert out.is_empty() and out.columns == ["record_id", "seizure_id", "is_primary", "merge_reason"]


def test_result_does_not_depend_on_input_order():
    rows = [record(f"r{i:02d}", agency, day, mass) for i, (agency, day, mass) in enumerate([
        ("Customs", 0, 1.0), ("Border guards", 1, 1.0), ("Customs", 2, 1.0), ("Police", 1, 1.02),
        ("Police", 3, 1.0), ("Border guards", 3, 0.99), ("Drug control", 2, 1.01)])]
    expected = seizures(*rows)
    shuffler = random.Random(7)
    for _ in range(10):
        shuffler.shuffle(rows)
        assert seizures(*rows) == expected
    assert len(set(expected.values())) < len(rows)


def test_candidate_pairs_are_ordered_closest_first():
    frame = pl.DataFrame([record("a", "Customs", 0, 2.0), record("b", "Police", 3, 2.0),
                          record("c", "Border guards", 0, 2.08)], schema=SCHEMA)
    pairs = candidate_pairs(frame)
    assert pairs.select("a", "b").rows() == [("a", "c"), ("a", "b"), ("b", "c")]
    assert pairs["days"].to_list() == [0, 3, 3]


def test_many_records_merge_exactly_the_planted_duplicates():
    shuffler = random.Random(3)
    rows, planted = [], {}
    for i in range(20_000):
        crossing, day, mass = f"cp{i % 40}", (i // 40) * 9, round(shuffler.uniform(0.1, 50), 3)
        rows.append(record(f"x{i:06d}", "Customs", day, mass, crossing=crossing))
        if i % 3 == 0:
            rows.append(record(f"y{i:06d}", "Border guards", day + shuffler.randint(-3, 3), mass * 1.01,
                               crossing=crossing))
            planted[f"y{i:06d}"] = f"x{i:06d}"
    out = seizures(*rows)
    assert {k: v for k, v in out.items() if k != v} == planted


def _extended(*rows):
    extra = {"package_count": pl.Float64, "package_unit": pl.String, "value_local": pl.Float64,
             "currency": pl.String}
    return pl.DataFrame([{**{k: None for k in extra}, **r} for r in rows], schema={**SCHEMA, **extra})


@pytest.mark.parametrize(("a", "b", "merged"), [
    # "37 шт" from customs, 37 tablets from the border guards: pieces compare with any counted unit
    ({"unit_count": 37, "count_unit": "piece"}, {"unit_count": 37, "count_unit": "tablet"}, True),
    # "301 коробок (6 020 таблеток по 7,5 мг)" against 301 boxes
    ({"unit_count": 6020, "count_unit": "tablet", "package_count": 301, "package_unit": "box"},
     {"unit_count": 301, "count_unit": "box"}, True),
    # seized cash: the same sum in one currency
    ({"value_local": 20_700, "currency": "USD"}, {"value_local": 20_700, "currency": "USD"}, True),
    # near-misses that must stay apart
    ({"unit_count": 37, "count_unit": "tablet"}, {"unit_count": 37, "count_unit": "capsule"}, False),
    ({"unit_count": 301, "count_unit": "box"}, {"unit_count": 392, "count_unit": "box"}, False),
    ({"value_local": 20_700, "currency": "USD"}, {"value_local": 20_700, "currency": "EUR"}, False),
    ({"value_local": 20_700, "currency": "USD"}, {"value_local": 14_500, "currency": "USD"}, False),
])
def test_counts_in_compatible_units_and_cash_in_one_currency(a, b, merged):
    first = {**record("a", "Customs", 0, substance="baclofen"), **a}
    second = {**record("b", "Border guards", 1, substance="baclofen"), **b}
    out = assign_seizures(_extended(first, second))
    assert (out["seizure_id"].n_unique() == 1) is merged
