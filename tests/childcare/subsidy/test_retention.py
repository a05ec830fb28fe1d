"""Applications and their documents leave after the retention period counted from the decision."""

import datetime

import pytest

from childcare.subsidy.contracts import subsidy_business
from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
from childcare.subsidy.models import Application, Document
from childcare.subsidy.selectors import subsidy_actor
from childcare.subsidy.services import application_decide, application_pre_check, document_add, logo_import
from governance.crypto.shredding import record_shredded
from governance.retention.services import retention_rule_create
from governance.retention.sweeper import sweep
from governance.tenancy.models import User
from tests.childcare.subsidy.test_import_and_rules import approve_amendment

# Each test imports its own file once the amendment is approved: the demo leaves it waiting.
DEMO_AMENDMENT_WAITING = True


@pytest.mark.django_db(transaction=True)
def test_a_decided_application_is_shredded_after_its_period_and_an_undecided_one_kept(demo):
    approve_amendment()
    staff = User.objects.get(username="shien")
    ward, backs = subsidy_actor(actor=staff), subsidy_actor(actor=User.objects.get(username="backs"))
    logo_import(who=ward, form=DEMO_FORM, content=demo_logo_csv(count=2))
    decided, undecided = Application.objects.order_by("answer_id")
    document_add(who=ward, application_id=decided.pk, kind="receipt", name="領収書.pdf", content=b"%PDF-1.4 demo")
    application_pre_check(who=backs, application_id=decided.pk)
    application_decide(who=ward, application_id=decided.pk, outcome="refused", reason="書類不備")
    business = subsidy_business(municipality_id=ward.municipality_id)
    retention_rule_create(municipality=business.municipality, actor=staff, data={
        "source": "childcare.subsidy_application", "trigger": "decision", "period_years": 5,
        "action": "crypto_shred", "business": business.pk})
    decided.refresh_from_db()
    sweep(as_of=decided.decided_on + datetime.timedelta(days=366 * 5 + 2), tenant_id=ward.municipality_id)
    assert record_shredded(Application.objects.get(pk=decided.pk))
    assert record_shredded(Document.objects.get(application=decided))  # sealed with the application's key
    assert not record_shredded(Application.objects.get(pk=undecided.pk))
