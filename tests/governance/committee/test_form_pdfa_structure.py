"""The PDF/A-3u and tagged-PDF structure of every form, read with pikepdf (veraPDF, the reference validator, is
not available here): the XMP declares PDF/A part 3 conformance U, an sRGB output intent is embedded, the
document catalogue says its language and is marked, a structure tree holds the content that each page marks
(BDC … /MCID), and every font — each descendant of a composite font too — is embedded and maps to Unicode."""

import io

import pikepdf
import pytest

from governance.committee.models import Submission
from governance.registry.models import OutOfPurposeUse

API = "/api/v1/governance"
SUBMISSIONS = [("committee", "延長保育料等におけるコンビニ収納等の導入について"),
               ("iin-nerima", "子育て支援に関する業務に係る電子計算組織の結合について")]


def _forms(client, listing: str) -> list[tuple[str, bytes]]:
    return [(form["name"], client.get(form["url"]).content) for form in client.get(listing).json()]


def _fonts(pdf) -> list:
    """Every font the pages use, a composite (Type0) font's descendant fonts too."""
    fonts = []
    for page in pdf.pages:
        for _name, font in (page.Resources.get("/Font") or {}).items():
            fonts.append(font)
            fonts += list(font.get("/DescendantFonts") or [])
    return fonts


def _marked_content_ids(pdf) -> int:
    count = 0
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and isinstance(operands[-1], pikepdf.Dictionary) and "/MCID" in operands[-1]:
                count += 1
    return count


def _structure_elements(node, depth: int = 0) -> int:
    """Structure elements under a node of the structure tree (a /K entry: element, array or marked content)."""
    if depth > 50:
        return 0
    if isinstance(node, pikepdf.Array):
        return sum(_structure_elements(child, depth + 1) for child in node)
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        return 1 + _structure_elements(node.get("/K"), depth + 1)
    return 0


def _check(name: str, content: bytes) -> None:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "U"), name
        intents = pdf.Root.get("/OutputIntents")
        assert intents and str(intents[0].S) == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0], name
        assert str(pdf.Root.Lang) == "ja", name
        assert bool(pdf.Root.MarkInfo.Marked), name
        tree = pdf.Root.StructTreeRoot
        assert _structure_elements(tree.K) > 0 and "/ParentTree" in tree, name
        assert _marked_content_ids(pdf) > 0, name
        fonts = _fonts(pdf)
        assert fonts, name
        for font in fonts:
            label = (name, str(font.get("/BaseFont")))
            if str(font.Subtype) == "/Type0":
                assert "/ToUnicode" in font, label  # its glyphs map to the text a reader copies or searches
                continue
            descriptor = font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), label
            if str(font.Subtype) != "/CIDFontType0" and str(font.Subtype) != "/CIDFontType2":
                assert "/ToUnicode" in font, label


@pytest.mark.parametrize(("member", "title"), SUBMISSIONS, ids=["shinjuku", "nerima"])
def test_every_submission_form_is_pdf_a_3u_tagged_with_its_fonts_embedded(as_user, member, title):
    submission = Submission.objects.get(title=title)
    forms = _forms(as_user(member), f"{API}/submissions/{submission.pk}/forms/")
    assert len(forms) >= 3
    for name, content in forms:
        _check(name, content)


def test_the_out_of_purpose_forms_are_pdf_a_3u_and_tagged(as_user):
    use = OutOfPurposeUse.objects.get(providing_business__number="0403-01")
    forms = _forms(as_user("iin-nerima"), f"{API}/out-of-purpose-uses/{use.pk}/forms/")
    assert [name for name, _content in forms] == ["record", "criterion-application"]
    for name, content in forms:
        _check(name, content)
