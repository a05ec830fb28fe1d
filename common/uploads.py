"""Checking an uploaded file before anything keeps it: every upload path of the product uses this module.

A file is judged by its bytes, not by what the sender declared: its kind is sniffed from the content
(the PDF, PNG, JPEG, GIF, ZIP and OLE signatures; text otherwise), the kind must be one the caller accepts
and must agree with the name's extension (an HTML page named ``.pdf`` is refused), its size must be within
the caller's limit, and its name is normalised (NFC, no folder, no control or format characters, cut to the
column's length, the extension kept) or refused with the reason. Each refusal is an ``UploadRefused`` with a
stable code, the field it concerns and a message in the active language; no message repeats the file's name,
which may well be a person's.

``MultipartNamesAsUtf8`` (a middleware) lets a file whose name was sent in Shift_JIS (CP932, as older Windows
tools do) arrive at all: Django skips a multipart part whose headers are not UTF-8, so the file would
otherwise vanish and the sender be told that nothing was sent.
"""

import hashlib
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.errors import InvalidInput

PDF, PNG, JPEG, GIF, SVG, ZIP, OLE, HTML, TEXT, BINARY = (
    "pdf", "png", "jpeg", "gif", "svg", "zip", "ole", "html", "text", "binary")

# The extensions each kind may carry; a name without an extension is judged by its content alone.
EXTENSIONS = {
    PDF: {"pdf"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}, GIF: {"gif"}, SVG: {"svg"},
    ZIP: {"zip", "docx", "xlsx", "pptx"}, OLE: {"doc", "xls", "ppt"}, TEXT: {"txt", "csv", "tsv", "dat"},
}
KIND_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", GIF: "GIF", SVG: "SVG", ZIP: "ZIP / Office (docx, xlsx, pptx)",
              OLE: "Office 97-2003 (doc, xls, ppt)", HTML: "HTML", TEXT: "text", BINARY: "binary"}
_SIGNATURES = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG), (b"GIF87a", GIF),
               (b"GIF89a", GIF), (b"PK\x03\x04", ZIP), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE)]
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")
_TEXT_ENCODINGS = ("utf-8", "cp932")
SNIFF_BYTES = 4096
# A ZIP (or an Office file, which is one) is unpacked, without keeping anything, up to this many times its own size
# (at least ZIP_UNPACKED_FLOOR): documents unpack to a few times their size, a ZIP bomb to thousands.
ZIP_MAX_EXPANSION = 100
ZIP_UNPACKED_FLOOR = 16 * 1024 * 1024
# What a committee document (an attachment, a piece of evidence) may be: never HTML or an unknown binary.
DOCUMENT_KINDS = frozenset({PDF, PNG, JPEG, GIF, SVG, ZIP, OLE, TEXT})


class UploadRefused(InvalidInput):
    """An uploaded file that is refused before anything keeps it; ``code`` says why, for programs."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    size: int
    sha256: str
    kind: str


def file_kind(head: bytes) -> str:
    """The kind of a file from its first bytes (``SNIFF_BYTES`` are enough)."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_STARTS):
        return HTML
    if start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start):
        return SVG
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text, NUL bytes and all: its reader says if it may be
        return TEXT
    if b"\x00" in head:
        return BINARY
    for encoding in _TEXT_ENCODINGS:
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # a character cut at the end of the sample is not a fault
                continue
        return TEXT
    return BINARY


def _limit_text(max_bytes: int) -> str:
    if max_bytes < 1024 * 1024:
        return f"{max_bytes:,} bytes"
    return f"{max_bytes / (1024 * 1024):.1f} MiB ({max_bytes:,} bytes)"


def upload_missing(*, field: str) -> UploadRefused:
    """The refusal for a request that carries no file in ``field``."""
    return UploadRefused(_("No file was sent in the field '%(field)s'. Send it as multipart/form-data.")
                         % {"field": field}, field=field, code="upload_missing")


def upload_name(raw: str, *, field: str, max_length: int) -> str:
    """The file name as it may be kept: NFC, its last path component only, without control or format
    characters, surrounding spaces or dots, cut to ``max_length`` keeping the extension; refused when nothing
    readable is left."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    name = name.strip().strip(".").strip()
    if "\ufffd" in name:
        raise UploadRefused(_("The name of the file in '%(field)s' could not be read (it is neither UTF-8 nor "
                              "Shift_JIS). Rename the file and send it again.") % {"field": field},
                            field=field, code="upload_name")
    if not name:
        raise UploadRefused(_("The file in '%(field)s' has no usable name (nothing is left once folders and "
                              "control characters are removed). Rename it and send it again.") % {"field": field},
                            field=field, code="upload_name")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) < 10:
            name = stem[:max_length - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:max_length]
    return name


def upload_read(upload, *, max_bytes: int) -> bytes:
    """The uploaded file's bytes, but never more than one byte past the limit (a huge upload is not read into
    memory only to be refused)."""
    return upload.read(max_bytes + 1) if upload else b""


def upload_size_check(*, size: int, field: str, max_bytes: int) -> None:
    """Refuse an empty file, or one larger than ``max_bytes``, naming the limit."""
    if size == 0:
        raise UploadRefused(_("The file in '%(field)s' is empty (0 bytes).") % {"field": field},
                            field=field, code="upload_empty")
    if size > max_bytes:
        raise UploadRefused(_("The file in '%(field)s' is larger than the limit of %(limit)s.")
                            % {"field": field, "limit": _limit_text(max_bytes)},
                            field=field, code="upload_too_large", details={"max_bytes": max_bytes})


def upload_kind_check(*, head: bytes, name: str, field: str, accepted: frozenset[str] | set[str]) -> str:
    """The sniffed kind of the file, refused unless ``accepted`` and in agreement with the name's extension."""
    kind = file_kind(head[:SNIFF_BYTES])
    accepted_names = ", ".join(KIND_NAMES[k] for k in sorted(accepted))
    if kind not in accepted:
        raise UploadRefused(_("The file in '%(field)s' is %(kind)s by its content; accepted are: %(accepted)s.")
                            % {"field": field, "kind": KIND_NAMES[kind], "accepted": accepted_names},
                            field=field, code="upload_type", details={"kind": kind})
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower() if dot and stem else ""
    named_kind = next((k for k, extensions in EXTENSIONS.items() if extension in extensions), None)
    # A name promising another kind is refused; text that is not clean text is left to the caller's reader.
    if named_kind not in (None, kind) and not (named_kind == TEXT and kind == BINARY):
        raise UploadRefused(_("The file in '%(field)s' is named .%(extension)s but its content is %(kind)s. "
                              "Send the file its name says, or name it after its content.")
                            % {"field": field, "extension": extension, "kind": KIND_NAMES[kind]},
                            field=field, code="upload_type", details={"kind": kind})
    return kind


def upload_check(*, content: bytes, name: str, field: str, max_bytes: int, accepted: frozenset[str] | set[str],
                 name_max_length: int, name_field: str = "") -> CheckedUpload:
    """Refuse, naming what is wrong, a file that is empty, too large, of a kind not accepted or named for
    another kind; return it with its normalised name and SHA-256. ``name_field`` is where the name was sent
    when not with the file (a JSON body's ``filename``)."""
    name = upload_name(name, field=name_field or field, max_length=name_max_length)
    upload_size_check(size=len(content), field=field, max_bytes=max_bytes)
    kind = upload_kind_check(head=content, name=name, field=field, accepted=accepted)
    if kind == ZIP:
        upload_zip_check(content=content, field=field)
    return CheckedUpload(name=name, content=content, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                         kind=kind)


def upload_zip_check(*, content: bytes, field: str) -> None:
    """Refuse a ZIP whose directory cannot be read, or that unpacks to more than ``ZIP_MAX_EXPANSION`` times its
    size (a ZIP bomb). The members are really unpacked, in chunks and only up to the limit, since the sizes the
    archive declares may lie; an encrypted member counts at its declared size."""
    limit = max(len(content) * ZIP_MAX_EXPANSION, ZIP_UNPACKED_FLOOR)
    unpacked = 0
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.infolist():
                if member.flag_bits & 0x1:
                    unpacked += member.file_size
                else:
                    with archive.open(member) as stream:
                        while unpacked <= limit and (chunk := stream.read(1024 * 1024)):
                            unpacked += len(chunk)
                if unpacked > limit:
                    raise UploadRefused(
                        _("The file in '%(field)s' is a ZIP archive that unpacks to more than %(times)s times its "
                          "size (more than %(limit)s): it is refused as a ZIP bomb.")
                        % {"field": field, "times": ZIP_MAX_EXPANSION, "limit": _limit_text(limit)},
                        field=field, code="upload_zip_bomb", details={"max_unpacked_bytes": limit})
    # Every way the standard library reports an archive it cannot unpack: a bad directory, a truncated member
    # (EOFError), an unsupported method (NotImplementedError), a corrupt deflate stream (zlib.error), bad headers.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError,
            zlib.error) as exc:
        raise UploadRefused(_("The file in '%(field)s' is a damaged ZIP archive: it cannot be unpacked.")
                            % {"field": field}, field=field, code="upload_zip_damaged") from exc


class _PartHeadersAsUtf8:
    """A request body stream whose multipart part headers are re-encoded from CP932 to UTF-8 when they are not
    UTF-8; everything else passes through unchanged, in bounded memory."""

    CHUNK = 64 * 1024
    HEADER_LIMIT = 64 * 1024

    def __init__(self, raw, boundary: bytes):
        self._raw, self._delimiter = raw, b"\r\n--" + boundary
        self._pending, self._out, self._eof = b"\r\n", b"", False  # the first delimiter has no CRLF before it

    def read(self, size: int = -1) -> bytes:
        while not self._eof and (size is None or size < 0 or len(self._out) < size):
            self._fill()
        if size is None or size < 0:
            size = len(self._out)
        data, self._out = self._out[:size], self._out[size:]
        return data

    def readline(self, size: int = -1) -> bytes:
        while not self._eof and b"\n" not in self._out and (size is None or size < 0 or len(self._out) < size):
            self._fill()
        end = self._out.find(b"\n") + 1 or len(self._out)
        return self.read(min(end, size) if size is not None and size >= 0 else end)

    def _fill(self) -> None:
        chunk = self._raw.read(self.CHUNK)
        if not chunk:
            self._eof, self._out, self._pending = True, self._out + self._pending, b""
            return
        self._pending += chunk
        while True:
            at = self._pending.find(self._delimiter)
            if at < 0:
                cut = max(0, len(self._pending) - len(self._delimiter) + 1)
                self._out, self._pending = self._out + self._pending[:cut], self._pending[cut:]
                return
            end = self._pending.find(b"\r\n\r\n", at + len(self._delimiter))
            if end < 0:
                if len(self._pending) - at > self.HEADER_LIMIT:  # not a header block: let Django judge it
                    self._out, self._pending = self._out + self._pending, b""
                else:
                    self._out, self._pending = self._out + self._pending[:at], self._pending[at:]
                return
            head = self._pending[at:end]
            try:
                head.decode("utf-8")
            except UnicodeDecodeError:
                head = head.decode("cp932", errors="replace").encode("utf-8")
            self._out += self._pending[:at] + head + b"\r\n\r\n"
            self._pending = self._pending[end + 4:]


class MultipartNamesAsUtf8:
    """Middleware: a multipart request's part headers reach Django's parser as UTF-8 (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.lower().startswith("multipart/form-data") and hasattr(request, "_stream"):
            boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
            if boundary:
                # The first delimiter of the body has no CRLF before it: prepend one, and drop it again.
                request._stream = _PartHeadersAsUtf8(request._stream, boundary.encode("latin-1"))
                request._stream.read(2)
        return self.get_response(request)
