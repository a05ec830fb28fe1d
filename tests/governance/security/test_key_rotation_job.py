"""Key rotation from its page: a municipality's administrator starts it as a background job, which re-wraps the
tenant's data keys through the rotation service (batch by batch) and reports how many."""

from audit.context import Channel, bound
from governance.crypto import keyring
from governance.crypto.models import DataKey
from governance.jobs import services
from governance.jobs.models import BackgroundJob
from governance.tenancy.models import Municipality, User


def test_an_administrator_rotates_a_tenants_keys_from_the_page(client, demo, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda job: None)  # played below, as the worker would
    admin = User.objects.get(username="admin")
    client.force_login(admin, backend="governance.tenancy.auth.RoleBackend")
    page = client.get("/security/keys/").content.decode()
    assert "暗号鍵" in page and "新宿区" in page and "練馬区" in page
    shinjuku = Municipality.objects.get(name="新宿区")
    ring = keyring.ring_get(municipality_id=shinjuku.pk)
    live = DataKey.objects.filter(ring=ring, shredded_at__isnull=True).count()
    response = client.post("/security/keys/", {"municipality": shinjuku.pk, "new_tenant_key": "1"})
    job = BackgroundJob.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.parameters == {"new_tenant_key": True}
    seen = []
    with bound(channel=Channel.TASK, actor_id=admin.pk, tenant_id=shinjuku.pk):
        job = services.job_run(job_id=job.pk, progress=lambda d, t, s="": seen.append((d, t)))
    assert job.status == "succeeded" and job.summary["rewrapped"] == live > 0 and seen[-1] == (live, live)
    assert (
        DataKey.objects.filter(ring=ring, shredded_at__isnull=True)
        .exclude(version_id=keyring.ring_get(municipality_id=shinjuku.pk).current_version_id)
        .count()
        == 0
    )
    assert "再ラップしたデータ鍵" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_only_an_administrator_sees_or_rotates_keys(client, demo):
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    assert client.get("/security/keys/").status_code == 403
    assert client.post("/security/keys/", {"municipality": 1}).status_code == 403
    assert not BackgroundJob.objects.exists()
