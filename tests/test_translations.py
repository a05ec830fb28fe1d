"""Japanese is the default language: every message of the product has a Japanese translation."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"
STRING = r'(?:"(?:[^"\\]|\\.)*"\n)+'
ENTRY = re.compile(rf'(?m)^msgid ({STRING})(?:msgid_plural {STRING})?msgstr(?:\[0\])? ({STRING})')


def _text(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def test_every_message_is_translated_to_japanese():
    entries = [(_text(i), _text(s)) for i, s in ENTRY.findall(PO.read_text("utf-8"))]
    untranslated = [msgid for msgid, msgstr in entries if msgid and not msgstr]
    assert len(entries) > 50 and untranslated == []


def test_no_fuzzy_entries_that_compilemessages_would_skip():
    body = PO.read_text("utf-8").split("\n\n", 1)[1]
    assert "fuzzy" not in body
