"""The demo as `make run` loads it: seed 004's amendment approved and renewed for this fiscal year, so the demo
LoGo file is imported and the contractor and the ward find applications waiting."""

from django.utils import timezone

from childcare.subsidy.access import applications_read
from childcare.subsidy.contracts import approved_items, subsidy_business, subsidy_contract
from childcare.subsidy.models import Application
from childcare.subsidy.selectors import application_list, subsidy_actor
from governance.committee.selectors import approval_for_part
from governance.exchange.models import HandoverLedgerEntry
from governance.tenancy.models import Party, User


def test_the_amended_version_is_approved_in_its_period_and_the_demo_file_imported(demo):
    business = subsidy_business(municipality_id=Application.objects.first().municipality_id)
    approval = approval_for_part(subsidy_contract(business=business))
    version = approval.version
    assert approval.status == "approved"
    assert "電磁的媒体（LoGoフォーム）" in version.contractors.get().media
    today = timezone.localdate()
    assert version.period_start <= today <= version.period_end
    backs = Party.objects.get(name__contains="バックスグループ")
    assert "銀行口座情報" in approved_items(business=business, party_ids={backs.pk})
    assert Application.objects.count() == 12
    assert HandoverLedgerEntry.objects.filter(direction="receive", outcome="taken_in", record_count=12).exists()


def test_the_contractor_and_the_ward_see_the_demo_applications(demo):
    contractor = subsidy_actor(actor=User.objects.get(username="backs"))
    staff = subsidy_actor(actor=User.objects.get(username="shien"))
    assert contractor.contractor and staff.ward_staff
    assert application_list(who=contractor).count() == application_list(who=staff).count() == 12
    (view,) = applications_read(who=contractor, applications=[application_list(who=contractor).get(answer_id="100001")],
                                fields=["applicant.name", "child.name"], purpose="test")
    assert view.values["applicant.name"] == "山田 花子" and view.withheld == ("child.name",)
