"""How much of each seed document the official forms carry: the share of the seed's sentences found in the
text (pdftotext) of every form its ward serves through the API.

A sentence is a piece of the seed split at 、。, tabs, line ends and paragraphs, of at least 6 characters once
its markup and white space are gone. Both sides are NFKC-normalised and white space is dropped before comparing, so a
cell wrapped over several printed lines still matches; the numbering the department wrote ("1 ASP事業者 …")
is part of the sentence, so a flattened list does not.

Used by the fidelity test (which asserts a floor) and by bench/form_fidelity.py (which prints the figures).
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"
API = "/api/v1/governance"
# seed → (ward, the committee member who downloads its forms)
SEED_WARDS = {"000": ("新宿区", "committee"), "001": ("新宿区", "committee"), "002": ("新宿区", "committee"),
              "003": ("練馬区", "iin-nerima"), "004": ("新宿区", "committee")}
MIN_LENGTH = 6
# Attachments that are no form of the ward, left out of the count: the counterparty's own privacy policy and the
# legend of the system diagram (a drawing) that 練馬区 attaches, and the captions of 新宿区's flow diagram (資料25-1).
NOT_FORMS = {"003": [("株式会社内田洋行（以下、当社という）", "2015年9月29日 改定"),
                     ("FW = ファイアウォール", "FW = ファイアウォール")],
             "004": [("（資料25-1）", "今回の追加委託内容")]}
# Paragraph and list tags end a line; inline ones (the underline of seed 001) only mark a passage.
_BLOCK_TAG = re.compile(r"</?(?:p|ol|ul|li|br)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_BULLET = re.compile(r"^- ", re.MULTILINE)  # the transcription's list marker, not the document's text
_SPLIT = re.compile(r"[、。\t\n]")


def squeeze(text: str) -> str:
    # 〜 and ～ are one JIS character: a viewer's font may give either back for the other.
    return "".join(unicodedata.normalize("NFKC", text).replace("〜", "~").split())


def seed_path(seed: str) -> Path:
    return next(SEEDS.glob(f"{seed}_*.txt"))


def _seed_text(seed: str) -> str:
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", seed_path(seed).read_text(encoding="utf-8")))
    return _BULLET.sub("", text)


def passage(seed: str, first: str, last: str) -> str:
    """The seed's text from `first` to `last` inclusive (to name a part of it)."""
    text = _seed_text(seed)
    start = text.index(first)
    return text[start:text.index(last, start) + len(last)]


def seed_sentences(seed: str) -> list[str]:
    """The seed's sentences in document order, each once."""
    text = _seed_text(seed)
    seen, sentences = set(), []
    for piece in _SPLIT.split(text):
        sentence = squeeze(piece)
        # A rule of dashes under a title is layout, not a sentence.
        if len(sentence) >= MIN_LENGTH and sentence.strip("-") and sentence not in seen:
            seen.add(sentence)
            sentences.append(sentence)
    return sentences


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def ward_form_urls(client) -> list[str]:
    """Every form of every submission (and out-of-purpose use) the client's ward serves, as the API lists them."""
    urls = []
    for submission in client.get(f"{API}/submissions/").json():
        listed = client.get(f"{API}/submissions/{submission['id']}/forms/")
        if listed.status_code == 200:
            urls += [form["url"] for form in listed.json()]
        else:  # before the API listed the forms: the four a submission has always served
            urls += [f"{API}/submissions/{submission['id']}/forms/{name}.pdf"
                     for name in ("submission", "checklists", "connection-record", "out-of-purpose-record")]
    for use in client.get(f"{API}/out-of-purpose-uses/").json():
        listed = client.get(f"{API}/out-of-purpose-uses/{use['id']}/forms/")
        if listed.status_code == 200:  # a use's own forms (none served before the API listed them)
            urls += [form["url"] for form in listed.json()]
    return urls


def ward_text(client) -> str:
    texts = []
    for url in ward_form_urls(client):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "application/pdf", url
        texts.append(pdf_text(response.content))
    return squeeze("\n".join(texts))


def counted_sentences(seed: str) -> list[str]:
    """The seed's sentences less those of its attachments that are no form (NOT_FORMS)."""
    excluded = [squeeze(passage(seed, first, last)) for first, last in NOT_FORMS.get(seed, [])]
    return [s for s in seed_sentences(seed) if not any(s in e for e in excluded)]


def coverage(seed: str, text: str) -> tuple[float, list[str]]:
    """(share of the seed's counted sentences found in the squeezed text, the missing ones)."""
    sentences = counted_sentences(seed)
    missing = [s for s in sentences if s not in text]
    return 1 - len(missing) / len(sentences), missing
