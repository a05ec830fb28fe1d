"""The check-in code as digits beside the QR code, typed at a kiosk without a scanner; expired passes cleaned up."""

import datetime

import pytest
from django.utils import timezone

from childcare.operations import attendance
from childcare.operations.errors import OperationsInvalid
from childcare.operations.models import Attendance, CheckInPass
from childcare.operations.tasks import expired_passes_delete
from governance.tenancy.models import Facility
from tests.childcare.conftest import child_named, login
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def himawari(demo) -> Facility:
    return Facility.objects.get(name="新宿区立ひまわり保育園")


def test_the_digits_check_the_child_in_once_and_are_stored_only_as_a_keyed_hash(himawari):
    issued = attendance.checkin_pass_issue(actor=user("guardian"))
    assert len(issued.code) == 8 and issued.code.isdigit()
    stored = CheckInPass.objects.get()
    assert issued.code not in stored.code_digest and len(stored.code_digest) == 64
    # Typed as shown ("1234 5678"), with a hyphen, or in full-width digits from a Japanese keyboard.
    typed = issued.code_display.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    result = attendance.kiosk_scan(operator=user("hoikushi"), facility=himawari, token=typed)
    assert result == attendance.ScanResult("arrived", 1)
    assert Attendance.objects.get(child=child_named("岡田 葵")).arrived_via == "qr"
    with pytest.raises(OperationsInvalid) as again:
        attendance.kiosk_scan(operator=user("hoikushi"), facility=himawari, token=issued.code)
    assert again.value.code == "operations.code_unknown"


def test_expired_or_never_issued_digits_are_refused_alike(himawari):
    issued = attendance.checkin_pass_issue(actor=user("guardian"))
    CheckInPass.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    other = f"{(int(issued.code) + 1) % 10 ** 8:08d}"
    for digits in (issued.code, other):
        with pytest.raises(OperationsInvalid) as refused:
            attendance.kiosk_scan(operator=user("hoikushi"), facility=himawari, token=f"{digits[:4]}-{digits[4:]}")
        assert refused.value.code == "operations.code_unknown"
    assert not Attendance.objects.exists()


def test_the_guardian_page_prints_the_digits_beside_the_qr_code(himawari, client):
    login(client, "guardian")
    page = client.get("/operations/family/").content.decode()
    issued = CheckInPass.objects.get()
    digits = page.split('class="checkin-digits" translate="no">')[1].split("<")[0]
    assert digits.replace(" ", "").isdigit() and len(digits) == 9
    assert attendance._code_digest(digits.replace(" ", "")) == issued.code_digest
    login(client, "hoikushi")
    response = client.post(f"/operations/kiosk/{himawari.pk}/scan/", {"token": digits})
    assert response.status_code == 200 and Attendance.objects.filter(child=child_named("岡田 葵")).exists()


def test_the_cleanup_deletes_passes_expired_a_day_ago_and_keeps_the_rest(himawari):
    for _ in range(3):
        attendance.checkin_pass_issue(actor=user("guardian"))
    old, recent, _live = CheckInPass.objects.order_by("pk")
    CheckInPass.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(days=2))
    CheckInPass.objects.filter(pk=recent.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert expired_passes_delete() == 1
    assert set(CheckInPass.objects.values_list("pk", flat=True)) == {recent.pk, _live.pk}


def test_a_group_photo_goes_when_another_child_shown_in_it_is_erased(demo):
    from childcare.operations.contact import contact_read, contact_write
    from childcare.operations.models import ContactEntry, ContactPhoto
    from childcare.operations.tasks import delete_photos_of_erased_children
    from governance.crypto.shredding import record_shred
    from tests.childcare.operations.test_contact_book import _photo

    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    entry = contact_write(actor=user("himawari"), child=okada, body="みんなで砂遊び", photos=[_photo(), _photo()],
                          shown=[kato])
    own = contact_write(actor=user("himawari"), child=okada, body="ひとりで積み木", photos=[_photo()])
    assert delete_photos_of_erased_children() == 0
    record_shred(record=kato, reason="erasure_request")
    assert delete_photos_of_erased_children() == 2
    # The family's entry stays, with its text and the photo that shows no one else.
    assert not ContactPhoto.objects.filter(entry=entry).exists()
    assert ContactPhoto.objects.filter(entry=own).count() == 1
    views = {v.entry.pk: v for v in contact_read(actor=user("guardian"), child=okada)}
    assert views[entry.pk].body == "みんなで砂遊び" and views[entry.pk].photo_ids == []
    assert ContactEntry.objects.filter(pk=entry.pk).exists()


def test_a_group_photo_goes_at_once_when_another_child_shown_is_deleted(demo):
    from childcare.operations.contact import contact_write
    from childcare.operations.models import ContactEntry, ContactPhoto
    from tests.childcare.operations.test_contact_book import _photo

    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    entry = contact_write(actor=user("himawari"), child=okada, body="砂遊び", photos=[_photo()], shown=[kato])
    kato.delete()  # a record removed outright, not shredded (an import made in error …)
    assert not ContactPhoto.objects.filter(entry=entry).exists()
    assert ContactEntry.objects.filter(pk=entry.pk).exists()
