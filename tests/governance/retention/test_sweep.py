"""The sweep removes exactly the expired records, once, in batches, and says what it removed (never values)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from audit.models import AuditEvent
from common.errors import Conflict, InvalidInput
from governance.crypto import RecordShredded, keyring
from governance.crypto.models import DataKey
from governance.retention import sweeper as sweep_module
from governance.retention.models import RetentionErasure, RetentionProgress, RetentionRule, RetentionRun
from tests.crypto_testapp.models import Person, RetainedFile
from tests.governance.retention.conftest import SOURCE, make_business, make_files, rule_for

AS_OF = date(2031, 4, 2)   # 5 years back: 2026-04-02


def ids(records) -> list[str]:
    return [str(r.pk) for r in records]


def test_only_records_whose_period_ended_go_and_the_boundary_day_is_kept(business):
    expired_a, kept_cutoff, expired_b, never, kept_later = make_files(
        business, [date(2026, 4, 1), date(2026, 4, 2), date(2026, 3, 1), None, date(2026, 5, 1)])
    rule = rule_for(business)

    result = sweep_module.sweep(as_of=AS_OF)

    assert result.erased == 2
    [outcome] = result.outcomes
    assert (outcome.rule_id, outcome.cutoff, outcome.erased, outcome.batches, outcome.skipped) == (
        rule.pk, date(2026, 4, 2), 2, 1, "")
    shredded = set(DataKey.objects.filter(shredded_at__isnull=False).values_list("pk", flat=True))
    assert shredded == {expired_a.data_key_id, expired_b.data_key_id}
    keyring.clear_caches()
    for gone in (expired_a, expired_b):
        with pytest.raises(RecordShredded):
            _ = RetainedFile.objects.get(pk=gone.pk).name
    assert [RetainedFile.objects.get(pk=f.pk).name for f in (kept_cutoff, never, kept_later)] == ["記録1", "記録3",
                                                                                                  "記録4"]
    erasures = RetentionErasure.objects.values_list("object_id", "subject_type", "subject_ref", "action")
    assert sorted(erasures) == sorted([
        (str(expired_a.pk), "crypto_testapp.person", str(expired_a.person_id), "crypto_shred"),
        (str(expired_b.pk), "crypto_testapp.person", str(expired_b.person_id), "crypto_shred"),
    ])


def test_a_day_later_the_boundary_record_goes_too(business):
    _, boundary = make_files(business, [date(2026, 4, 1), date(2026, 4, 2)])
    rule_for(business)
    assert sweep_module.sweep(as_of=AS_OF).erased == 1
    assert sweep_module.sweep(as_of=date(2031, 4, 3)).erased == 1
    assert RetentionErasure.objects.filter(object_id=str(boundary.pk)).count() == 1


def test_months_and_days_count_from_the_trigger_date(business):
    make_files(business, [date(2031, 1, 1), date(2031, 1, 2)])
    rule_for(business, years=0, months=3, days=1)   # cutoff: 2031-04-02 − 3 months 1 day = 2031-01-01
    assert [r.object_id for r in sweep_module.sweep(as_of=AS_OF, dry_run=True).records] == []
    assert sweep_module.sweep(as_of=date(2031, 4, 3)).erased == 1


def test_the_dry_run_lists_exactly_what_the_real_run_removes_and_changes_nothing(business, other_ward):
    files = make_files(business, [date(2020, 1, d) for d in range(1, 8)] + [date(2030, 1, 1)])
    foreign = make_business(other_ward, "子育て支援", "支援センター")
    make_files(foreign, [date(2020, 1, 1)])   # another tenant, and no rule there
    rule_for(business)
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    preview = sweep_module.sweep(as_of=AS_OF, dry_run=True, batch_size=3)

    listed = [(r.source, r.object_id, r.subject, r.trigger_date, r.action) for r in preview.records]
    assert listed == [(SOURCE, str(f.pk), ("crypto_testapp.person", str(f.person_id)), f.last_used_on, "crypto_shred")
                      for f in files[:7]]
    assert (preview.erased, preview.run_id, preview.outcomes[0].batches) == (7, None, 3)
    assert DataKey.objects.filter(shredded_at__isnull=False).count() == 0
    assert (RetentionRun.objects.count(), RetentionErasure.objects.count()) == (0, 0)
    assert list(AuditEvent.objects.filter(seq__gt=before).values_list("name", flat=True)) == [
        "governance.retention_run.previewed"]

    result = sweep_module.sweep(as_of=AS_OF, batch_size=3)

    removed = list(RetentionErasure.objects.order_by("object_id").values_list("source", "object_id"))
    assert sorted(removed) == sorted((source, object_id) for source, object_id, *_ in listed)
    assert result.erased == 7


def test_batches_are_audited_with_counts_and_references_but_no_values(business):
    files = make_files(business, [date(2020, 1, d) for d in range(1, 6)])
    rule = rule_for(business)

    result = sweep_module.sweep(as_of=AS_OF, batch_size=2)

    batches = list(AuditEvent.objects.filter(name="governance.retention_batch.erased").order_by("seq"))
    assert [e.data["count"] for e in batches] == [2, 2, 1]
    assert [e.data["references"] for e in batches] == [ids(files[:2]), ids(files[2:4]), ids(files[4:])]
    assert [e.data["batch"] for e in batches] == [1, 2, 3]
    assert batches[0].subjects == sorted([["crypto_testapp.person", str(f.person_id)] for f in files[:2]])
    assert (batches[0].object_type, batches[0].object_id, batches[0].data["run"]) == (
        "governance.retentionrule", str(rule.pk), result.run_id)
    shreds = list(AuditEvent.objects.filter(name="governance.data_keys.shredded").order_by("seq"))
    assert [e.data["data_keys"] for e in shreds] == [sorted(str(f.data_key_id) for f in files[i:i + 2])
                                                      for i in (0, 2, 4)]
    assert [e.data["shred_event"] for e in batches] == [e.seq for e in shreds]
    finished = AuditEvent.objects.get(name="governance.retention_run.finished")
    assert (finished.data["erased"], finished.data["batches"]) == (5, 3)
    assert sum(e.data["count"] for e in batches) == RetentionErasure.objects.count() == 5
    assert list(RetentionErasure.objects.values_list("audit_seq", flat=True).distinct().order_by("audit_seq")) == [
        e.seq for e in batches]
    text = " ".join(str(e.data) for e in AuditEvent.objects.all())
    assert "記録" not in text and "対象者" not in text


def test_a_second_run_removes_nothing(business):
    make_files(business, [date(2020, 1, 1), date(2020, 1, 2), date(2030, 1, 1)])
    rule_for(business)
    first = sweep_module.sweep(as_of=AS_OF, batch_size=1)
    second = sweep_module.sweep(as_of=AS_OF, batch_size=1)
    third = sweep_module.sweep(as_of=date(2031, 5, 1))

    assert (first.erased, second.erased, third.erased) == (2, 0, 0)
    assert (second.resumed, second.run_id != first.run_id) == (False, True)
    assert sweep_module.sweep(as_of=AS_OF, dry_run=True).records == []
    assert RetentionErasure.objects.count() == 2
    assert AuditEvent.objects.filter(name="governance.retention_batch.erased").count() == 2


def test_an_interrupted_run_resumes_after_its_last_committed_batch(business, monkeypatch):
    files = make_files(business, [date(2020, 1, d) for d in range(1, 6)])
    rule_for(business)

    def crash(report):
        raise KeyboardInterrupt("killed after the first batch")

    with pytest.raises(KeyboardInterrupt):
        sweep_module.sweep(as_of=AS_OF, batch_size=2, on_batch=crash)

    run = RetentionRun.objects.get()
    progress = RetentionProgress.objects.get(run=run)
    assert (run.status, run.erased, progress.cursor, progress.erased) == ("running", 2, str(files[1].pk), 2)

    resumed = sweep_module.sweep(as_of=AS_OF, batch_size=2)

    run.refresh_from_db()
    assert (resumed.run_id, resumed.resumed, resumed.erased) == (run.pk, True, 3)
    assert (run.status, run.erased, run.batches, run.attempts) == ("finished", 5, 3, 2)
    assert sorted(RetentionErasure.objects.values_list("object_id", flat=True)) == sorted(ids(files))
    assert AuditEvent.objects.filter(name="governance.retention_batch.erased").count() == 3


def test_a_run_for_another_day_supersedes_an_unfinished_one(business):
    make_files(business, [date(2020, 1, 1), date(2020, 1, 2)])
    rule_for(business)
    with pytest.raises(KeyboardInterrupt):
        sweep_module.sweep(as_of=AS_OF, batch_size=1, on_batch=lambda r: (_ for _ in ()).throw(KeyboardInterrupt()))
    later = sweep_module.sweep(as_of=date(2031, 6, 1), batch_size=1)
    assert (later.resumed, later.erased) == (False, 1)
    assert sorted(RetentionRun.objects.values_list("status", "erased")) == [("finished", 1), ("superseded", 1)]


def test_other_tenants_other_businesses_and_switched_off_rules_are_left_alone(business, other_business, other_ward):
    mine = make_files(business, [date(2020, 1, 1)])
    theirs = make_files(other_business, [date(2020, 1, 1)])
    foreign_business = make_business(other_ward, "子育て支援", "支援センター")
    foreign = make_files(foreign_business, [date(2020, 1, 1)])
    rule_for(business)
    rule_for(foreign_business)
    off = rule_for(other_business)
    RetentionRule.objects.filter(pk=off.pk).update(active=False)

    result = sweep_module.sweep(as_of=AS_OF, tenant_id=business.municipality_id)

    assert [o.rule_id for o in result.outcomes] == sorted(
        RetentionRule.objects.filter(municipality=business.municipality, active=True).values_list("pk", flat=True))
    assert list(RetentionErasure.objects.values_list("object_id", flat=True)) == [str(mine[0].pk)]
    assert DataKey.objects.filter(pk__in=[theirs[0].data_key_id, foreign[0].data_key_id],
                                  shredded_at__isnull=True).count() == 2


def test_delete_removes_the_rows(business):
    _, kept = make_files(business, [date(2020, 1, 1), date(2030, 1, 1)])
    rule_for(business, action="delete")
    assert sweep_module.sweep(as_of=AS_OF).erased == 1
    assert list(RetainedFile.objects.values_list("pk", flat=True)) == [kept.pk]
    assert sweep_module.sweep(as_of=AS_OF).erased == 0


def test_anonymise_keeps_statistics_and_happens_once(business):
    gone, kept = make_files(business, [date(2020, 1, 1), date(2030, 1, 1)])
    rule_for(business, action="anonymise")

    assert sweep_module.sweep(as_of=AS_OF).erased == 1
    assert sweep_module.sweep(as_of=AS_OF).erased == 0

    keyring.clear_caches()
    anonymised = RetainedFile.objects.get(pk=gone.pk)
    assert (anonymised.name, anonymised.person_id, anonymised.birth_year, anonymised.anonymised) == (
        "-", None, gone.birth_year, True)
    assert RetainedFile.objects.get(pk=kept.pk).name == "記録1"
    assert list(RetentionErasure.objects.values_list("object_id", "subject_ref")) == [
        (str(gone.pk), str(gone.person_id))]


def test_a_datetime_trigger_counts_in_local_days(business):
    tokyo = ZoneInfo("Asia/Tokyo")
    early, _ = (RetainedFile.objects.create(municipality=business.municipality, business=business, name="x",
                                               closed_at=moment)
                   for moment in (datetime(2026, 4, 1, 23, 59, tzinfo=tokyo), datetime(2026, 4, 2, 0, 0, tzinfo=tokyo)))
    rule_for(business, trigger="contract_end")
    preview = sweep_module.sweep(as_of=AS_OF, dry_run=True)
    assert [(r.object_id, r.trigger_date, r.subject) for r in preview.records] == [
        (str(early.pk), date(2026, 4, 1), ("crypto_testapp.person", "None"))]


def test_a_rule_whose_source_is_gone_is_skipped_and_said_so(business):
    make_files(business, [date(2020, 1, 1)])
    rule = rule_for(business)
    RetentionRule.objects.filter(pk=rule.pk).update(source="childcare.nothing")
    result = sweep_module.sweep(as_of=AS_OF)
    assert [(o.erased, o.skipped) for o in result.outcomes] == [
        (0, "保存期間の対象「childcare.nothing」が登録されていません")]
    with translation.override("en"):
        assert result.outcomes[0].skipped == "no retention source 'childcare.nothing' is registered"
    assert DataKey.objects.filter(shredded_at__isnull=False).count() == 0


def test_each_batch_opens_deletion_requests_for_its_subjects(business, monkeypatch):
    files = make_files(business, [date(2020, 1, 1), date(2020, 1, 2), date(2020, 1, 3)])
    rule = rule_for(business)
    calls = []
    real = sweep_module.deletion_requests_open_for_subjects
    monkeypatch.setattr(sweep_module, "deletion_requests_open_for_subjects",
                        lambda **kw: calls.append(kw) or real(**kw))  # a spy: the real service still runs

    sweep_module.sweep(as_of=AS_OF, batch_size=2)

    assert calls == [
        {"tenant_id": business.municipality_id, "reason": f"retention_rule:{rule.pk}", "as_of": AS_OF,
         "subjects": sorted(("crypto_testapp.person", str(f.person_id)) for f in files[:2])},
        {"tenant_id": business.municipality_id, "reason": f"retention_rule:{rule.pk}", "as_of": AS_OF,
         "subjects": [("crypto_testapp.person", str(files[2].person_id))]},
    ]


def test_a_failing_deletion_request_undoes_its_batch(business, monkeypatch):
    make_files(business, [date(2020, 1, 1)])
    rule_for(business)

    def refuse(**kwargs):
        raise Conflict("ledger unavailable")

    monkeypatch.setattr(sweep_module, "deletion_requests_open_for_subjects", refuse)  # injected failure
    with pytest.raises(Conflict, match="ledger unavailable"):
        sweep_module.sweep(as_of=AS_OF)
    assert (DataKey.objects.filter(shredded_at__isnull=False).count(), RetentionErasure.objects.count()) == (0, 0)
    assert AuditEvent.objects.filter(name="governance.retention_batch.erased").count() == 0


def test_the_sweep_refuses_to_run_inside_a_transaction_or_with_no_batch(business):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(Conflict, match="バッチごとに確定します"):
        sweep_module.sweep(as_of=AS_OF)
    with pytest.raises(InvalidInput, match="バッチサイズは1以上にしてください \\(0 は"):
        sweep_module.sweep(as_of=AS_OF, batch_size=0)
    assert RetentionRun.objects.count() == 0


def test_the_person_the_file_points_to_is_not_touched(business):
    [file] = make_files(business, [date(2020, 1, 1)])
    rule_for(business)
    sweep_module.sweep(as_of=AS_OF)
    keyring.clear_caches()
    assert Person.objects.get(pk=file.person_id).name == "対象者0"
