"""Finnish is the source language; Swedish and English must be complete and well-formed."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_text_is_translated(source_messages, language):
    with open(ROOT / f"webapp/translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f, locale=language)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(source_messages - translated)
    assert not missing, f"{len(missing)} texts lack a {language} translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_placeholders_survive_translation(language):
    with open(ROOT / f"webapp/translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f, locale=language)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, problems[:5]


# Plain-language (selkokieli) texts live in their own message context (webapp/lib/i18n.py): each
# must be translated in that context, not merely have an ordinary twin with the same Finnish words.
CONTEXT_KEYWORDS = {"pgettext": ((1, "c"), 2)}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_plain_language_text_is_translated_in_its_context(language):
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {(context, message) for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=CONTEXT_KEYWORDS) if context}
    assert ("selko", "Miten voit?") in found  # the extraction sees the templates' plain texts
    with open(ROOT / f"webapp/translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f, locale=language)
    missing = sorted(f"{context}: {message}" for context, message in found
                     if not (catalog.get(message, context=context) and catalog.get(message, context=context).string
                             and not catalog.get(message, context=context).fuzzy))
    assert not missing, f"{len(missing)} texts lack a {language} translation in their context, e.g. {missing[:5]}"
