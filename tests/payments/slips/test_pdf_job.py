"""Batch slip PDFs as a background job: the chosen slips rendered by the printing service (audited as printed), the
PDF sealed on disk for its starter alone to download, for a day."""

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEvent
from governance.jobs import services
from governance.jobs.models import BackgroundJob
from governance.jobs.services import job_outputs_discard, job_run
from governance.jobs.staging import _path
from governance.tenancy.models import User
from payments.slips.models import Slip


def test_the_chosen_slips_become_one_pdf_for_their_starter_alone(client, demo, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    hoiku = User.objects.get(username="hoiku")
    client.force_login(hoiku, backend="governance.tenancy.auth.RoleBackend")
    slips = list(Slip.objects.filter(fee_type__name="延長保育料").values_list("pk", flat=True)[:3])
    response = client.post("/payments/slips/pdf/background/", {"slip": [str(i) for i in slips]})
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.parameters == {"slip_ids": sorted(slips)}
    job = job_run(job_id=job.pk, progress=lambda d, t, s="": None)
    assert job.status == "succeeded" and job.summary == {"slips": len(slips)}
    assert job.result_url == f"/jobs/{job.pk}/output/" and b"%PDF" not in _path(job.output_file).read_bytes()[:64]
    printed = AuditEvent.objects.get(name="payments.slip.printed")
    assert sorted(printed.data["slip_ids"]) == sorted(slips)
    download = client.get(f"/jobs/{job.pk}/output/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(name="governance.job.output_downloaded", actor_id=hoiku.pk).count() == 1
    client.force_login(User.objects.get(username="gakko"), backend="governance.tenancy.auth.RoleBackend")
    assert client.get(f"/jobs/{job.pk}/output/").status_code == 404

    assert job_outputs_discard(now=timezone.now() + timedelta(hours=25)) == 1
    assert not _path(job.output_file).exists() and BackgroundJob.objects.get(pk=job.pk).output_file is None
    client.force_login(hoiku, backend="governance.tenancy.auth.RoleBackend")
    assert client.get(f"/jobs/{job.pk}/output/").status_code == 404


def test_a_slip_pdf_job_reports_each_slip_rendered(client, demo, monkeypatch):
    """Slip by slip, then the file written: the bar ends only when the PDF exists."""
    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    slips = list(Slip.objects.filter(fee_type__name="延長保育料").values_list("pk", flat=True)[:3])
    client.post("/payments/slips/pdf/background/", {"slip": [str(i) for i in slips]})
    seen = []
    job = job_run(job_id=BackgroundJob.objects.get().pk, progress=lambda d, t, s="": seen.append((d, t, s)))
    assert job.status == "succeeded" and job.summary == {"slips": 3}
    assert seen == [(0, 4, "rendering"), (1, 4, "rendering"), (2, 4, "rendering"), (3, 4, "rendering"),
                    (4, 4, "rendering")]
