"""Pre-check by the contractor, decision by the ward, duplicates blocking, bulk approval's errors, the call centre."""

import pytest

from audit.models import AuditEvent
from childcare.subsidy.access import applications_read, inquiries_read
from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
from childcare.subsidy.errors import SubsidyConflict, SubsidyRefused
from childcare.subsidy.models import Application, Step
from childcare.subsidy.selectors import application_list, subsidy_actor
from childcare.subsidy.services import (
    application_decide,
    application_pre_check,
    applications_bulk_approve,
    inquiry_record,
    logo_import,
)
from governance.tenancy.models import User
from tests.childcare.subsidy.test_import_and_rules import approve_amendment

# Each test imports its own file once the amendment is approved: the demo leaves it waiting.
DEMO_AMENDMENT_WAITING = True


def who(username):
    return subsidy_actor(actor=User.objects.get(username=username))


def test_contractor_pre_checks_sees_only_approved_items_and_never_decides(demo):
    approve_amendment()
    logo_import(who=who("shien"), form=DEMO_FORM, content=demo_logo_csv(count=4))
    backs, staff = who("backs"), who("shien")
    assert backs.contractor and not backs.ward_staff
    assert "child.name" not in backs.readable and "applicant.bank_account" in backs.readable
    # Another ward's vendor and other departments see nothing of the subsidy.
    for outsider in ("uchida", "hoiku"):
        with pytest.raises(SubsidyRefused):
            who(outsider)
    first, second, duplicate, fourth = Application.objects.order_by("answer_id")
    with pytest.raises(SubsidyRefused):
        application_pre_check(who=staff, application_id=first.pk)
    with pytest.raises(SubsidyConflict):  # the ward cannot decide what was not pre-checked
        application_decide(who=staff, application_id=first.pk, outcome="approved")
    for application in (first, second, duplicate, fourth):
        application_pre_check(who=backs, application_id=application.pk)
    with pytest.raises(SubsidyRefused):
        application_decide(who=backs, application_id=second.pk, outcome="approved")
    assert Application.objects.get(pk=second.pk).state == "pre_checked"

    (view,) = applications_read(who=backs, applications=[first], fields=["applicant.name", "child.name"],
                                purpose="childcare.subsidy.detail")
    assert set(view.values) == {"applicant.name"} and view.withheld == ("child.name",)
    read = AuditEvent.objects.filter(name="audit.personal_data.read").latest("seq")
    assert read.fields == ["applicant.name"] and read.purpose == "childcare.subsidy.detail"

    # The duplicate (same child, same hours) blocks approving either until one of them is refused.
    with pytest.raises(SubsidyConflict) as blocked:
        application_decide(who=staff, application_id=first.pk, outcome="approved")
    assert blocked.value.code == "subsidy.duplicate"
    outcomes = applications_bulk_approve(who=staff, application_ids=[first.pk, second.pk, 999999])
    assert [(o.application_id, o.ok, o.code) for o in outcomes] == [
        (first.pk, False, "subsidy.duplicate"), (second.pk, True, ""), (999999, False, "SubsidyNotFound")]
    application_decide(who=staff, application_id=duplicate.pk, outcome="refused", reason="重複申請のため")
    decided = application_decide(who=staff, application_id=first.pk, outcome="approved")
    assert (decided.state, decided.decided_yen) == ("decided", 6000)
    assert list(Step.objects.filter(application=first).values_list("to_state", "actor__username")) == [
        ("received", "shien"), ("pre_checked", "backs"), ("decided", "shien")]

    inquiry_record(who=backs, application_id=fourth.pk, content="振込予定日の問い合わせ")
    (inquiry,) = inquiries_read(who=backs, application=fourth)
    assert inquiry.content == "振込予定日の問い合わせ"
    assert AuditEvent.objects.filter(name="audit.personal_data.read", fields=["inquiry.content"]).exists()
    assert application_list(who=backs).count() == 4


def test_notice_pdf_and_transfer_pay_each_application_once(demo, tmp_path):
    import subprocess

    from childcare.subsidy.models import Payment
    from childcare.subsidy.notices import notices_pdf
    from childcare.subsidy.zengin import Requester, transfer_run_create
    from common.wareki import wareki_date

    approve_amendment()
    logo_import(who=who("shien"), form=DEMO_FORM, content=demo_logo_csv(count=2))
    first = Application.objects.get(answer_id="100001")
    application_pre_check(who=who("backs"), application_id=first.pk)
    application_decide(who=who("shien"), application_id=first.pk, outcome="approved")
    first.refresh_from_db()
    pdf = notices_pdf(who=who("shien"), applications=[first])
    (tmp_path / "n.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "n.pdf"), "-"], capture_output=True, text=True).stdout
    assert "交付決定通知書" in text and "6,000円" in text and wareki_date(first.decided_on) in text
    assert Application.objects.get(pk=first.pk).state == "notified"
    ward = Requester("1310400001", "ｼﾝｼﾞﾕｸｸ", "0001", "001", "1", "1234567")
    run = transfer_run_create(who=who("shien"), requester=ward, transfer_on=first.decided_on)
    assert (run.record_count, run.total_yen) == (1, 6000)
    assert run.file.split(b"\r\n")[1][80:90] == b"0000006000"
    with pytest.raises(SubsidyConflict):
        transfer_run_create(who=who("shien"), requester=ward, transfer_on=first.decided_on)
    assert list(Payment.objects.values_list("application_id", "amount_yen")) == [(first.pk, 6000)]
