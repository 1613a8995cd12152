"""Through the front door: synthetic worlds with and without a BLO effect, loaded with `blo ingest` into fresh homes,
give sentences that never contradict their intervals — in blo_effects, did_summary, the dashboard and a Russian pack."""

import html
import math
import re

import pytest

from demo.exports import generate
from demo.home import home_registry
from demo.world import BLO_EFFECT, SOURCE, synthetic_registry
from support.front_door import blo, sql
from support.sentences import contradictions, row_contradictions
from warehouse.home import Home

WORLDS = {"no effect": (31, 1.0), "the demo": (7, BLO_EFFECT)}  # seed 7 at the planted effect is `blo run --demo`


@pytest.fixture(scope="module")
def homes(tmp_path_factory) -> dict:
    """A fresh home per world, loaded through `blo ingest` with the world's exports and its synthetic registry."""
    homes = {}
    for name, (seed, effect) in WORLDS.items():
        folder = tmp_path_factory.mktemp("world")
        home = Home(folder / "home").ensure()
        truth = generate(folder / "exports", seed=seed, effect=effect)
        home_registry(synthetic_registry(seed), SOURCE).write_csv(home.reference_overrides / "blo_registry.csv")
        home.demo_marker.write_text(truth.to_json())
        result = blo("ingest", *sorted(str(p) for p in (folder / "exports").iterdir()), home=home.root)
        assert result.returncode == 0, result.stderr
        homes[name] = home.root
    return homes


@pytest.mark.parametrize("name", list(WORLDS))
def test_no_sentence_contradicts_its_interval(homes, name):
    effects = [e for e in sql("SELECT * FROM blo_effects", homes[name]) if e["status"] == "ok"]
    assert len(effects) == 22
    assert [problem for row in effects for problem in row_contradictions(row)] == []
    said = [(e["lower"] > 1) - (e["upper"] < 1) for e in effects]
    print(f"{name}: {said.count(1)} rose, {said.count(-1)} fell, {said.count(0)} no change detected at the opening")
    if name == "no effect":
        assert said.count(0) >= 18
    for summary in sql("SELECT * FROM did_summary", homes[name]):
        bounds = [(math.exp(summary["lower"]), math.exp(summary["upper"]))]
        assert contradictions(summary["sentence"], bounds, "en") == []
        assert contradictions(summary["sentence_ru"], bounds, "ru") == []
        assert summary["percent_change"] == pytest.approx(100 * (math.exp(summary["att"]) - 1))
        assert "log((events + ½) / reported months)" in summary["sentence"] and "little power" in summary["sentence"]


@pytest.mark.parametrize("name", list(WORLDS))
def test_p_values_are_adjusted_across_the_crossing_points(homes, name):
    effects = [e for e in sql("SELECT * FROM blo_effects", homes[name]) if e["status"] == "ok"]
    assert {e["n_tested"] for e in effects} == {len(effects)}
    assert all(e["p_value"] <= e["p_bh"] <= e["p_holm"] <= 1 for e in effects)


def test_the_dashboard_shows_the_sentences_and_the_corrections(homes):
    home = homes["the demo"]
    index = html.unescape((home / "dashboards" / "index.html").read_text(encoding="utf-8"))
    assert "Holm p" in index and "BH q" in index and "no change detected" in index
    summaries = sql("SELECT sentence, sensitivity FROM did_summary", home)
    assert all(s["sentence"] in index and s["sensitivity"] in index for s in summaries)
    assert all("M̄" in s["sensitivity"] for s in summaries)  # the demo's panel supports the bounds
    [oybek] = sql("SELECT sentence FROM blo_effects WHERE crossing_point = 'Oybek'", home)
    page = html.unescape((home / "dashboards" / "crossing" / "oybek.html").read_text(encoding="utf-8"))
    assert oybek["sentence"] in page and "Benjamini–Hochberg q" in page
    methods = (home / "dashboards" / "methods.html").read_text(encoding="utf-8")
    assert "Testing many crossing points at once" in methods


def test_a_russian_pack_carries_the_russian_sentences(homes):
    home = homes["the demo"]
    result = blo("pack", "--donor", "inl", "--period", "2024-Q4", "--lang", "ru", home=home)
    assert result.returncode == 0, result.stderr
    twin = next((home / "packs" / "inl" / "2024-Q4").glob("*-ru.html"))
    sections = re.findall(r"</h2><p>(.*?)</p>", html.unescape(twin.read_text(encoding="utf-8")), flags=re.S)
    tkm = sql("SELECT e.* FROM blo_effects e JOIN crossing_points c USING (crossing_point) "
              "WHERE c.country_iso3 = 'TKM' AND e.status = 'ok'", home)
    assert tkm
    for row in tkm:
        tail = row["sentence_ru"].split(" (ПОС открыт ", 1)[1]  # the pack names the crossing point in Russian
        [said] = [s for s in sections if tail in s]
        assert row_contradictions(row | {"sentence": row["sentence"], "sentence_ru": said}) == []
