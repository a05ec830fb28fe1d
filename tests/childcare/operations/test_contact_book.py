"""The contact book: photos are stored sealed, re-encoded without EXIF/GPS, judged by their bytes and size; a
child whose family refused sharing never appears in a photo another family sees."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from childcare.operations.contact import contact_write
from childcare.operations.errors import OperationsRefused
from childcare.operations.models import ContactEntry, ContactPhoto, PhotoSharing
from common.uploads import UploadRefused
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:12:06 08:15:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (139.0, 41.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_uploaded_with_gps_exif_is_stored_without_it(demo, client):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the camera's position is there
    okada = child_named("岡田 葵")
    login(client, "guardian")
    client.post(f"/operations/contact/{okada.record_uid}/", {
        "body": "昨夜は早く寝ました。", "photos": SimpleUploadedFile("IMG_0001.jpg", original, "image/jpeg")})
    photo = ContactPhoto.objects.get()
    stored = bytes(photo.image)  # decrypted
    kept = Image.open(io.BytesIO(stored))
    assert (kept.format, kept.size) == ("JPEG", (64, 48))
    assert dict(kept.getexif()) == {} and kept.getexif().get_ifd(GPS_IFD) == {}
    for marker in (b"Exif", b"PhoneMaker", b"2026:12:06"):
        assert marker not in stored
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT image FROM {ContactPhoto._meta.db_table} WHERE id = %s", [photo.pk])
        (sealed,) = cursor.fetchone()
    assert bytes(sealed)[:3] != b"\xff\xd8\xff" and stored not in bytes(sealed)  # sealed at rest
    entry = ContactEntry.objects.get()
    assert (entry.side, entry.body) == ("home", "昨夜は早く寝ました。")
    page = client.get(f"/operations/contact/{okada.record_uid}/").content.decode()
    assert f"/operations/photos/{photo.pk}/" in page
    response = client.get(f"/operations/photos/{photo.pk}/")
    assert response["Content-Type"] == "image/jpeg" and response.content == stored
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_that_is_no_photo_or_too_large_is_refused_and_nothing_is_kept(demo):
    okada, seq = child_named("岡田 葵"), head()
    for content, name, code in [(b"%PDF-1.7\n" + b"0" * 100, "photo.jpg", "upload_type"),
                                (b"<html><script>", "photo.png", "upload_type"),
                                (b"\xff\xd8\xff" + b"\0" * (8 * 1024 * 1024), "big.jpg", "upload_too_large"),
                                (b"\xff\xd8\xff\xe0broken", "broken.jpg", "photo_unreadable")]:
        with pytest.raises(UploadRefused) as refused:
            contact_write(actor=user("guardian"), child=okada, body="写真", photos=[(content, name)])
        assert refused.value.code == code
    assert not ContactEntry.objects.exists() and not ContactPhoto.objects.exists()
    assert reads_after(seq) == []


def _photo() -> tuple[bytes, str]:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue(), "group.png"


def test_a_child_whose_family_refused_is_never_in_another_familys_photo(demo, client):
    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    PhotoSharing.objects.create(child=kato, refused=True, decided_by=user("himawari"))
    with pytest.raises(OperationsRefused) as refused:
        contact_write(actor=user("himawari"), child=okada, body="みんなで砂遊び", photos=[_photo()], shown=[kato])
    assert refused.value.code == "operations.photo_sharing_refused"
    assert not ContactEntry.objects.exists() and not ContactPhoto.objects.exists()
    # In 加藤 悠真's own book the photo goes to his own family only: allowed.
    contact_write(actor=user("himawari"), child=kato, body="砂遊び", photos=[_photo()], shown=[okada])
    assert ContactPhoto.objects.count() == 1


def test_a_refusal_made_later_hides_photos_already_shared(demo, client):
    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    contact_write(actor=user("himawari"), child=okada, body="みんなで砂遊び", photos=[_photo()], shown=[kato])
    photo = ContactPhoto.objects.get()
    login(client, "guardian")
    assert client.get(f"/operations/photos/{photo.pk}/").status_code == 200
    PhotoSharing.objects.create(child=kato, refused=True, decided_by=user("himawari"))
    assert client.get(f"/operations/photos/{photo.pk}/").status_code == 404
    assert f"/operations/photos/{photo.pk}/" not in client.get(f"/operations/contact/{okada.record_uid}/").content \
        .decode()


def test_another_family_reads_neither_the_book_nor_its_photos(demo, client):
    kato = child_named("加藤 悠真")
    contact_write(actor=user("himawari"), child=kato, body="今日は元気でした", photos=[_photo()])
    photo = ContactPhoto.objects.get()
    seq = head()
    login(client, "guardian")  # 岡田 葵's family
    assert client.get(f"/operations/contact/{kato.record_uid}/").status_code == 404
    assert client.get(f"/operations/photos/{photo.pk}/").status_code == 404
    login(client, "hoikushi")  # a worker of ぞう組 only: 加藤 悠真 is in きりん組
    assert client.get(f"/operations/photos/{photo.pk}/").status_code == 404
    assert reads_after(seq) == []
    login(client, "hoken")
    assert "今日は元気でした" in client.get(f"/operations/contact/{kato.record_uid}/").content.decode()
