"""The progress line counts what a person counts (rules, data keys); a file's import shows its percentage alone
(its progress counts bytes over two passes, a number nobody reading the page could use)."""

import pytest
from django.utils import translation

from governance.jobs import selectors
from governance.jobs.models import BackgroundJob, JobStatus
from governance.tenancy.models import Municipality, User


@pytest.mark.parametrize("kind, stage, counted", [("retention_sweep", "sweeping", "7 件のルールのうち 3 件"),
                                                  ("key_rotation", "rewrapping", "7 個のデータ鍵のうち 3 個"),
                                                  ("payment_import", "scanning", "")])
def test_a_running_job_counts_only_what_a_person_counts(demo, monkeypatch, kind, stage, counted):
    monkeypatch.setattr(selectors, "task_progress", lambda task_id: {"done": 3, "total": 7, "stage": stage})
    job = BackgroundJob.objects.create(municipality=Municipality.objects.get(name="新宿区"), kind=kind,
                                       status=JobStatus.RUNNING, started_by=User.objects.get(username="hoiku"),
                                       task_id=f"test-{kind}")
    with translation.override("ja"):
        state = selectors.job_state(job=job)
        assert (state["percent"], str(state["counted"])) == (42, counted)
        assert state["stage"]
