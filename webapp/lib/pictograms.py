"""The pictograms: a small vendored subset of OpenMoji 17.0.0 (CC BY-SA 4.0) under
static/pictograms/, one SVG file per name.

A picture never carries meaning alone: the word is always next to it (the picture is then
decorative, alt=""), and `describe(name)` gives the Finnish word for the few places where the
picture stands alone (a tooltip, the unit's picker). The energy batteries are OpenMoji's battery
redrawn at five levels (the same licence). Add a picture: put its OpenMoji code here, run
`.venv/bin/python tools/vendor_pictograms.py PATH/TO/openmoji-17.0.0/package` and commit the file.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

FOLDER = "pictograms"  # under static/
MAX_BYTES = 12_000  # one picture, minified: keeps the diary page light on a phone


@dataclass(frozen=True)
class Pictogram:
    name: str
    code: str  # OpenMoji's hexcode (the source file), or "battery-N" for the drawn levels
    description: object  # lazy Finnish text

    @property
    def filename(self) -> str:
        return f"{FOLDER}/{self.name}.svg"


def _p(name: str, code: str, description) -> Pictogram:
    return Pictogram(name, code, description)


MOODS = {
    1: _p("mood-1", "1F61E", _l("Tosi huono mieli")),
    2: _p("mood-2", "1F641", _l("Huono mieli")),
    3: _p("mood-3", "1F610", _l("Ihan ok mieli")),
    4: _p("mood-4", "1F642", _l("Hyvä mieli")),
    5: _p("mood-5", "1F604", _l("Tosi hyvä mieli")),
}

ENERGIES = {level: _p(f"energy-{level}", f"battery-{level}", _l("Jaksaminen %(level)d/5", level=level))
            for level in range(1, 6)}

# The client's main actions (home page buttons, the diary's own links).
ACTIONS = [
    _p("scan", "E1D8", _l("Koodin skannaus")),
    _p("camera", "1F4F7", _l("Kamera")),
    _p("write", "1F4DD", _l("Kirjoittaminen")),
    _p("open-book", "1F4D6", _l("Avoin kirja")),
    _p("clipboard", "1F4CB", _l("Suunnitelma")),
    _p("heart", "1F49A", _l("Hyvinvointi")),
    _p("calendar", "1F4C5", _l("Kalenteri")),
    _p("days", "1F5D3", _l("Tulevat päivät")),
    _p("speech", "1F4AC", _l("Viesti")),
    _p("lunch", "1F37D", _l("Lounas")),
    _p("history", "1F4C6", _l("Aiemmat päivät")),
    _p("trend", "1F4C8", _l("Kehitys")),
    _p("settings", "2699", _l("Asetukset")),
    _p("eye", "1F441", _l("Kuka on lukenut")),
    _p("folder", "1F4C2", _l("Omat tiedot")),
    _p("money", "1F9FE", _l("Kulukorvaus")),
    _p("speaker", "1F50A", _l("Lue ääneen")),
    _p("certificate", "1F4DC", _l("Todistus")),
]

# Pictures for what a client does in a day: a unit picks one for each of its activities.
ACTIVITIES = [
    _p("saw", "1FA9A", _l("Saha (puutyöt)")),
    _p("hammer", "1F528", _l("Vasara")),
    _p("tools", "1F6E0", _l("Työkalut (korjaus)")),
    _p("wrench", "1F527", _l("Jakoavain")),
    _p("screwdriver", "1FA9B", _l("Ruuvimeisseli")),
    _p("toolbox", "1F9F0", _l("Työkalupakki")),
    _p("paintbrush", "1F58C", _l("Sivellin (maalaus)")),
    _p("palette", "1F3A8", _l("Paletti (taide)")),
    _p("scissors", "2702", _l("Sakset (askartelu)")),
    _p("thread", "1F9F5", _l("Lanka (ompelu)")),
    _p("yarn", "1F9F6", _l("Lankakerä (käsityöt)")),
    _p("clothes", "1F455", _l("Vaatteet")),
    _p("broom", "1F9F9", _l("Luuta (siivous)")),
    _p("sponge", "1F9FD", _l("Sieni (tiskaus)")),
    _p("basket", "1F9FA", _l("Kori (pyykki)")),
    _p("cooking", "1F373", _l("Paistinpannu (ruoanlaitto)")),
    _p("bread", "1F35E", _l("Leipä (leivonta)")),
    _p("coffee", "2615", _l("Kahvi (kahvila)")),
    _p("plate", "1F37D", _l("Lautanen (keittiö)")),
    _p("recycling", "267B", _l("Kierrätys")),
    _p("package", "1F4E6", _l("Paketti (lajittelu)")),
    _p("shop", "1F6CD", _l("Ostoskassit (myymälä)")),
    _p("truck", "1F69A", _l("Kuorma-auto (kuljetus)")),
    _p("car", "1F697", _l("Auto")),
    _p("bicycle", "1F6B2", _l("Polkupyörä")),
    _p("walking", "1F6B6", _l("Kävely (ulkoilu)")),
    _p("tree", "1F333", _l("Puu (luonto)")),
    _p("leaf", "1F342", _l("Lehti (pihatyöt)")),
    _p("snowflake", "2744", _l("Lumihiutale (lumityöt)")),
    _p("seedling", "1F331", _l("Taimi (puutarha)")),
    _p("plant", "1FAB4", _l("Ruukkukasvi")),
    _p("paws", "1F43E", _l("Tassut (eläimet)")),
    _p("dog", "1F415", _l("Koira")),
    _p("group", "1F465", _l("Ihmiset (ryhmä)")),
    _p("handshake", "1F91D", _l("Kädenpuristus (tapaaminen)")),
    _p("talk", "1F5E3", _l("Puhuminen")),
    _p("laptop", "1F4BB", _l("Tietokone")),
    _p("books", "1F4DA", _l("Kirjat (opiskelu)")),
    _p("page", "1F4C4", _l("Paperi (toimisto)")),
    _p("music", "1F3B5", _l("Nuotti (musiikki)")),
    _p("guitar", "1F3B8", _l("Kitara")),
    _p("weights", "1F3CB", _l("Painot (kuntosali)")),
    _p("ball", "26BD", _l("Pallo (liikunta)")),
    _p("swimming", "1F3CA", _l("Uinti")),
    _p("fishing", "1F3A3", _l("Onki (kalastus)")),
    _p("puzzle", "1F9E9", _l("Palapeli (pelit)")),
    _p("relax", "1F9D8", _l("Rentoutuminen")),
    _p("rest", "1F6CB", _l("Sohva (lepo)")),
    _p("house", "1F3E0", _l("Koti")),
    _p("star", "2B50", _l("Tähti")),
    _p("own", "270F", _l("Kynä (oma toiminto)")),
]

ALL: dict[str, Pictogram] = {p.name: p for p in [*MOODS.values(), *ENERGIES.values(), *ACTIONS, *ACTIVITIES]}
CHOICES = [p.name for p in ACTIVITIES]  # what a unit may choose for its own activity
OWN = "own"  # a chip whose words match nothing below: the client's own, written by her

# Common activity words (fi, sv, en), checked in order against a chip's words: the first stem
# that begins one of them gives the chip its picture. Specific before general ("puutarha" is a
# garden, "puu" wood). A unit that picked a picture for its activity overrides these.
_STEMS = [
    ("puutarh", "seedling"), ("trädgård", "seedling"), ("garden", "seedling"), ("kasv", "plant"),
    ("puu", "saw"), ("träarbet", "saw"), ("träslöjd", "saw"), ("snickeri", "saw"), ("wood", "saw"), ("carpent", "saw"), ("sah", "saw"),
    ("maala", "paintbrush"), ("måla", "paintbrush"), ("paint", "paintbrush"),
    ("taide", "palette"), ("konst", "palette"), ("art", "palette"), ("askarte", "scissors"), ("pysse", "scissors"),
    ("craft", "scissors"),
    ("siivo", "broom"), ("städ", "broom"), ("clean", "broom"),
    ("tiska", "sponge"), ("disk", "sponge"), ("dish", "sponge"),
    ("pyykki", "basket"), ("tvätt", "basket"), ("laundry", "basket"),
    ("ruoa", "cooking"), ("ruoka", "cooking"), ("ruuan", "cooking"), ("kokka", "cooking"), ("matlag", "cooking"),
    ("kök", "plate"), ("cook", "cooking"), ("keitti", "plate"), ("kitchen", "plate"),
    ("leivo", "bread"), ("leipo", "bread"), ("bak", "bread"),
    ("kahvi", "coffee"), ("kaffe", "coffee"), ("kafé", "coffee"), ("café", "coffee"), ("cafe", "coffee"),
    ("coffee", "coffee"), ("fika", "coffee"),
    ("kierrä", "recycling"), ("återvin", "recycling"), ("recycl", "recycling"),
    ("lajittel", "package"), ("sorter", "package"), ("sort", "package"), ("varasto", "package"),
    ("lager", "package"), ("pakka", "package"), ("pack", "package"),
    ("korja", "tools"), ("reparer", "tools"), ("repair", "tools"), ("huolt", "wrench"), ("fix", "tools"),
    ("myymä", "shop"), ("kaupp", "shop"), ("myynti", "shop"), ("butik", "shop"), ("försälj", "shop"),
    ("shop", "shop"), ("store", "shop"), ("kassa", "shop"),
    ("kuljet", "truck"), ("transport", "truck"), ("muutt", "truck"), ("flytt", "truck"), ("deliver", "truck"),
    ("ompel", "thread"), ("söm", "thread"), ("sew", "thread"), ("tekstiil", "clothes"), ("textil", "clothes"),
    ("vaate", "clothes"), ("kläd", "clothes"), ("cloth", "clothes"), ("käsity", "yarn"), ("neulo", "yarn"),
    ("stick", "yarn"), ("handarbet", "yarn"), ("knit", "yarn"),
    ("ulkoil", "walking"), ("utomhus", "walking"), ("kävel", "walking"), ("promen", "walking"),
    ("walk", "walking"), ("outdoor", "walking"), ("luonto", "tree"), ("natur", "tree"), ("metsä", "tree"),
    ("skog", "tree"), ("forest", "tree"),
    ("piha", "leaf"), ("gård", "leaf"), ("yard", "leaf"), ("lumi", "snowflake"), ("snö", "snowflake"),
    ("snow", "snowflake"),
    ("eläin", "paws"), ("djur", "paws"), ("animal", "paws"), ("koir", "dog"), ("hund", "dog"), ("dog", "dog"),
    ("ryhmä", "group"), ("grupp", "group"), ("group", "group"), ("tiimi", "group"), ("team", "group"),
    ("palaveri", "handshake"), ("tapaam", "handshake"), ("möte", "handshake"), ("meeting", "handshake"),
    ("keskustel", "talk"), ("samtal", "talk"), ("talk", "talk"),
    ("tietokon", "laptop"), ("dator", "laptop"), ("computer", "laptop"), ("atk", "laptop"), ("digi", "laptop"),
    ("opiskel", "books"), ("kurssi", "books"), ("studi", "books"), ("kurs", "books"), ("study", "books"),
    ("course", "books"), ("lukemi", "books"), ("läsning", "books"), ("reading", "books"),
    ("toimisto", "page"), ("kontor", "page"), ("office", "page"), ("paperi", "page"),
    ("musiik", "music"), ("musik", "music"), ("music", "music"), ("laul", "music"), ("sång", "music"),
    ("sing", "music"), ("kitar", "guitar"), ("gitarr", "guitar"), ("guitar", "guitar"),
    ("kuntosal", "weights"), ("gym", "weights"), ("liikun", "ball"), ("motion", "ball"), ("urheil", "ball"),
    ("idrott", "ball"), ("sport", "ball"), ("exercise", "ball"), ("pallo", "ball"), ("boll", "ball"),
    ("uinti", "swimming"), ("uima", "swimming"), ("simn", "swimming"), ("swim", "swimming"),
    ("kalast", "fishing"), ("fiske", "fishing"), ("fish", "fishing"),
    ("peli", "puzzle"), ("pelit", "puzzle"), ("spel", "puzzle"), ("game", "puzzle"),
    ("rentou", "relax"), ("avslapp", "relax"), ("relax", "relax"), ("lepo", "rest"), ("vila", "rest"),
    ("resting", "rest"), ("tauko", "coffee"), ("paus", "coffee"), ("break", "coffee"),
    ("lounas", "plate"), ("lunch", "plate"),
    ("pyöräil", "bicycle"), ("cykl", "bicycle"), ("bicycl", "bicycle"), ("cycling", "bicycle"),
    ("auto", "car"), ("bilvård", "car"), ("car", "car"),
]


def known(name: str | None) -> bool:
    return bool(name) and name in ALL


def get(name: str) -> Pictogram:
    return ALL[name]


def describe(name: str) -> str:
    return str(ALL[name].description) if name in ALL else ""


def for_label(label: str) -> str:
    """The picture for an activity chip's words: the first stem (see _STEMS) that begins one of
    its words, or the pencil of a client's own activity."""
    words = [word.strip(".,;:!?()\"'-") for word in (label or "").casefold().replace("/", " ").split()]
    for stem, name in _STEMS:
        if any(word.startswith(stem) for word in words):
            return name
    return OWN
