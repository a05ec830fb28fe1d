"""Photos for the contact book: judged by their bytes, re-encoded without metadata, within size limits.

An upload is refused unless it is a JPEG or PNG by its content (``common.uploads``), within
``PHOTO_MAX_BYTES`` and ``PHOTO_MAX_PIXELS``. What is kept is a fresh encoding of the pixels only (turned
upright by its orientation tag first): EXIF (GPS position, camera serial, time), XMP, comments and text
chunks are not carried over, whatever the camera wrote.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from common.uploads import JPEG, PNG, UploadRefused, upload_check

PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo is refused; 12 MP is the usual
PHOTO_MAX_SIDE = 2048  # kept at most this wide or high: enough for a phone, a fraction of the bytes


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    kind: str
    width: int
    height: int


def photo_clean(*, content: bytes, name: str, field: str = "photo") -> CleanPhoto:
    """The photo as it may be kept, or an ``UploadRefused`` naming what is wrong."""
    checked = upload_check(content=content, name=name or "photo", field=field, max_bytes=PHOTO_MAX_BYTES,
                           accepted={JPEG, PNG}, name_max_length=200)
    try:
        with Image.open(io.BytesIO(checked.content)) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise UploadRefused(_("The photo has too many pixels (at most 40 megapixels)"), field=field,
                                    code="photo_pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            if checked.kind == JPEG:
                upright.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            else:
                upright.save(out, format="PNG", optimize=True)
            return CleanPhoto(out.getvalue(), checked.kind, upright.width, upright.height)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise UploadRefused(_("The photo could not be read as an image"), field=field, code="photo_unreadable") \
            from None


def photos_of_erased_children_delete() -> int:
    """Delete every contact-book photo showing a child whose record was erased (its data key shredded).

    A photo is sealed with its entry's data key, so shredding another child shown in it leaves it readable to the
    entry's family. Crypto-shredding the entry's key would take the family's own entry with it, and re-sealing
    would keep the erased child's picture; so the photo itself is deleted (its ciphertext with it), one audit
    event per photo naming the entry's child, never the erased one. A child whose row is deleted outright takes
    the photos at once (``photos_of_deleted_child_delete``).
    """
    from audit.services import audit_record
    from childcare.operations.models import ContactPhoto

    photos = list(ContactPhoto.objects.filter(shown__data_key__shredded_at__isnull=False).distinct()
                  .select_related("entry").defer("image").order_by("pk"))
    for photo in photos:
        audit_record("childcare.contact_photo.deleted", obj=photo, tenant_id=photo.municipality_id,
                     subjects=[("childcare.child", photo.entry.child_id)], data={"reason": "shown_child_erased"})
        photo.delete()
    return len(photos)


def photos_of_deleted_child_delete(sender, instance, **kwargs) -> None:
    """A child deleted outright (not shredded) would drop out of ``shown`` unnoticed: the photos of other families'
    entries showing them go first (connected to the child's pre_delete; the links are auto-created rows, which
    send no signals of their own)."""
    from audit.services import audit_record
    from childcare.operations.models import ContactPhoto

    photos = list(ContactPhoto.objects.filter(shown=instance).exclude(entry__child=instance)
                  .select_related("entry").defer("image").order_by("pk"))
    for photo in photos:
        audit_record("childcare.contact_photo.deleted", obj=photo, tenant_id=photo.municipality_id,
                     subjects=[("childcare.child", photo.entry.child_id)], data={"reason": "shown_child_deleted"})
        photo.delete()
