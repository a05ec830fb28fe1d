"""A sweep started by hand from the retention page runs as a background job: batch by batch as the nightly sweep,
its page then showing what it removed; only the municipality's administrators and department staff start one."""

from datetime import date

from audit.context import Channel, bound
from governance.jobs.models import BackgroundJob
from governance.jobs.services import job_run
from governance.retention.models import RetentionErasure, RetentionRun
from governance.tenancy.models import Role
from tests.governance.retention.conftest import make_files, make_user, rule_for


def test_a_sweep_started_from_the_page_removes_batch_by_batch_and_reports(business, client, monkeypatch):
    from governance.jobs import services

    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    make_files(business, [date(2020, 1, 1), date(2020, 1, 2), date(2030, 1, 1)])
    rule_for(business)
    staff = make_user("kakari", business.municipality, Role.DEPARTMENT_STAFF, business.department)
    client.force_login(staff, backend="governance.tenancy.auth.RoleBackend")
    response = client.post("/retention/sweep/", {"municipality": business.municipality_id})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.parameters = {"as_of": "2031-04-02"}  # a day on which two of the three files have expired
    job.save(update_fields=["parameters"])
    seen = []
    with bound(channel=Channel.TASK, actor_id=staff.pk, tenant_id=business.municipality_id):
        job = job_run(job_id=job.pk, progress=lambda done, total, stage="": seen.append((done, total, stage)))
    assert job.status == "succeeded" and job.summary == {
        "rules": 1,
        "erased": 2,
        "rules_skipped": 0,
        "run": RetentionRun.objects.get().pk,
    }
    assert RetentionErasure.objects.count() == 2 and seen[0] == (0, 1, "sweeping")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "job-succeeded" in page and "削除したレコード" in page


def test_another_role_may_not_start_a_sweep(business, client):
    auditor = make_user("kansa", business.municipality, Role.AUDITOR)
    client.force_login(auditor, backend="governance.tenancy.auth.RoleBackend")
    assert client.post("/retention/sweep/", {"municipality": business.municipality_id}).status_code == 403
    assert not BackgroundJob.objects.exists()


def test_a_rule_the_sweep_could_not_apply_is_listed_in_the_readers_language(business, client, monkeypatch):
    from governance.jobs import services
    from governance.retention.models import RetentionRule

    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    rule = rule_for(business)
    RetentionRule.objects.filter(pk=rule.pk).update(source="childcare.nothing")
    staff = make_user("kakari", business.municipality, Role.DEPARTMENT_STAFF, business.department)
    client.force_login(staff, backend="governance.tenancy.auth.RoleBackend")
    client.post("/retention/sweep/", {"municipality": business.municipality_id})
    with bound(channel=Channel.TASK, actor_id=staff.pk, tenant_id=business.municipality_id):
        job = job_run(job_id=BackgroundJob.objects.get().pk, progress=lambda done, total, stage="": None)
    assert job.status == "succeeded" and job.summary["rules_skipped"] == 1 and job.problem_count == 1
    japanese = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "ja"}).content.decode()
    assert (f"規則 {rule.pk}（childcare.nothing）は適用されませんでした: 保存期間の対象「childcare.nothing」が"
            "登録されていません") in japanese
    english = client.get(f"/jobs/{job.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert (f"Rule {rule.pk} (childcare.nothing) was not applied: no retention source &#x27;childcare.nothing&#x27; "
            "is registered") in english
