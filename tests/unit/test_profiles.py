"""Profiles: bundled ones load and are picked by their header signature; bad ones and drafts are clear."""

import duckdb
import pytest
import yaml

from assets.ingest.landing import ingest_landing
from assets.ingest.profiles import available_profiles, find_profile, load_profile
from warehouse.home import Home


def test_bundled_profiles_load_with_sources():
    profiles = available_profiles()
    assert {"cbp_monthly", "unodc_country_totals", "uz_customs", "tj_customs"} <= {p.name for p in profiles}
    assert all(p.source and p.signature for p in profiles)


def test_profile_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency: X\ncolumns: {'Вес': weight_in_stones}\n")
    with pytest.raises(ValueError, match="unknown fields"):
        load_profile(bad)
    bad.write_text("agency: X\ngrain: fortnight\n")
    with pytest.raises(ValueError, match="grain must be one of"):
        load_profile(bad)
    with pytest.raises(ValueError, match="no profile named 'nope'"):
        find_profile("nope")


def test_missing_field_writes_an_editable_profile_that_then_works(tmp_path):
    place = Home(tmp_path / "home").ensure()
    home, landing = place.root, place.landing
    export = landing / "new_agency.csv"
    export.write_text("Дата,Пост,Груз,Масса\n2019-01-05,Ойбек,героин,2 кг\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    [outcome] = ingest_landing(con, place)
    assert outcome.status == "refused" and "substance" in outcome.message and "'Груз'" in outcome.message
    draft = home / "profiles" / "new_agency.yaml.draft"
    assert draft.exists() and str(draft) in outcome.message
    profile = yaml.safe_load(draft.read_text(encoding="utf-8"))
    profile.update(agency="Test agency", country_iso3="UZB")
    profile["columns"].update({"Груз": "substance", "Масса": "quantity"})
    (home / "profiles" / "new_agency.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    [again] = ingest_landing(con, place)
    assert again.status == "loaded", again.message
    assert again.profile == "new_agency" and again.counts["rows_loaded"] == 1
