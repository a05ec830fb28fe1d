"""Keyed blind indexes (ブラインドインデックス): exact-match search on encrypted values.

``digest = HMAC-SHA256(ring index key, "bi2" | domain | kind | normalised value)[:16]``, where the
domain is the model and field (``childcare.guardian.phone``). The key is per tenant, so equal values
in two tenants have unrelated digests; the domain does the same for two fields or models of one
tenant; without the key a digest cannot be tested against a guessed value. ``bi2`` marks this
derivation (the first one covered only the kind): an index made the old way matches nothing.
Values are normalised first so that the ways people type the same Japanese name, kana, phone
number or e-mail address find each other.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable

DIGEST_BYTES = 16

# NFKC turns U+3000 (ideographic space) and other spaces into U+0020; \s then catches the rest.
_SPACES = re.compile(r"\s+")
# Hyphens and dashes people type in phone numbers (NFKC maps the full-width minus to "-").
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－()（）.]")
_KANA_DASHES = re.compile(r"[\-‐‑‒–—―−－~〜]")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_HIRAGANA_TO_KATAKANA.update({ord("ゝ"): "ヽ", ord("ゞ"): "ヾ"})


def normalise_name(value: str) -> str:
    """氏名: NFKC (full/half width), no spaces of any kind, letters case-folded."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).casefold()


def normalise_kana(value: str) -> str:
    """フリガナ: as a name, half-width kana widened, hiragana folded to katakana, dashes read as ー."""
    text = normalise_name(value).translate(_HIRAGANA_TO_KATAKANA)
    return _KANA_DASHES.sub("ー", text)


def normalise_phone(value: str) -> str:
    """電話番号: digits only (hyphens, spaces, brackets dropped); +81 read as the domestic 0."""
    text = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if text.startswith("+81"):
        text = "0" + text[3:]
    return text


def normalise_email(value: str) -> str:
    """メールアドレス: NFKC, surrounding spaces removed, case-folded."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


NORMALISERS: dict[str, Callable[[str], str]] = {
    "name": normalise_name,
    "kana": normalise_kana,
    "phone": normalise_phone,
    "email": normalise_email,
}


def normalise(kind: str, value: str) -> str:
    try:
        return NORMALISERS[kind](value)
    except KeyError:
        raise ValueError(f"Unknown blind-index kind '{kind}'; use one of {sorted(NORMALISERS)}") from None


def digest(key: bytes, domain: str, kind: str, value: str | None) -> bytes | None:
    """The blind index of a value of the field ``domain`` ("app.model.field"), or None for an empty one."""
    if value is None:
        return None
    text = normalise(kind, str(value))
    if not text:
        return None
    return hmac.new(key, f"bi2|{domain}|{kind}|{text}".encode(), hashlib.sha256).digest()[:DIGEST_BYTES]
