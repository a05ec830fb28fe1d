"""Japanese is the default language: every message of the product has a Japanese translation."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require

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


def test_msgfmt_counts_no_untranslated_and_no_fuzzy_message():
    """What `make messages` leaves behind, as gettext itself counts it."""
    msgfmt = shutil.which("msgfmt")
    require(msgfmt is not None, "gettext's msgfmt is not installed (apt-get install gettext)")
    counted = subprocess.run([msgfmt, "--check-format", "--statistics", "-o", os.devnull, str(PO)],
                             capture_output=True, text=True, check=True).stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", counted), counted  # no "untranslated", no "fuzzy"
