"""Check-in by the guardian's one-time QR code at the kiosk: signed, short-lived, no personal value, one use;
the class board follows at once (htmx polling answers 204 while nothing changed, and reads nothing)."""

import shutil
import subprocess
import time

import pytest
from django.core import signing
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from childcare.operations import attendance
from childcare.operations.errors import OperationsConflict, OperationsInvalid, OperationsRefused
from childcare.operations.models import Attendance, CheckInPass
from childcare.operations.qr import qr_matrix
from governance.tenancy.models import Facility
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import user
from tests.conftest import require

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def himawari(demo) -> Facility:
    return Facility.objects.get(name="新宿区立ひまわり保育園")


def test_a_code_checks_the_child_in_then_out_and_carries_nothing_personal(himawari):
    okada, guardian = child_named("岡田 葵"), user("guardian")
    issued = attendance.checkin_pass_issue(actor=guardian)
    parent = okada.guardian_links.get(guardian__user=guardian).guardian
    for value in (okada.name, parent.name, parent.phone, str(okada.record_uid), str(parent.record_uid), "guardian"):
        assert value not in issued.token
    nonce, _timestamp, _signature = issued.token.split(":")  # a random nonce, the time signed, the signature
    assert CheckInPass.objects.get().nonce == nonce and len(nonce) == 32
    tablet = user("himawari")
    assert attendance.kiosk_scan(operator=tablet, facility=himawari, token=issued.token) == \
        attendance.ScanResult("arrived", 1)
    record = Attendance.objects.get(child=okada)
    assert (record.date, record.arrived_via, record.left_at) == (timezone.localdate(), "qr", None)
    event = AuditEvent.objects.filter(name="childcare.attendance.arrived").get()
    assert (event.actor_id, event.subjects, event.data) == (
        guardian.pk, [["childcare.child", str(okada.pk)]], {"facility_id": himawari.pk, "via": "qr"})
    again = attendance.checkin_pass_issue(actor=guardian)
    assert attendance.kiosk_scan(operator=tablet, facility=himawari, token=again.token).action == "left"
    record.refresh_from_db()
    assert record.left_via == "qr" and record.left_at is not None


def test_a_used_code_cannot_be_replayed_and_nothing_changes(himawari):
    issued = attendance.checkin_pass_issue(actor=user("guardian"))
    attendance.kiosk_scan(operator=user("himawari"), facility=himawari, token=issued.token)
    before, seq = list(Attendance.objects.values()), head()
    with pytest.raises(OperationsConflict) as replayed:
        attendance.kiosk_scan(operator=user("hoikushi"), facility=himawari, token=issued.token)
    assert replayed.value.code == "operations.pass_used"
    assert list(Attendance.objects.values()) == before  # not checked out by the replay
    assert AuditEvent.objects.filter(seq__gt=seq).count() == 0


def test_a_forged_an_altered_or_an_old_code_is_refused(himawari):
    issued = attendance.checkin_pass_issue(actor=user("guardian"))
    nonce = issued.token.split(":")[0]

    class Yesterday(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 86400)

    cases = {"operations.pass_invalid": [nonce, issued.token[:-2] + "xx", f"{nonce}:abc:def",
                                         signing.TimestampSigner(salt="other").sign(nonce)],
             "operations.pass_expired": [Yesterday(salt="childcare.operations.checkin").sign(nonce)]}
    for code, tokens in cases.items():
        for token in tokens:
            with pytest.raises(OperationsInvalid) as refused:
                attendance.kiosk_scan(operator=user("himawari"), facility=himawari, token=token)
            assert refused.value.code == code
    assert not Attendance.objects.exists()
    assert CheckInPass.objects.get().used_at is None


def test_a_code_is_refused_at_another_wards_facility_and_by_non_staff(demo, himawari):
    issued = attendance.checkin_pass_issue(actor=user("guardian"))
    nerima = Facility.objects.get(name="練馬ぴよぴよ")
    with pytest.raises(OperationsConflict):  # a code of 新宿区 is no code in 練馬区
        attendance.kiosk_scan(operator=user("piyopiyo"), facility=nerima, token=issued.token)
    with pytest.raises(OperationsRefused):
        attendance.kiosk_scan(operator=user("guardian"), facility=himawari, token=issued.token)
    with pytest.raises(OperationsRefused):
        attendance.checkin_pass_issue(actor=user("himawari"))
    assert not Attendance.objects.exists()


def test_the_qr_code_reads_back_as_the_token_with_an_independent_decoder(himawari, tmp_path):
    require(shutil.which("zbarimg") is not None, "zbarimg (zbar-tools) is not installed")
    token = attendance.checkin_pass_issue(actor=user("guardian")).token
    matrix = qr_matrix(token)
    n, scale, quiet = len(matrix), 8, 4
    image = Image.new("L", ((n + 2 * quiet) * scale,) * 2, 255)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                image.paste(0, ((c + quiet) * scale, (r + quiet) * scale, (c + quiet + 1) * scale,
                                (r + quiet + 1) * scale))
    image.save(tmp_path / "qr.png")
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "qr.png")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == token


def test_the_class_board_polls_204_until_a_check_in_then_shows_it(himawari, client):
    from tests.childcare.operations.conftest import demo_class

    zou = demo_class("ぞう組")
    login(client, "hoikushi")
    page = client.get(f"/operations/classes/{zou.pk}/board/")
    html = page.content.decode()
    assert 'data-status="expected"' in html and "岡田 葵" in html
    version = html.split('data-version="')[1].split('"')[0]
    seq = head()
    assert client.get(f"/operations/classes/{zou.pk}/board/?since={version}", **HTMX).status_code == 204
    assert reads_after(seq) == []  # an unchanged board reads nothing
    token = attendance.checkin_pass_issue(actor=user("guardian")).token
    attendance.kiosk_scan(operator=user("himawari"), facility=himawari, token=token)
    fragment = client.get(f"/operations/classes/{zou.pk}/board/?since={version}", **HTMX)
    assert fragment.status_code == 200
    assert 'data-status="present"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    (read,) = reads_after(seq)
    assert (read.purpose, read.actor_id) == ("childcare.operations.board", user("hoikushi").pk)


def test_the_kiosk_shows_no_name_until_unlocked_and_reads_as_the_unlocking_staff(himawari, client):
    login(client, "himawari")  # the tablet's login
    kiosk_url = f"/operations/kiosk/{himawari.pk}/"
    locked = client.get(kiosk_url).content.decode()
    assert "岡田 葵" not in locked and "加藤 悠真" not in locked
    assert client.get(kiosk_url + "board/").content.decode().count("岡田") == 0
    seq = head()
    client.post(kiosk_url + "unlock/", {"staff": user("hoikushi").pk, "pin": "000000"})
    assert "岡田 葵" not in client.get(kiosk_url).content.decode()
    client.post(kiosk_url + "unlock/", {"staff": user("hoikushi").pk, "pin": "246810"})
    board = client.get(kiosk_url + "board/").content.decode()
    assert "岡田 葵" in board and "加藤 悠真" not in board  # hoikushi's own class only
    events = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
    assert [(e.name, e.actor_id) for e in events] == [
        ("childcare.kiosk.unlock_refused", user("hoikushi").pk), ("childcare.kiosk.unlocked", user("hoikushi").pk),
        ("audit.personal_data.read", user("hoikushi").pk)]
    assert events[0].data["code"] == "operations.pin_wrong"


def test_the_kiosk_locks_itself_after_the_idle_time(himawari, client):
    login(client, "himawari")
    kiosk_url = f"/operations/kiosk/{himawari.pk}/"
    client.post(kiosk_url + "unlock/", {"staff": user("hoken").pk, "pin": "246810"})
    assert "加藤 悠真" in client.get(kiosk_url + "board/").content.decode()
    himawari.operations.kiosk_idle_seconds = 0
    himawari.operations.save()
    seq = head()
    response = client.get(kiosk_url + "board/", **HTMX)
    assert response["HX-Refresh"] == "true" and "加藤" not in response.content.decode()
    assert [(e.name, e.actor_id, e.data["reason"]) for e in AuditEvent.objects.filter(seq__gt=seq)] == [
        ("childcare.kiosk.locked", user("hoken").pk, "idle")]


def test_staff_check_a_child_in_on_the_touch_list(himawari, client):
    okada = child_named("岡田 葵")
    login(client, "himawari")
    kiosk_url = f"/operations/kiosk/{himawari.pk}/"
    assert client.post(kiosk_url + "touch/", {"child": str(okada.record_uid)}).status_code == 403  # locked
    client.post(kiosk_url + "unlock/", {"staff": user("hoikushi").pk, "pin": "246810"})
    client.post(kiosk_url + "touch/", {"child": str(okada.record_uid)})
    record = Attendance.objects.get(child=okada)
    assert record.arrived_via == "staff"
    assert AuditEvent.objects.get(name="childcare.attendance.arrived").actor_id == user("hoikushi").pk


def test_a_scan_at_the_kiosk_page_answers_with_no_name(himawari, client):
    token = attendance.checkin_pass_issue(actor=user("guardian")).token
    login(client, "himawari")
    response = client.post(f"/operations/kiosk/{himawari.pk}/scan/", {"token": token}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-code="arrived"' in html and "岡田" not in html
    replay = client.post(f"/operations/kiosk/{himawari.pk}/scan/", {"token": token}, **HTMX)
    assert replay.status_code == 409 and 'data-code="operations.pass_used"' in replay.content.decode()


def test_the_guardian_page_shows_a_fresh_qr_code(himawari, client):
    login(client, "guardian")
    page = client.get("/operations/family/").content.decode()
    assert "<svg" in page and "岡田 葵" in page
    token = page.split('data-token="')[1].split('"')[0]
    assert CheckInPass.objects.filter(nonce=token.split(":")[0], used_at__isnull=True).exists()
    assert client.get("/operations/family/pass/", **HTMX).content.decode().split('data-token="')[1] != token
