"""Substance names agencies and data sources use, placed on the taxonomy, or kept unmapped for staff review."""

import json
from pathlib import Path

import polars as pl
import pytest

from assets.shared.substances import (
    alias_table,
    load_reviewed_aliases,
    match_substances,
    name_key,
    review_queue,
    substance_table,
)
from warehouse.reference import FOLDER

DATA = Path(__file__).parents[1] / "data"
UNODC_ROWS = json.loads((DATA / "real" / "unodc" / "Drug_seizures_2018_2022.json").read_text(encoding="utf-8"))
CBP_TYPES = set(pl.read_csv(DATA / "real" / "cbp" / "cbp_drug_seizures_fy22_25.csv", infer_schema=False)["Drug Type"])
CONTRABAND_GROUPS = {"Tobacco", "Ammunition and weapons", "Currency", "Other goods"}
SHARED_LIST = {
    "heroin": ["героин", "Героин", "heroin", "Heroin", "geroin", "ҳероин"],
    "opium": ["опий", "опиум", "Opium", "afyun"],
    "hashish": ["гашиш", "Hashish", "gashish", "чарс", "charas"],
    "cannabis herb": ["марихуана", "Marijuana", "cannabis herb", "каннабис", "нашаи марихуана"],
    "methamphetamine": ["метамфетамин", "Methamphetamine", "crystal meth", "мет"],
    "tramadol": ["трамадол", "Tramadol", "tramadol"],
    "phenazepam": ["феназепам", "Phenazepam", "fenazepam"],
    "baclofen": ["баклосан", "Baclosan", "baclofen"],
    "zopiclone": ["Sonlife-Zopiclone", "зопиклон", "Zopiclone"],
    "pregabalin": ["Лирика", "Lyrica", "прегабалин", "pregabalin"],
    "nasvay": ["насвай", "nasvay", "nasvoy", "нос"],
    "cigarettes": ["сигареты", "cigarettes", "sigaret"],
    "ammunition": ["патроны", "ammunition", "пули для пневматического оружия", "pneumatic pellets", "o'q-dori"],
    "currency": ["валюта (USD)", "undeclared currency"],
    "acetic anhydride": ["уксусный ангидрид", "acetic anhydride"],
    "acetone": ["ацетон", "acetone"],
    "sulphuric acid": ["серная кислота", "sulphuric acid"],
}


def _published_groups() -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for row in UNODC_ROWS:
        groups.setdefault(row["Drug"], set()).add(row["Drug group"])
    return groups


def test_every_unodc_and_cbp_name_maps_exactly_to_a_grouped_substance():
    published = _published_groups()
    assert (len(published), len(CBP_TYPES)) == (162, 10)
    names = sorted(set(published) | CBP_TYPES)
    matched = match_substances(names)
    assert matched["name_raw"].to_list() == names
    assert set(matched["match_method"]) == {"exact"}
    assert matched["also_named"].null_count() == len(names)
    groups = dict(matched.select("name_raw", "substance_group").iter_rows())
    # Zopiclone is the one documented re-placement (UNODC's file lists it under Classic Hallucinogens).
    misplaced = {n for n, g in published.items() if groups[n] not in g and n != "Zopiclone"}
    assert misplaced == set()
    assert groups["Zopiclone"] == "Tranquillizers and Sedatives"


def test_drug_groups_are_unodc_nine_and_the_rest_contraband():
    unodc_groups = {row["Drug group"] for row in UNODC_ROWS}
    table = substance_table()
    assert len(unodc_groups) == 9
    assert set(table.filter(pl.col("category") != "contraband")["substance_group"]) == unodc_groups
    assert set(table.filter(pl.col("category") == "contraband")["substance_group"]) == CONTRABAND_GROUPS
    assert set(table["category"]) == {"drug", "precursor", "contraband"}
    assert table["substance"].is_duplicated().sum() == 0
    assert (table["substance"] == table["substance"].str.to_lowercase()).all()


def test_reported_totals_are_flagged_and_nothing_else_is():
    totals = {r["Drug"] for r in UNODC_ROWS if r["DrugSubGroup"].startswith("Reported total")
              or r["Drug"].lower().startswith("total") or "total of the above" in r["Drug"].lower()}
    flagged = set(substance_table().filter(pl.col("is_reported_total"))["substance"])
    matched = match_substances(sorted(_published_groups()))
    by_flag = matched.with_columns(total=pl.col("substance").is_in(list(flagged)))
    assert set(by_flag.filter(pl.col("total"))["name_raw"]) == totals
    assert len(totals) == 6


@pytest.mark.parametrize(("name", "substance"), [(n, s) for s, names in SHARED_LIST.items() for n in names])
def test_shared_list_names(name, substance):
    assert match_substances([name])["substance"].to_list() == [substance]


@pytest.mark.parametrize(("substance", "group"), [
    ("tramadol", "Opioids and Opiates"), ("phenazepam", "Tranquillizers and Sedatives"),
    ("baclofen", "Tranquillizers and Sedatives"), ("pregabalin", "Tranquillizers and Sedatives"),
    ("heroin", "Opioids and Opiates"), ("hashish", "Cannabis and Synthetic Cannabinoids"), ("nasvay", "Tobacco"),
    ("ammunition", "Ammunition and weapons"), ("currency", "Currency"), ("acetic anhydride", "Miscellaneous"),
])
def test_groups_of_substances_seized_in_central_asia(substance, group):
    assert match_substances([substance])["substance_group"].to_list() == [group]


@pytest.mark.parametrize(("name", "substance", "method"), [
    ("НАРКОТИЧЕСКОЕ СРЕДСТВО ГЕРОИН", "heroin", "normalised"), ("таблетки трамадол", "tramadol", "normalised"),
    ("Sonlife-Zopiclone 7.5 mg", "zopiclone", "normalised"), ("o‘q-dori", "ammunition", "normalised"),
    ("«Героин»", "heroin", "normalised"), ("nasvai", "nasvay", "normalised"),
    ("Трамадол 100 мг", "tramadol", "normalised"),
    ("героинн", "heroin", "normalised"), ("Phenazepan", "phenazepam", "fuzzy"), ("трамодол", "tramadol", "fuzzy"),
    ("Baclosen", "baclofen", "fuzzy"),
])
def test_normalised_and_fuzzy_spellings(name, substance, method):
    matched = match_substances([name])
    assert (matched["substance"][0], matched["match_method"][0]) == (substance, method)
    assert 85.0 <= matched["confidence"][0] <= 100.0


@pytest.mark.parametrize("name", ["qwerty", "Ойбек", "abc", "12345", "", None])
def test_junk_stays_unmapped_and_is_kept(name):
    matched = match_substances([name])
    assert matched.row(0) == (name, "unmapped", "unmapped", "unmapped", 0.0, None, None)


def test_several_substances_go_to_the_first_named_that_matches():
    matched = match_substances(["Phenazepam and Baclosan", "феназепам и баклосан", "героин, гашиш",
                                "qwerty и героин", "героин и героин", "Heroin + hashish + opium"])
    assert matched["substance"].to_list() == ["phenazepam", "phenazepam", "heroin", "heroin", "heroin", "heroin"]
    assert matched["also_named"].to_list() == ["baclofen", "baclofen", "hashish", None, None, "hashish; opium"]


def test_one_row_per_distinct_name_in_first_seen_order():
    matched = match_substances(["гашиш", "героин", "гашиш", None, None])
    assert matched["name_raw"].to_list() == ["гашиш", "героин", None]


def test_no_alias_or_normalised_key_points_to_two_substances():
    aliases = alias_table().with_columns(
        exact=pl.col("alias").str.to_lowercase().str.strip_chars(),
        key=pl.col("alias").map_elements(name_key, return_dtype=pl.String))
    for column in ("exact", "key"):
        clashes = aliases.group_by(column).agg(pl.col("substance").n_unique()).filter(pl.col("substance") > 1)
        assert clashes.is_empty(), clashes
    assert set(aliases["substance"]) <= set(substance_table()["substance"])


def test_review_queue_lists_what_staff_must_place_or_confirm():
    matched = match_substances(["героин", "Phenazepan", "qwerty", None, ""])
    queue = review_queue(matched)
    assert queue["alias"].to_list() == ["qwerty", "Phenazepan"]
    assert queue["substance"].to_list() == [None, None]
    assert queue["applied"].to_list() == [None, "phenazepam"]
    assert queue["best_candidate"][1] == "phenazepam" and queue["best_score"][0] < 85.0


def test_reviewed_aliases_round_trip(tmp_path):
    queue = review_queue(match_substances(["qwerty", "чилим", "Phenazepan"]))
    filled = queue.with_columns(substance=pl.when(pl.col("alias") == "чилим").then(pl.lit("Tobacco"))
                                .otherwise("applied"))
    path = tmp_path / "reviewed.csv"
    filled.write_csv(path)
    reviewed = load_reviewed_aliases(path)
    assert sorted(reviewed.rows()) == [("Phenazepan", "phenazepam"), ("чилим", "tobacco")]
    matched = match_substances(["чилим", "qwerty"], extra_aliases=reviewed)
    assert matched.select("substance", "match_method").rows() == [("tobacco", "exact"), ("unmapped", "unmapped")]


def test_reviewed_aliases_must_name_known_substances(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,substance\nчилим,tobacco\nqwerty,unicorn dust\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3.*qwerty.*unicorn dust"):
        load_reviewed_aliases(bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,substance\nqwerty,heroin\n", encoding="utf-8")
    with pytest.raises(ValueError, match="alias"):
        load_reviewed_aliases(wrong)


@pytest.mark.parametrize("csv", ["substances.csv", "substance_aliases.csv", "unit_factors.csv", "currencies.csv"])
def test_every_reference_row_has_a_source(csv):
    frame = pl.read_csv(FOLDER / csv, infer_schema=False)
    assert frame.height > 0
    assert frame["source"].str.strip_chars().str.len_chars().fill_null(0).min() > 10
