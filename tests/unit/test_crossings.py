"""Crossing-point gazetteer, BLO registry and name matching: agencies' spellings land on one canonical place."""

import polars as pl
import pytest

from assets.shared.crossings import (
    crossing_key,
    curated_aliases,
    gazetteer,
    load_reviewed_aliases,
    match_crossings,
    review_queue,
)
from warehouse import reference
from warehouse.reference import FOLDER

# The shared vocabulary agreed for the project: canonical name → (country, neighbour, mode).
SHARED = {
    "Oybek": ("UZB", "TJK", "road"), "Fotehobod": ("TJK", "UZB", "road"), "Bekabad": ("UZB", "TJK", "road"),
    "Sariosiyo": ("UZB", "TJK", "road"), "Tursunzoda": ("TJK", "UZB", "road"), "Ayritom": ("UZB", "AFG", "road"),
    "Kudukli": ("UZB", "TJK", "rail"), "Pakhtaobod": ("TJK", "UZB", "rail"), "Dustlik": ("UZB", "KGZ", "road"),
    "Dostuk": ("KGZ", "UZB", "road"), "Panji Poyon": ("TJK", "AFG", "road"), "Ishkashim": ("TJK", "AFG", "road"),
    "B. Konysbaev": ("KAZ", "UZB", "road"), "Kordai": ("KAZ", "KGZ", "road"), "Ak-Jol": ("KGZ", "KAZ", "road"),
    "Karamyk": ("KGZ", "TJK", "road"), "Guliston": ("TJK", "KGZ", "road"), "Farap": ("TKM", "UZB", "road"),
    "Olot": ("UZB", "TKM", "road"), "Imam Nazar": ("TKM", "AFG", "road"), "Serhetabat": ("TKM", "AFG", "road"),
    "Galaba": ("UZB", "AFG", "rail"), "Yallama": ("UZB", "KAZ", "road"), "Gisht-Kuprik": ("UZB", "KAZ", "road"),
    "Uchkurgan": ("UZB", "KGZ", "road"), "Kara-Suu": ("KGZ", "UZB", "road"), "Torugart": ("KGZ", "CHN", "road"),
    "Irkeshtam": ("KGZ", "CHN", "road"), "Kulma": ("TJK", "CHN", "road"), "Saryagash": ("KAZ", "UZB", "rail"),
    "Sarahs": ("TKM", "IRN", "road"),
}
SPELLINGS = {
    "Oybek": ["Ойбек", "Oybek", "Oibek", "Ойбек КПП", "Oybek BCP", "OYBEK", "КПП «Ойбек»", "Chegara posti Oybek"],
    "Fotehobod": ["Фотехобод", "Фотеҳобод", "Fotekhobod", "Fotehabad", "таможенный пост Фотеҳобод"],
    "Bekabad": ["Бекабад", "Bekobod"], "Sariosiyo": ["Сариасия", "Sariasiya", "Сариосиё", "Sariosiyo BCP"],
    "Ayritom": ["Айритом", "Airitom", "Ayritom", "таможенный пост «Айритом»"],
    "Kudukli": ["Кудукли", "Kudukli railway station", "ж/д Кудукли", "ст. Кудукли", "Qudukli temir yo'l stansiyasi"],
    "Pakhtaobod": ["Пахтаобод", "Pakhtaobod", "Пахтаабад"],
    "Dustlik": ["Дустлик", "Dostlik", "Do'stlik", "Doʻstlik", "Do‘stlik", "Дўстлик"],
    "Dostuk": ["Дустук", "Dostuk", "Достук"], "Tursunzoda": ["Турсунзаде", "Турсунзода", "Tursunzade"],
    "Panji Poyon": ["Панджи Поён", "Панҷи Поён", "Panji Poyon", "Nizhny Panj", "Нижний Пяндж", "Панджи Поен"],
    "Ishkashim": ["Ишкашим", "Ishkoshim"],
    "B. Konysbaev": ["Б. Конысбаев", "B.Konysbayev", "Konysbaev", "Жибек Жолы"],
    "Kordai": ["Кордай", "Korday"], "Ak-Jol": ["Ак-Жол", "Ak Jol", "Akzhol"], "Karamyk": ["Карамык", "Karamik"],
    "Guliston": ["Гулистон", "Гулистан"], "Farap": ["Фарап", "Farab"], "Olot": ["Алат", "Олот", "Alat"],
    "Imam Nazar": ["Имам Назар", "Imam-Nazar"], "Serhetabat": ["Серхетабат", "Кушка", "Serkhetabad"],
    "Galaba": ["Галаба", "Galaba", "ж/д ст. Галаба"], "Yallama": ["Яллама", "Yallama", "Yalama"],
    "Gisht-Kuprik": ["Гишт-Куприк", "Gisht Kuprik", "Gishtkuprik", "G'ishtko'prik"],
    "Uchkurgan": ["Учкурган", "Uchqo'rg'on"], "Kara-Suu": ["Кара-Суу", "Kara Suu"], "Torugart": ["Торугарт"],
    "Irkeshtam": ["Иркештам", "Irkeshtam"], "Kulma": ["Кульма", "Kulma"], "Saryagash": ["Сарыагаш", "Saryagash"],
    "Sarahs": ["Сарахс", "Sarakhs", "Sarakhs railway station"],
}
CASES = [(spelling, point) for point, spellings in SPELLINGS.items() for spelling in spellings]


def test_there_are_plenty_of_spelling_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("spelling", "canonical"), CASES)
def test_spelling_lands_on_its_crossing_point_without_guessing(spelling, canonical):
    row = match_crossings([spelling]).row(0, named=True)
    assert row["crossing_point"] == canonical
    assert row["match_method"] in {"exact", "normalised"}


@pytest.mark.parametrize("name", ["Moscow", "Post 17", "Пост 17", "КПП Северный", "Post Zarya", "Tashkent",
                                  "Almaty", "Termez", "Khujand", "17"])
def test_unknown_names_stay_unplaced(name):
    row = match_crossings([name]).row(0, named=True)
    assert row["crossing_point"] is None and row["match_method"] == "unmatched"


def test_empty_names_are_marked_empty_and_each_distinct_name_appears_once():
    matched = match_crossings(["", None, "  ", "Ойбек", "Ойбек", "Oybek"])
    assert matched["name_raw"].to_list() == ["", None, "  ", "Ойбек", "Oybek"]
    assert matched["match_method"].to_list() == ["empty", "empty", "empty", "exact", "exact"]
    assert matched.schema == pl.Schema({"name_raw": pl.String, "crossing_point": pl.String,
                                        "match_method": pl.String, "confidence": pl.Float64})


def test_one_slip_is_a_fuzzy_match_restricted_to_the_reporting_country():
    assert match_crossings(["Fotehobd"]).row(0) == ("Fotehobd", "Fotehobod", "fuzzy", pytest.approx(94.1, abs=0.1))
    assert match_crossings(["Fotehobd"], country_hint="TJK")["crossing_point"][0] == "Fotehobod"
    assert match_crossings(["Fotehobd"], country_hint="UZB")["match_method"][0] == "unmatched"
    # an exact spelling is trusted whatever country reports it (joint operations name the other side's post)
    assert match_crossings(["Фотехобод"], country_hint="UZB")["crossing_point"][0] == "Fotehobod"


def test_a_name_equally_close_to_two_crossing_points_is_left_to_staff():
    extra = pl.DataFrame({"alias": ["Bertolum", "Bertolun"], "crossing_point": ["Oybek", "Kulma"]})
    row = match_crossings(["Bertolup"], extra_aliases=extra).row(0, named=True)
    assert row["crossing_point"] is None and row["match_method"] == "unmatched" and row["confidence"] >= 85


def test_keys_fold_tajik_uzbek_and_transliteration_variants():
    assert len({crossing_key(n) for n in ["Фотеҳобод", "Фотехобод", "Fotekhobod", "FOTEHOBOD"]}) == 1
    assert len({crossing_key(n) for n in ["Учқўрғон", "Uchqoʻrgʻon", "Uchqo'rg'on", "Uchqo‘rg‘on"]}) == 1
    assert crossing_key("Панҷи Поён") == crossing_key("Panji Poyon") == crossing_key("Панджи Поен")
    assert crossing_key("ж/д станция Кудукли") == crossing_key("Kudukli railway station") == crossing_key("Kudukli")


def test_review_queue_offers_the_best_candidate_and_staff_answers_come_back(tmp_path):
    matched = match_crossings(["Ойбек", "Fotehobd", "Moscow", "Post 17"])
    queue = review_queue(matched)
    assert queue["alias"].to_list() == ["Moscow", "Post 17", "Fotehobd"]
    assert queue.filter(pl.col("alias") == "Fotehobd")["best_candidate"].to_list() == ["Fotehobod"]
    assert queue["crossing_point"].null_count() == queue.height
    answers = queue.with_columns(crossing_point=pl.when(pl.col("alias") == "Post 17").then(pl.lit("Oybek")))
    answers.write_csv(tmp_path / "reviewed.csv")
    reviewed = load_reviewed_aliases(tmp_path / "reviewed.csv")
    assert reviewed.rows() == [("Post 17", "Oybek")]
    rematched = match_crossings(["Post 17", "Moscow"], extra_aliases=reviewed)
    assert rematched["crossing_point"].to_list() == ["Oybek", None]
    assert rematched["match_method"].to_list() == ["exact", "unmatched"]


def test_reviewed_aliases_must_name_gazetteer_points(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,crossing_point\nПост 17,Oybek\nPost Zarya,Atlantis\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3: 'Post Zarya' → 'Atlantis'"):
        load_reviewed_aliases(bad)
    torn = tmp_path / "torn.csv"
    torn.write_text("alias,crossing_point\nПост 17,Oybek\nПост 17,Kulma\n", encoding="utf-8")
    with pytest.raises(ValueError, match="two different answers"):
        load_reviewed_aliases(torn)
    headless = tmp_path / "headless.csv"
    headless.write_text("name,point\nПост 17,Oybek\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_reviewed_aliases(headless)


def test_every_reference_row_carries_a_source():
    for name, column in (("crossing_points.csv", "source"), ("crossing_aliases.csv", "source"),
                         ("blo_registry.csv", "source_url")):
        sources = pl.read_csv(FOLDER / name)[column]
        assert sources.null_count() == 0 and sources.str.len_chars().min() >= 10, name


def test_gazetteer_holds_the_shared_list_with_its_country_pairs_and_modes():
    points = gazetteer()
    assert points["crossing_point"].is_unique().all()
    listed = {r[0]: r[1:] for r in points.select("crossing_point", "country_iso3", "neighbour_iso3", "mode").rows()}
    assert {name: listed.get(name) for name in SHARED} == SHARED
    assert set(points["mode"]) <= {"road", "rail", "road+rail", "river"}
    assert set(points["country_iso3"]) <= {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_paired_posts_face_each_other():
    points = gazetteer()
    pairs = points.drop_nulls("paired_with").join(points, left_on="paired_with", right_on="crossing_point",
                                                   suffix="_other")
    assert pairs.height == points["paired_with"].drop_nulls().len()
    assert (pairs["paired_with_other"] == pairs["crossing_point"]).all()
    assert (pairs["country_iso3"] == pairs["neighbour_iso3_other"]).all()


def test_positions_are_in_central_asia_and_marked_approximate():
    placed = gazetteer().drop_nulls("lat")
    assert placed["lon"].null_count() == 0 and placed.height >= 20
    assert placed["lat"].is_between(35, 46).all() and placed["lon"].is_between(52, 88).all()
    assert placed["source"].str.contains("approximate").all()


def test_aliases_point_at_gazetteer_entries_and_no_two_points_share_a_spelling():
    aliases = pl.read_csv(FOLDER / "crossing_aliases.csv")
    assert set(aliases["crossing_point"]) <= set(gazetteer()["crossing_point"])
    assert set(aliases["script"]) <= {"latin", "cyrillic"}
    keyed = curated_aliases().with_columns(key=pl.col("alias").map_elements(crossing_key, return_dtype=pl.String))
    points_per_key = keyed.group_by("key").agg(pl.col("crossing_point").n_unique())
    assert points_per_key.filter(pl.col("crossing_point") > 1).is_empty()


def test_blo_registry_holds_only_sourced_dates():
    registry = reference.table("blo_registry").with_columns(pl.col("blo_established").str.to_date())
    dated = {r[0]: (str(r[1]), r[2]) for r in registry.drop_nulls("blo_established").select(
        "crossing_point", "blo_established", "precision").rows()}
    assert dated == {"Oybek": ("2014-05-01", "month"), "Sariosiyo": ("2014-01-01", "year"),
                     "Dostuk": ("2015-10-01", "month"), "Kordai": ("2016-06-01", "month"),
                     "B. Konysbaev": ("2021-03-30", "day"), "Kudukli": ("2021-05-01", "month"),
                     "Pakhtaobod": ("2021-05-01", "month"), "Kaindy": ("2022-07-07", "day"),
                     "Sypatai Batyr": ("2022-09-14", "day"), "Olot": ("2023-05-11", "day")}
    undated = registry.filter(pl.col("blo_established").is_null())
    assert set(undated["crossing_point"]) == {"Ayritom", "Dustlik", "Fotehobod", "Tursunzoda", "Kyzyl-Art",
                                              "Ishkashim", "Panji Poyon", "Bor-Dobo", "Karamyk", "Karamyk (TJ)"}
    assert undated["precision"].null_count() == undated.height
    assert registry.select(pl.all_horizontal(pl.col("source_title", "source_url", "source_date").is_not_null())
                           ).to_series().all()
    assert not registry["source_note"].str.contains("(?i)DESIGN\\.md|synthetic").any()
    assert set(registry["crossing_point"]) <= set(gazetteer()["crossing_point"])
