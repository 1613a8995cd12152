"""How agencies write names and quantities: spelling variants, languages, units, personal data, broken values."""

from __future__ import annotations

CROSSING_VARIANTS = {
    "Oybek": ["Ойбек", "Oibek", "Ойбек КПП", "Oybek BCP"], "Fotehobod": ["Фотехобод", "Fotekhobod", "Fotehabad"],
    "Bekabad": ["Бекабад", "Bekobod"], "Sariosiyo": ["Сариасия", "Sariasiya", "Сариосиё"],
    "Ayritom": ["Айритом", "Airitom"], "Kudukli": ["Кудукли", "Kudukli railway station", "ж/д Кудукли"],
    "Pakhtaobod": ["Пахтаобод", "Пахтаабад"], "Dustlik": ["Дустлик", "Dostlik", "Do'stlik"],
    "Dostuk": ["Достук", "Дустук"], "Tursunzoda": ["Турсунзаде", "Tursunzade"],
    "Panji Poyon": ["Панджи Поён", "Nizhny Panj", "Нижний Пяндж"], "Ishkashim": ["Ишкашим", "Ishkoshim"],
    "B. Konysbaev": ["Б. Конысбаев", "B.Konysbayev", "Konysbaev"], "Kordai": ["Кордай", "Korday"],
    "Ak-Jol": ["Ак-Жол", "Ak Jol"], "Karamyk": ["Карамык", "Karamik"], "Guliston": ["Гулистон", "Гулистан"],
    "Farap": ["Фарап", "Farab"], "Olot": ["Алат", "Олот", "Alat"], "Imam Nazar": ["Имам Назар", "Imam-Nazar"],
    "Serhetabat": ["Серхетабат", "Serkhetabad"], "Galaba": ["Галаба"], "Yallama": ["Яллама"],
    "Gisht-Kuprik": ["Гишт-Куприк", "Gisht Kuprik"], "Uchkurgan": ["Учкурган", "Uchqo'rg'on"],
    "Kara-Suu": ["Кара-Суу", "Kara Suu"], "Torugart": ["Торугарт"], "Irkeshtam": ["Иркештам"],
    "Kulma": ["Кульма"], "Saryagash": ["Сарыагаш"], "Sarahs": ["Сарахс", "Sarakhs"],
}
UNKNOWN_CROSSINGS = ["Пост 17", "КПП Северный", "Post Zarya"]
SUBSTANCE_NAMES = {  # language → canonical → how that agency writes it
    "ru": {"heroin": "героин", "opium": "опий", "hashish": "гашиш", "cannabis": "марихуана",
           "methamphetamine": "метамфетамин", "tramadol": "трамадол", "phenazepam": "феназепам",
           "baclofen": "баклосан", "zopiclone": "Sonlife-Zopiclone", "pregabalin": "Лирика", "nasvay": "насвай",
           "cigarettes": "сигареты", "ammunition": "пули для пневматического оружия",
           "acetic anhydride": "уксусный ангидрид"},
    "uz": {"heroin": "geroin", "opium": "afyun", "hashish": "gashish", "cannabis": "marixuana",
           "methamphetamine": "metamfetamin", "tramadol": "tramadol", "phenazepam": "fenazepam",
           "baclofen": "baclofen", "zopiclone": "zopiklon", "pregabalin": "pregabalin", "nasvay": "nasvoy",
           "cigarettes": "sigaret", "ammunition": "o'q-dori", "acetic anhydride": "sirka angidridi"},
    "en": {"heroin": "Heroin", "opium": "Opium", "hashish": "Hashish", "cannabis": "Cannabis herb",
           "methamphetamine": "Methamphetamine", "tramadol": "Tramadol", "phenazepam": "Phenazepam",
           "baclofen": "Baclosan", "zopiclone": "Zopiclone", "pregabalin": "Lyrica", "nasvay": "Nasvay",
           "cigarettes": "Cigarettes", "ammunition": "Ammunition", "acetic anhydride": "Acetic anhydride"},
}
UNITS = {
    "ru": {"kg": "кг", "g": "г", "tablet": "табл.", "box": "коробок", "capsule": "капсул", "round": "патронов",
           "l": "л"},
    "uz": {"kg": "kg", "g": "g", "tablet": "tabletka", "box": "quti", "capsule": "kapsula", "round": "patron",
           "l": "l"},
    "en": {"kg": "kg", "g": "g", "tablet": "tablets", "box": "boxes", "capsule": "capsules", "round": "rounds",
           "l": "l"},
}
PII = ["гр. Каримов А.А.", "паспорт AA1234567", "гражданин Юсупов Б.Р.", "паспорт FA 7654321",
       "тел. +998 90 123-45-67", "citizen Rahimov S.T.", "passport AB9876543", "driver Nazarov R.",
       "Turgunov O.N.", "tel. +992 93 555-12-34"]
BROKEN = {"impossible date": "31.02.2019", "no substance": "", "negative quantity": "-5 кг",
          "unreadable quantity": "много", "unknown unit": "5 zz"}


def format_quantity(amount: float, unit: str, lang: str, style: int) -> str:
    """A quantity as an agency would type it ("71 кг 110 г", "1 200 табл.", "1,981 g")."""
    words = UNITS[lang]
    if unit == "kg":
        kg, grams = int(amount), round((amount - int(amount)) * 1000)
        if lang == "ru" and style == 0 and kg and grams:
            return f"{kg} {words['kg']} {grams} {words['g']}"
        if amount < 5 and style == 1:
            return f"{_thousands(round(amount * 1000), lang)} {words['g']}"
        return f"{amount:.3f}".rstrip("0").rstrip(".").replace(".", "," if lang == "ru" else ".") + f" {words['kg']}"
    return f"{_thousands(int(amount), lang)} {words[unit]}"


def _thousands(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text.replace(",", " ") if lang == "ru" else text
