"""The vendored pictograms (static/pictograms, OpenMoji 17.0.0, CC BY-SA 4.0): every picture the
registry names is there, is a small, plain SVG, and nothing else is; the licence and attribution
are where the licence asks for them; an activity's words find their picture."""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from webapp.lib import pictograms

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "static" / "pictograms"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", sorted(pictograms.ALL))
def test_every_named_picture_is_a_small_plain_svg(name):
    path = ROOT / "static" / pictograms.ALL[name].filename
    assert path.is_file(), f"{path} is missing"
    data = path.read_bytes()
    assert 200 < len(data) <= pictograms.MAX_BYTES, f"{name}: {len(data)} bytes"
    root = ET.fromstring(data)  # well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 72 72"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use", "a", "style"}, tags
    text = data.decode("utf-8")
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in text
    assert not re.search(r"\bon\w+=", text)  # no event handlers


def test_nothing_else_is_in_the_folder():
    named = {Path(p.filename).name for p in pictograms.ALL.values()}
    present = {p.name for p in FOLDER.glob("*.svg")}
    assert present == named
    assert {p.name for p in FOLDER.iterdir()} == named | {"LICENSE.txt", "README.md"}


def test_the_set_is_light_enough_for_a_phone():
    sizes = [p.stat().st_size for p in FOLDER.glob("*.svg")]
    assert 40 <= len(sizes) <= 100 and sum(sizes) < 200_000


def test_the_licence_and_attribution_are_with_the_pictures_and_in_the_readme():
    licence = (FOLDER / "LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith("Attribution-ShareAlike 4.0 International")
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert "OpenMoji 17.0.0" in readme and "CC BY-SA 4.0" in readme and "All emojis designed by" in readme
    table = (ROOT / "README.md").read_text(encoding="utf-8").split("## Dependencies and their licences", 1)[1]
    assert re.search(r"\| OpenMoji 17\.0\.0 .*\| CC BY-SA 4\.0", table)
    assert "NonCommercial" not in licence and "NC" not in re.findall(r"\bBY-[A-Z-]+", readme + licence)


def test_every_choice_has_words():
    for name in pictograms.CHOICES:
        assert pictograms.describe(name)
    assert pictograms.OWN in pictograms.CHOICES and len(set(pictograms.CHOICES)) == len(pictograms.CHOICES)
    assert not any(name.startswith(("mood-", "energy-")) for name in pictograms.CHOICES)


@pytest.mark.parametrize("label, name", [
    ("Puutyöt", "saw"), ("Puutarha", "seedling"), ("Maalaus", "paintbrush"), ("Siivous", "broom"),
    ("Ruoanlaitto", "cooking"), ("Ulkoilu", "walking"), ("Ryhmä", "group"), ("Lajittelu", "package"),
    ("Korjaus", "tools"), ("Myymälä", "shop"), ("Kahvila", "coffee"), ("Kahvin keitto", "coffee"),
    ("Städning", "broom"), ("Trädgård", "seedling"), ("Laundry", "basket"), ("Pihan haravointi", "leaf"),
    ("Lenkki koiran kanssa", "dog"), ("Sählyä salissa", "own"), ("", "own"),
])
def test_an_activitys_words_find_its_picture(label, name):
    assert pictograms.for_label(label) == name
    assert pictograms.known(pictograms.for_label(label))


def test_every_stem_points_at_a_known_picture():
    for stem, name in pictograms._STEMS:
        assert stem == stem.casefold() and name in pictograms.CHOICES, (stem, name)
