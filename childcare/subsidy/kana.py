"""Names as a Zengin transfer file may carry them: half-width katakana of JIS X 0201 and the few other characters
the banks accept (全銀協: 0–9, A–Z, ｱ–ﾝ, ﾞ, ﾟ, space and ( ) - . / ¥ , 「 」)."""

import unicodedata

ALLOWED = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ().-/\\,｢｣ﾞﾟ"
                    + "".join(chr(c) for c in range(ord("ｱ"), ord("ﾝ") + 1)) + "ｦ")
_SMALL = str.maketrans("ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ")


def _full_to_half() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0xFF61, 0xFFA0):
        half = chr(code)
        table.setdefault(unicodedata.normalize("NFKC", half), half)
        for mark in "ﾞﾟ":
            combined = unicodedata.normalize("NFKC", half + mark)
            if len(combined) == 1:
                table.setdefault(combined, half + mark)
    return table


_TABLE = _full_to_half()


def zengin_kana(text: str) -> str:
    """The text in the banks' characters: width folded, katakana half-width, small kana large, letters upper
    case, the long vowel mark as a hyphen, the yen sign as JIS X 0201's. Characters outside the set stay as they
    are (``zengin_kana_problems`` names them)."""
    text = unicodedata.normalize("NFKC", text).replace("ー", "-").replace("¥", "\\")
    text = "".join(_TABLE.get(c, c) for c in text)
    text = text.replace("ｰ", "-").upper().translate(_SMALL)
    return " ".join(text.split())


def zengin_kana_problems(text: str) -> list[str]:
    """The characters of the converted text that the banks do not accept, in order, once each."""
    return list(dict.fromkeys(c for c in zengin_kana(text) if c not in ALLOWED))
