"""Goods named with a brand, strength, calibre or purpose place on their base term, and keep the brand."""

import polars as pl
import pytest

from assets.normalise.seizures import place_substances
from assets.shared.substances import MATCH_COLUMNS, match_substances

BRANDED = [  # (name as written, substance, brand)
    ("Сигареты «Marlboro»", "cigarettes", "Marlboro"), ('Сигареты "Kent"', "cigarettes", "Kent"),
    ("сигареты «Kent»", "cigarettes", "Kent"), ("Cigarettes «Marlboro»", "cigarettes", "Marlboro"),
    ('Cigarettes "Pine"', "cigarettes", "Pine"), ("Sigaret «Pine»", "cigarettes", "Pine"),
    ("Сигарет «Marlboro»", "cigarettes", "Marlboro"), ("Сигор «Kent»", "cigarettes", "Kent"),
    ("Сигареттер «Kent»", "cigarettes", "Kent"), ("Sigaret «Marlboro»", "cigarettes", "Marlboro"),
    ("Сигареты Kent", "cigarettes", "Kent"), ("Cigarettes Marlboro Gold", "cigarettes", "Marlboro Gold"),
    ("Marlboro cigarettes", "cigarettes", "Marlboro"), ("СИГАРЕТЫ MARLBORO", "cigarettes", "MARLBORO"),
    ("Табак для кальяна «Al Fakher»", "tobacco", "Al Fakher"), ("Nasvay «Bahor»", "nasvay", "Bahor"),
    ("Таблетки «Sonlife-Zopiclone 7.5 mg»", "zopiclone", "Sonlife-Zopiclone"),
    ('"Sonlife-Zopiclone 7.5 mg" tablets', "zopiclone", "Sonlife-Zopiclone"),
    ("Sonlife-Zopiclone 7.5 mg", "zopiclone", "Sonlife-Zopiclone"), ("капсулы «Лирика» 300 мг", "pregabalin", "Лирика"),
    ("Баклосан (баклофен)", "baclofen", "Баклосан"), ("Баклосан 10 мг", "baclofen", "Баклосан"),
    ("Tramal 50 mg", "tramadol", "Tramal"),
    ("Pnevmatik qurol uchun oʻqlar «Oztay Diabolo» 4,5 mm", "ammunition", "Oztay Diabolo"),
]
BASE_TERMS = [  # (name as written, substance): modifier, strength, calibre, remark or plural dropped
    ("Патроны калибра 5,45 мм", "ammunition"), ("Патронлар 5,45 мм", "ammunition"),
    ("Ок-дарылар (патрондор 7,62 мм)", "ammunition"), ("Патронҳо", "ammunition"), ("o‘qlar", "ammunition"),
    ("Патроны к охотничьему ружью", "ammunition"), ("Табак для кальяна", "tobacco"), ("кальянный табак", "tobacco"),
    ("Тамоку барои кальян", "tobacco"), ("Кальян үчүн тамеки", "tobacco"), ("Темекі (кальянға арналған)", "tobacco"),
    ("Temmäki (kalýan üçin)", "tobacco"), ("Nos (nasvay)", "nasvay"), ("Носвой", "nasvay"), ("Nas", "nasvay"),
    ("насыбай", "nasvay"), ("Tramadol 100 mg capsules", "tramadol"), ("Tramadol 225 mg tablets", "tramadol"),
    ("Трамадол 50 мг/мл", "tramadol"), ("Hashish (joint operation with Oybek BLO)", "hashish"),
    ("Тропикамид (глазные капли)", "tropicamide"), ("Порошок (героин)", "heroin"), ("Героин", "heroin"),
    ("Ҳашиш", "hashish"), ("Gaşiş", "hashish"), ("Гашиш", "hashish"), ("Опий", "opium"), ("Афюн", "opium"),
    ("Апиын", "opium"), ("Апийим", "opium"), ("Tirýek", "opium"), ("тарёк", "opium"), ("Маковая солома", "poppy straw"),
    ("Кӯкнор", "poppy straw"), ("Кўкнори", "poppy straw"), ("Koʻknori", "poppy straw"), ("көкнәр", "poppy straw"),
    ("Трамадол", "tramadol"), ("Phenazepam", "phenazepam"), ("феназепам", "phenazepam"), ("Fenazepam", "phenazepam"),
    ("Баклофен", "baclofen"), ("Qolma-qol", "unmapped"), ("Қолма-қол ақша (АҚШ доллары)", "currency"),
    ("Наличная валюта (доллары США)", "currency"), ("наличные денежные средства", "currency"),
    ("Сигареттер", "cigarettes"), ("sigaretlar", "cigarettes"),
]


@pytest.mark.parametrize(("name", "substance", "brand"), BRANDED)
def test_a_brand_in_quotes_or_capitals_is_kept_and_the_base_term_matched(name, substance, brand):
    matched = match_substances([name])
    assert matched.select("substance", "brand").row(0) == (substance, brand)
    assert matched["match_method"][0] in ("exact", "normalised")


@pytest.mark.parametrize(("name", "substance"), BASE_TERMS)
def test_modifiers_strengths_remarks_and_plurals_do_not_hide_the_substance(name, substance):
    assert match_substances([name])["substance"].to_list() == [substance]


@pytest.mark.parametrize("name", ["«Героин»", "ТАБЛЕТКИ «ТРАМАДОЛ»", "Героин", "Phenazepam and Baclosan"])
def test_a_generic_name_is_no_brand(name):
    assert match_substances([name])["brand"].to_list() == [None]


def test_an_unplaced_name_keeps_its_brand_for_review():
    matched = match_substances(["Конфеты «Ромашка»"])
    assert matched.select("substance", "match_method", "brand").row(0) == ("unmapped", "unmapped", "Ромашка")


def test_brands_and_several_substances_in_one_name():
    matched = match_substances(["Сигареты «Kent» и насвай", "Табак «Al Fakher», гашиш"])
    assert matched.select("substance", "also_named", "brand").rows() == [("cigarettes", "nasvay", "Kent"),
                                                                       ("tobacco", "hashish", "Al Fakher")]


def test_the_brand_reaches_the_placed_records():
    records = pl.DataFrame({"substance_raw": ["Сигареты «Marlboro»", "Гашиш", None]})
    placed = place_substances(records)
    assert list(MATCH_COLUMNS)[-1] == "brand"
    assert placed.select("substance", "brand").rows() == [("cigarettes", "Marlboro"), ("hashish", None),
                                                          ("unmapped", None)]
