"""Checking an uploaded deletion certificate before anything is stored: a PDF, and nothing else.

pypdf is not in requirements.lock, so the file is checked structurally, the way a PDF reader finds
its way in: the header magic ``%PDF-1.x`` at the start, ``%%EOF`` at the end, a ``startxref`` offset
inside the file that points at a cross-reference table (``xref``) or stream (``N G obj``), a trailer
(or an xref stream) naming the document catalogue (``/Root``), and at least one object. A renamed
text file, image or office document fails on the magic; a truncated or spliced PDF on the xref. The
signature inside the PDF is not verified (the ward's staff look at it when they confirm).
"""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from common.errors import InvalidInput
from common.uploads import PDF, upload_kind_check, upload_size_check

PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})
_HEADER = re.compile(rb"^%PDF-[12]\.[0-9]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
TAIL_BYTES = 2048


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    size: int
    sha256: str


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, field="pdf", code="upload_type")


def pdf_structure_problem(content: bytes) -> str:
    """Why ``content`` is not a well-formed PDF, or "" when it is."""
    if not _HEADER.match(content):
        return _("it does not start with the PDF signature %PDF-")
    tail = content[-TAIL_BYTES:]
    found = _STARTXREF.search(tail)
    if found is None:
        return _("it has no startxref and %%EOF at its end (truncated or not a PDF)")
    offset = int(found.group(1))
    if not 0 < offset < len(content) - len(tail) + found.start():
        return _("its cross-reference offset points outside the file")
    at = content[offset:offset + 64].lstrip()
    if not (at.startswith(b"xref") or _OBJECT.match(at)):
        return _("its cross-reference offset does not point at a cross-reference table")
    if b"/Root" not in content:
        return _("it names no document catalogue (/Root)")
    if not _OBJECT.search(content):
        return _("it contains no objects")
    return ""


def certificate_pdf_check(*, content_type: str, content: bytes) -> CheckedPdf:
    """Refuse, naming what is wrong, anything but a PDF within the size limit; return it with its SHA-256.

    Size and kind are checked as for every upload (common.uploads); the structure beyond the signature here.
    The uploaded file's own name is neither echoed nor kept: a vendor may well name it after a person.
    """
    upload_size_check(size=len(content), field="pdf", max_bytes=settings.DELETION_CERTIFICATE_MAX_BYTES)
    upload_kind_check(head=content, name="", field="pdf", accepted={PDF})
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared not in PDF_CONTENT_TYPES:
        raise _refuse(_("The certificate file was sent as '%(declared)s'; only a PDF (application/pdf) is "
                        "accepted.") % {"declared": declared or _("no type")})
    problem = pdf_structure_problem(content)
    if problem:
        raise _refuse(_("The certificate file is not a PDF: %(problem)s.") % {"problem": problem})
    return CheckedPdf(content=content, size=len(content), sha256=hashlib.sha256(content).hexdigest())
