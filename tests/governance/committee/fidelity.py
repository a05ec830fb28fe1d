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
# Paragraph and list tags end a line; inline ones (the underline of seed 001) only mark a passage.
_BLOCK_TAG = re.compile(r"</?(?:p|ol|ul|li|br)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"[、。\t\n]")


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def seed_path(seed: str) -> Path:
    return next(SEEDS.glob(f"{seed}_*.txt"))


def seed_sentences(seed: str) -> list[str]:
    """The seed's sentences in document order, each once."""
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", seed_path(seed).read_text(encoding="utf-8")))
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


def coverage(seed: str, text: str, excluded: tuple[str, ...] = ()) -> tuple[float, list[str]]:
    """(share of the seed's sentences found in the squeezed text, the missing ones); sentences of an excluded
    passage (an attachment that is no form) are not counted."""
    sentences = [s for s in seed_sentences(seed) if not any(s in squeeze(e) for e in excluded)]
    missing = [s for s in sentences if s not in text]
    return 1 - len(missing) / len(sentences), missing
