"""One matcher for crossing points and substances: folded keys, aliases, fuzzy guesses, staff answers, review queue."""

import re

import polars as pl
import pytest

from assets.shared import crossings, substances
from assets.shared.matching import Matcher, exact_key, fold

PLACES = Matcher(target="place", key=fold, miss="unmatched", threshold=85.0, margin=5.0, min_length=5)
ALIASES = pl.DataFrame({"alias": ["Fotehobod", "Фотеҳобод", "Bertolum", "Bertolun", "Oybek"],
                        "place": ["Fotehobod", "Fotehobod", "Oybek", "Kulma", "Oybek"]})
QUEUE_COLUMNS = ["match_method", "confidence", "applied", "best_candidate", "best_score"]


def test_transliterations_meet_in_one_key():
    assert len({fold(n) for n in ["Фотеҳобод", "Фотехобод", "Fotekhobod", "FOTEHOBOD"]}) == 1
    assert len({fold(n) for n in ["Учқўрғон", "Uchqoʻrgʻon", "Uchqo'rg'on", "Uchqo‘rg‘on"]}) == 1
    assert fold("феназепам") == fold("Phenazepam") and fold("марихуана") == fold("marixuana")
    assert fold("Gisht-Kuprik") == "gisht kuprik" and fold("Gisht-Kuprik", words=False) == "gishtkuprik"
    assert fold("КПП Ойбек", noise=re.compile(r"\bкпп\b")) == fold("Oybek")
    assert fold(None) == fold("") == "" and exact_key("  Oybek   BCP ") == "oybek bcp"


def test_exact_then_folded_then_a_clear_guess():
    index = PLACES.index(ALIASES)
    assert index.place("FOTEHOBOD") == ("Fotehobod", "exact", 100.0)
    assert index.place("Fotekhobod") == ("Fotehobod", "normalised", 100.0)
    assert index.place("Fotehobd") == ("Fotehobod", "fuzzy", pytest.approx(94.1, abs=0.1))
    assert index.place("Fotehobd", among={"Oybek"})[:2] == (None, "unmatched")  # the guess must lie within `among`
    assert index.place("Bertolup")[:2] == (None, "unmatched")  # as close to Oybek as to Kulma: staff decide
    assert index.place("Oybk")[:2] == (None, "unmatched")  # too short to guess
    assert index.place("  ") == (None, "empty", 0.0)


def test_staff_answers_win_over_curated_aliases():
    answers = pl.DataFrame({"alias": ["Bertolum", "Пост 17"], "place": ["Kulma", "Oybek"]})
    index = PLACES.index(ALIASES, answers)
    assert index.place("Bertolum")[0] == "Kulma" and index.place("пост 17") == ("Oybek", "exact", 100.0)


def test_each_kind_keeps_the_miss_word_the_warehouse_shows():
    assert crossings.match_crossings(["Moscow"])["match_method"].to_list() == ["unmatched"]
    assert substances.match_substances(["qwerty"])["match_method"].to_list() == ["unmapped"]


def test_both_review_queues_have_one_shape():
    crossing = crossings.review_queue(crossings.match_crossings(["Fotehobd", "Moscow"]))
    substance = substances.review_queue(substances.match_substances(["Phenazepan", "qwerty"]))
    assert crossing.columns == ["alias", "crossing_point", *QUEUE_COLUMNS]
    assert substance.columns == ["alias", "substance", *QUEUE_COLUMNS]
    assert crossing.select("alias", "applied").rows() == [("Moscow", None), ("Fotehobd", "Fotehobod")]
    assert substance.select("alias", "applied").rows() == [("qwerty", None), ("Phenazepan", "phenazepam")]


def test_a_name_queued_twice_is_listed_once_as_still_to_place():
    matches = pl.DataFrame({"name_raw": ["Fotehobd", "Fotehobd"], "crossing_point": ["Fotehobod", None],
                            "match_method": ["fuzzy", "unmatched"], "confidence": [94.1, 94.1]})
    assert crossings.review_queue(matches).select("alias", "match_method").rows() == [("Fotehobd", "unmatched")]


def test_staff_answers_follow_one_rule_for_both_kinds(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("alias,place,match_method\nПост 17,oybek,unmatched\nMoscow,,unmatched\n", encoding="utf-8")
    assert PLACES.load_answers(path, ["Oybek"], "the list").rows() == [("Пост 17", "Oybek")]  # blank: not yet
    for text, error in [
        ("alias,place\n,Oybek\n", "line 2: 'Oybek' given without an alias"),
        ("alias,place\nA,Atlantis\nB,Oybek\nC,Mu\n", "line 2: 'A' → 'Atlantis'; line 4: 'C' → 'Mu': not in the list"),
        ("alias,place\nA,Oybek\nA,Kulma\n", "alias(es) given two different answers — A"),
        ("name,place\nA,Oybek\n", "missing column(s) alias; expected alias,place"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=re.escape(error)):
            PLACES.load_answers(path, ["Oybek", "Kulma"], "the list")
