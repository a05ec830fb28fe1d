"""The subsidy's files as HTTP responses (pages and API alike): documents, notices, transfer files.

A document's bytes are the applicant's: it is streamed decrypted with a ``Content-Disposition`` built by Django
(quoted, with the RFC 6266 ``filename*`` form for a Japanese name), shown in the browser only if it is a PDF or a
raster picture — judged by its bytes, never by its name — and downloaded otherwise; nothing is cached.
"""

import io

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from childcare.subsidy.models import TransferRun
from common.uploads import GIF, JPEG, PDF, PNG, SNIFF_BYTES, file_kind

# Kinds a browser shows without running anything of the file's; SVG and HTML could carry script.
INLINE_TYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg", GIF: "image/gif"}


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(*, content: bytes, name: str) -> FileResponse:
    content_type = INLINE_TYPES.get(file_kind(content[:SNIFF_BYTES]))
    response = FileResponse(io.BytesIO(content), content_type=content_type or "application/octet-stream",
                            as_attachment=content_type is None, filename=name or "document")
    # FileResponse names the file with content_disposition_header too; set here for an empty name as well.
    response["Content-Disposition"] = content_disposition_header(content_type is None, name or "document")
    return _private(response)


def notices_response(pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"notices-{timezone.localdate():%Y%m%d}.pdf")
    return _private(response)


def transfer_file_response(run: TransferRun, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        True, f"zengin-{run.transfer_on:%Y%m%d}-{run.pk}.txt")
    return _private(response)
