"""How agencies write things: crossing-point spellings, substance names, units, remarks and personal data."""

from __future__ import annotations

# Spellings from the shared variant list; TJK crossings use only letters cp1251 can encode (Tajik-letter spellings
# are in TAJIK_CROSSINGS, written only to UTF-8 files).
CROSSING_VARIANTS = {
    "Oybek": ["Ойбек", "Oibek", "Ойбек КПП", "Oybek BCP"], "Fotehobod": ["Фотехобод", "Fotekhobod", "Fotehabad"],
    "Bekabad": ["Бекабад", "Bekobod"], "Sariosiyo": ["Сариасия", "Sariasiya", "Сариосиё"],
    "Ayritom": ["Айритом", "Airitom"], "Kudukli": ["Кудукли", "Kudukli railway station", "ж/д Кудукли"],
    "Pakhtaobod": ["Пахтаобод", "Пахтаабад"], "Dustlik": ["Дустлик", "Dostlik", "Do'stlik"],
    "Dostuk": ["Достук", "Дустук"], "Tursunzoda": ["Турсунзаде", "Tursunzade"],
    "Panji Poyon": ["Панджи Поён", "Nizhny Panj", "Нижний Пяндж"], "Ishkashim": ["Ишкашим", "Ishkoshim"],
    "B. Konysbaev": ["Б. Конысбаев", "B.Konysbayev", "Konysbaev", "Жибек Жолы"], "Kordai": ["Кордай", "Korday"],
    "Ak-Jol": ["Ак-Жол", "Ak Jol"], "Karamyk": ["Карамык", "Karamik"], "Guliston": ["Гулистон", "Гулистан"],
    "Farap": ["Фарап", "Farab"], "Olot": ["Алат", "Олот", "Alat"], "Imam Nazar": ["Имам Назар", "Imam-Nazar"],
    "Serhetabat": ["Серхетабат", "Кушка", "Serkhetabad"], "Galaba": ["Галаба"], "Yallama": ["Яллама"],
    "Gisht-Kuprik": ["Гишт-Куприк", "Gisht Kuprik", "Gishtkuprik"], "Uchkurgan": ["Учкурган", "Uchqo'rg'on"],
    "Kara-Suu": ["Кара-Суу", "Kara Suu"], "Torugart": ["Торугарт"], "Irkeshtam": ["Иркештам"],
    "Kulma": ["Кульма"], "Saryagash": ["Сарыагаш"], "Sarahs": ["Сарахс", "Sarakhs"],
}
TAJIK_CROSSINGS = {"Fotehobod": "Фотеҳобод", "Panji Poyon": "Панҷи Поён", "Tursunzoda": "Турсунзода",
                   "Pakhtaobod": "Пахтаобод", "Ishkashim": "Ишкашим", "Guliston": "Гулистон", "Kulma": "Кульма"}
UNKNOWN_CROSSINGS = ["Пост 17", "КПП Северный", "Post Zarya"]

# language → canonical substance → [house name, occasional variants]; phenazepam is sometimes reported together
# with baclofen in one record, as in the seed articles
SUBSTANCE_NAMES = {
    "ru": {"heroin": ["героин", "Героин"], "opium": ["опий", "опиум"], "hashish": ["гашиш", "чарс"],
           "cannabis herb": ["марихуана", "каннабис"], "methamphetamine": ["метамфетамин", "мет"],
           "tramadol": ["трамадол"], "phenazepam": ["феназепам", "феназепам и баклосан"], "baclofen": ["баклосан"],
           "zopiclone": ["Sonlife-Zopiclone", "зопиклон"], "pregabalin": ["Лирика", "прегабалин"],
           "nasvay": ["насвай", "нос"], "cigarettes": ["сигареты"],
           "ammunition": ["патроны", "пули для пневматического оружия"], "currency": ["валюта (USD)"],
           "acetic anhydride": ["уксусный ангидрид"], "acetone": ["ацетон"], "sulphuric acid": ["серная кислота"]},
    "uz": {"heroin": ["geroin"], "opium": ["afyun"], "hashish": ["gashish"], "cannabis herb": ["Marijuana"],
           "methamphetamine": ["Methamphetamine"], "tramadol": ["tramadol"], "phenazepam": ["fenazepam"],
           "baclofen": ["baclofen"], "zopiclone": ["Zopiclone"], "pregabalin": ["pregabalin"], "nasvay": ["nasvoy"],
           "cigarettes": ["sigaret"], "ammunition": ["o'q-dori"], "currency": ["undeclared currency"],
           "acetic anhydride": ["acetic anhydride"], "acetone": ["acetone"], "sulphuric acid": ["sulphuric acid"]},
    "en": {"heroin": ["Heroin", "heroin"], "opium": ["Opium"], "hashish": ["Hashish", "charas"],
           "cannabis herb": ["Marijuana", "cannabis herb"], "methamphetamine": ["Methamphetamine", "crystal meth"],
           "tramadol": ["Tramadol", "tramadol"], "phenazepam": ["Phenazepam", "Phenazepam and Baclosan"],
           "baclofen": ["Baclosan", "baclofen"], "zopiclone": ["Zopiclone", "Sonlife-Zopiclone"],
           "pregabalin": ["Lyrica", "pregabalin"], "nasvay": ["nasvay"], "cigarettes": ["cigarettes"],
           "ammunition": ["ammunition", "pneumatic pellets"], "currency": ["undeclared currency"],
           "acetic anhydride": ["acetic anhydride"], "acetone": ["acetone"], "sulphuric acid": ["sulphuric acid"]},
}
TAJIK_SUBSTANCES = {"heroin": "ҳероин", "opium": "опий", "hashish": "чарс", "cannabis herb": "нашаи марихуана",
                    "methamphetamine": "метамфетамин", "nasvay": "нос"}

UNITS = {  # language → canonical unit → word after a number
    "ru": {"kg": "кг", "g": "г", "tablet": "табл.", "box": "коробок", "capsule": "капсул", "round": "патронов",
           "l": "л", "USD": "USD"},
    "ru_column": {"tablet": "табл", "box": "коробок", "capsule": "капс", "round": "шт", "l": "л", "USD": "USD"},
    "uz": {"kg": "kg", "g": "g", "tablet": "tabletka", "box": "quti", "capsule": "kapsula", "round": "patron",
           "l": "l", "USD": "USD"},
    "en": {"kg": "kg", "g": "g", "tablet": "tablets", "box": "boxes", "capsule": "capsules", "round": "rounds",
           "l": "l", "USD": "USD"},
}

REMARKS = {  # ordinary remarks, same meaning at the same index in every language
    "ru": ["", "досмотр грузового автомобиля", "тайник в прицепе", "ручная кладь пассажира", "совместная операция",
           "по ориентировке смежной стороны", "сокрытие в багаже", ""],
    "uz": ["", "yuk avtomobili ko'rigi", "tirkamadagi yashirin joy", "yo'lovchi qo'l yuki", "qo'shma tadbir",
           "qo'shni tomon ma'lumoti bo'yicha", "bagajda yashirilgan", ""],
    "en": ["", "truck inspection", "hidden compartment in trailer", "passenger hand luggage", "joint operation",
           "on a tip-off from the neighbouring side", "concealed in luggage", ""],
}
# Personal data as agencies leave it in remarks: (words before, the identifying part). The identifying parts go to
# DemoTruth.pii_strings so tests can prove none reaches the warehouse. All invented.
PII = [("гр. ", "Каримов А.А."), ("гражданин ", "Юсупов Б.Р."), ("citizen ", "Rahimov S.T."),
       ("driver ", "Nazarov R.K."), ("водитель ", "Турсунов О.Н."), ("гр. ", "Салимова Д.Ш."),
       ("паспорт ", "AA1234567"), ("паспорт ", "FA 7654321"), ("passport ", "AB9876543"),
       ("паспорт ", "AC5550123"), ("тел. ", "+998 90 123-45-67"), ("tel. ", "+992 93 555-12-34"),
       ("тел. ", "+998 93 777-88-99")]
