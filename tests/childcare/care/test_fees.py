"""A month of actual use becomes one payment slip per household, once; and the 延べ利用児童数 report."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from childcare.care import attendance, fees, rules
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import CareBooking, CareFacility, CareFeeStatement, CareRegistration, FeeWaiver
from childcare.care.services import booking_cancel, booking_create
from governance.tenancy.models import Municipality, User
from payments.catalog.models import Charge, Payer
from payments.slips.barcode import check_digit_ok
from tests.childcare.care.conftest import approve
from tests.childcare.conftest import child_named, login

pytestmark = pytest.mark.django_db


def _at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=rules.TOKYO)


def _last_month_weekdays() -> list[datetime.date]:
    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    last = rules.month_of(first)[1]
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
            if (first + datetime.timedelta(days=n)).weekday() < 5]


@pytest.fixture
def month(demo):
    """Last month at ひまわり保育園: 岡田 葵 came late once, missed a day, cancelled late; 加藤 悠真 (a household
    exempt from resident tax) came once; and a booking whose attendance is not recorded yet."""
    days = _last_month_weekdays()
    hoiku = User.objects.get(username="hoiku")
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    okada, kato = child_named("岡田 葵"), child_named("加藤 悠真")
    for child in (okada, kato):
        if not CareRegistration.objects.filter(child=child, fiscal_year=rules.fiscal_year(days[0])).exists():
            approve(child, rules.fiscal_year(days[0]), by="hoiku")
    registration = CareRegistration.objects.get(child=kato, fiscal_year=rules.fiscal_year(days[0]))
    fees.registration_waiver_set(actor=hoiku, registration=registration, waiver=FeeWaiver.TAX_EXEMPT)

    def book(child, day):
        return booking_create(actor=hoiku, child=child, facility_id=care.facility_id, date=day, slot_code="full",
                              now=_at(day - datetime.timedelta(days=5), 10))

    came, absent, cancelled, kato_came, unrecorded = (book(okada, days[0]), book(okada, days[1]),
                                                     book(okada, days[2]), book(kato, days[0]), book(kato, days[1]))
    attendance.check_in(actor=hoiku, booking_id=came.pk, at=_at(days[0], 8, 40), now=_at(days[0], 8, 40))
    attendance.check_out(actor=hoiku, booking_id=came.pk, at=_at(days[0], 17, 40), now=_at(days[0], 17, 40))
    attendance.mark_no_show(actor=hoiku, booking_id=absent.pk, now=_at(days[1], 10))
    booking_cancel(actor=hoiku, booking=cancelled, now=_at(days[2] - datetime.timedelta(days=1), 20))
    attendance.check_in(actor=hoiku, booking_id=kato_came.pk, at=_at(days[0], 9), now=_at(days[0], 9))
    return {"hoiku": hoiku, "care": care, "first": days[0].replace(day=1), "unrecorded": unrecorded,
            "fee": came.fee_yen, "kato_fee": kato_came.fee_yen, "okada": okada, "kato": kato}


def test_a_month_is_billed_once_per_household_from_actual_use(month):
    shinjuku = Municipality.objects.get(name="新宿区")
    hoiku, first = month["hoiku"], month["first"]
    with pytest.raises(CareConflict) as refused:
        fees.fees_issue(actor=hoiku, municipality=shinjuku, month=first)
    assert refused.value.code == "care.attendance_missing"
    assert CareFeeStatement.objects.count() == 0
    assert not Charge.objects.filter(payer__reference_number__startswith="CARE").exists()
    attendance.mark_no_show(actor=hoiku, booking_id=month["unrecorded"].pk,
                            now=_at(month["unrecorded"].date, 12))
    charges = Charge.objects.count()
    result = fees.fees_issue(actor=hoiku, municipality=shinjuku, month=first)
    assert (len(result.issued), result.already) == (2, 0)
    okada = CareFeeStatement.objects.get(guardian=month["okada"].guardian_links.order_by("order", "pk")[0].guardian)
    # The day: 8:40–17:40 at a slot ending 17:00 is two started half hours at ¥300; the no-show costs the full
    # fee (the facility's rule); the late cancellation 9 started hours × ¥300.
    assert (okada.usage_yen, okada.late_yen, okada.no_show_yen, okada.cancellation_yen, okada.waived_yen) == (
        month["fee"], 600, month["fee"], 2700, 0)
    assert okada.amount == 2 * month["fee"] + 600 + 2700
    kato = CareFeeStatement.objects.exclude(pk=okada.pk).get()
    # Exempt from resident tax: half of both the day and the no-show.
    assert (kato.usage_yen, kato.no_show_yen, kato.waived_yen) == (month["kato_fee"], month["kato_fee"],
                                                                   month["kato_fee"])
    assert kato.amount == month["kato_fee"]
    for statement in (okada, kato):
        slip = statement.charge.slips.get()
        assert slip.amount == statement.amount and slip.fee_type.name == "一時保育料"
        assert len(slip.barcode) == 44 and check_digit_ok(slip.barcode.encode())
        assert statement.charge.payer.reference_number == f"CARE{statement.guardian_id}"
        assert statement.charge.due_date == fees.due_date(first)
    assert Charge.objects.count() == charges + 2
    assert CareBooking.objects.filter(statement=okada).count() == 3  # attended, no-show, cancelled late
    # Again, by the page and by the command: nobody is billed twice.
    again = fees.fees_issue(actor=hoiku, municipality=shinjuku, month=first)
    out = io.StringIO()
    call_command("care_fees_issue", municipality=shinjuku.code, month=f"{first:%Y-%m}", user="hoiku", stdout=out)
    assert (len(again.issued), again.already) == (0, 2) and "0 statements issued" in out.getvalue()
    assert Charge.objects.count() == charges + 2 and CareFeeStatement.objects.count() == 2
    assert AuditEvent.objects.filter(name="childcare.care_fee.issued").count() == 2
    # The payer's name is the guardian's, sealed; the read was recorded.
    assert Payer.objects.get(reference_number=f"CARE{okada.guardian_id}").name == "岡田 健一"
    reads = AuditEvent.objects.filter(name="audit.personal_data.read", purpose=fees.PURPOSE_FEES)
    guardian = sorted(["guardian.name", "guardian.kana", "guardian.address", "guardian.phone"])
    assert sorted(sorted(e.fields) for e in reads) == [["care_registration.fee_waiver"], guardian, guardian]


def test_only_the_fee_owning_department_issues_and_only_after_the_month(month):
    shinjuku = Municipality.objects.get(name="新宿区")
    with pytest.raises(CareRefused) as refused:
        fees.fees_issue(actor=User.objects.get(username="himawari"), municipality=shinjuku, month=month["first"])
    assert refused.value.code == "care.fees_staff_only"
    with pytest.raises(CareInvalid) as refused:
        fees.fees_issue(actor=month["hoiku"], municipality=shinjuku, month=timezone.localdate())
    assert refused.value.code == "care.month_not_over"
    nerima = Municipality.objects.get(name="練馬区")
    with pytest.raises(CareNotFound) as refused:
        fees.fees_issue(actor=month["hoiku"], municipality=nerima, month=month["first"])
    assert refused.value.code == "care.fee_type_missing"
    assert CareFeeStatement.objects.count() == 0


def test_the_fee_page_issues_and_the_report_counts_child_days(month, client):
    attendance.mark_no_show(actor=month["hoiku"], booking_id=month["unrecorded"].pk,
                            now=_at(month["unrecorded"].date, 12))
    login(client, "hoiku")
    first = month["first"]
    shinjuku = Municipality.objects.get(name="新宿区")
    page = client.post("/care/fees/", {"ward": shinjuku.pk, "month": f"{first:%Y-%m}"}, follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="care-fee"') == 2 and 'class="barcode"' in html
    care = month["care"]
    report = client.get(f"/care/report/?facility={care.facility_id}&month={first:%Y-%m}")
    assert report.status_code == 200
    csv = client.get(f"/care/report/?facility={care.facility_id}&month={first:%Y-%m}&format=csv")
    text = csv.content.decode("utf-8-sig")
    rows = [line.split(",") for line in text.strip().split("\r\n")[1:]]
    # Two children of one band attended one day each (the no-shows and the cancellation are no use).
    assert len(rows) == 3 and sorted((int(row[3]), int(row[4])) for row in rows) == [(0, 0), (0, 0), (2, 2)]
    login(client, "guardian")
    assert client.get("/care/fees/").status_code == 403
