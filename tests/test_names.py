"""Substance and crossing-point names agencies use, placed on the reference tables (or sent to review)."""

import json
from pathlib import Path

import polars as pl
import pytest

from assets.normalise.crossings import blo_registry, gazetteer, load_reviewed_aliases, match_crossings
from assets.normalise.substances import match_substances, review_queue, substance_table

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
SPELLINGS = {
    "Ойбек": "Oybek", "Oibek": "Oybek", "Ойбек КПП": "Oybek", "Oybek BCP": "Oybek", "Фотехобод": "Fotehobod",
    "Фотеҳобод": "Fotehobod", "Fotekhobod": "Fotehobod", "Fotehabad": "Fotehobod", "Бекабад": "Bekabad",
    "Bekobod": "Bekabad", "Сариасия": "Sariosiyo", "Sariasiya": "Sariosiyo", "Сариосиё": "Sariosiyo",
    "Айритом": "Ayritom", "Airitom": "Ayritom", "Кудукли": "Kudukli", "Kudukli railway station": "Kudukli",
    "ж/д Кудукли": "Kudukli", "Пахтаабад": "Pakhtaobod", "Дустлик": "Dustlik", "Do'stlik": "Dustlik",
    "Достук": "Dostuk", "Турсунзаде": "Tursunzoda", "Панҷи Поён": "Panji Poyon", "Нижний Пяндж": "Panji Poyon",
    "Ishkoshim": "Ishkashim", "Б. Конысбаев": "B. Konysbaev", "B.Konysbayev": "B. Konysbaev", "Korday": "Kordai",
    "Ak Jol": "Ak-Jol", "Karamik": "Karamyk", "Гулистан": "Guliston", "Farab": "Farap", "Алат": "Olot",
    "Imam-Nazar": "Imam Nazar", "Кушка": "Serhetabat", "Галаба": "Galaba", "Яллама": "Yallama",
    "Gisht Kuprik": "Gisht-Kuprik", "Uchqo'rg'on": "Uchkurgan", "Кара-Суу": "Kara-Suu", "Иркештам": "Irkeshtam",
    "Sarakhs": "Sarahs", "таможенный пост Айритом": "Ayritom", "OYBEK": "Oybek", "Oybekk": "Oybek",
}


@pytest.mark.parametrize(("spelling", "canonical"), SPELLINGS.items())
def test_crossing_spellings(spelling, canonical):
    assert match_crossings([spelling]).get_column("crossing_point").to_list() == [canonical]


@pytest.mark.parametrize("name", ["Moscow", "Пост 17", "Post Zarya", "КПП Северный", ""])
def test_unknown_crossings_stay_unplaced(name):
    assert match_crossings([name]).get_column("crossing_point").to_list() == [None]


def test_reference_rows_carry_sources_and_registry_dates_are_only_sourced():
    for frame in (gazetteer(), blo_registry(), substance_table()):
        assert frame.get_column("source").str.len_chars().min() > 10
    dated = dict(blo_registry().drop_nulls("blo_established").select("crossing_point", "blo_established")
                 .iter_rows())
    assert {k: str(v) for k, v in dated.items()} == {"Oybek": "2014-05-01", "Pakhtaobod": "2021-05-01",
                                                     "Kudukli": "2021-05-01", "B. Konysbaev": "2021-01-01"}


def test_reviewed_crossing_aliases_are_checked(tmp_path):
    good = tmp_path / "ok.csv"
    good.write_text("alias,crossing_point\nПост 17,Oybek\n", encoding="utf-8")
    assert match_crossings(["Пост 17"], extra_aliases=load_reviewed_aliases(good))["crossing_point"][0] == "Oybek"
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,crossing_point\nПост 17,Atlantis\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Atlantis"):
        load_reviewed_aliases(bad)


def test_every_unodc_and_cbp_name_has_a_group():
    unodc = {r["Drug"] for r in json.loads((REAL / "unodc" / "Drug_seizures_2018_2022.json").read_text())}
    cbp = set(pl.read_csv(REAL / "cbp" / "cbp_drug_seizures_fy22_25.csv", infer_schema=False)["Drug Type"])
    assert (len(unodc), len(cbp)) == (162, 10)
    matched = match_substances(sorted(unodc | cbp))
    assert matched.filter(pl.col("substance") == "unmapped").is_empty()


@pytest.mark.parametrize(("name", "substance"), [
    ("героин", "Heroin"), ("ҳероин", "Heroin"), ("гашиш", "Cannabis resin (hashish)"),
    ("чарс", "Cannabis resin (hashish)"),
    ("ханка", "Opium"), ("насвай", "Nasvay"), ("нос", "Nasvay"), ("Baclosan", "Baclofen"),
    ("Sonlife-Zopiclone", "Zopiclone"), ("Lyrica", "Pregabalin"), ("уксусный ангидрид", "Acetic anhydride"),
    ("серная кислота", "Sulphuric acid"), ("пули для пневматического оружия", "Ammunition"), ("героинн", "Heroin"),
    ("Phenazepan", "Phenazepam"),
])
def test_common_street_and_brand_names(name, substance):
    assert match_substances([name])["substance"][0] == substance


def test_several_substances_go_to_the_first_named_and_junk_to_review():
    matched = match_substances(["Phenazepam and Baclosan", "феназепам и баклосан", "qwerty"])
    assert matched["substance"].to_list() == ["Phenazepam", "Phenazepam", "unmapped"]
    assert matched["also_named"].to_list() == ["Baclofen", "Baclofen", None]
    assert review_queue(matched)["name_raw"].to_list() == ["qwerty"]
