"""Health records: the nurse and the facility head read and write them (every read recorded); a childcare
worker, the department and a guardian get "not found"; growth is drawn as an SVG chart on the server."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from childcare.operations.errors import OperationsInvalid, OperationsNotFound
from childcare.operations.health import health_read, health_record_add
from childcare.operations.models import HealthRecord
from governance.tenancy.models import Position
from tests.childcare.conftest import child_named, head, login, reads_after
from tests.childcare.operations.conftest import user

pytestmark = pytest.mark.django_db


def _growth(child, actor, *pairs):
    for days_ago, height, weight in pairs:
        health_record_add(actor=actor, child=child, kind="growth",
                          date=timezone.localdate() - datetime.timedelta(days=days_ago),
                          values={"height_cm": height, "weight_kg": weight})


def test_the_nurse_sees_health_records_with_a_growth_chart_and_the_read_is_recorded(zou, client):
    okada = child_named("岡田 葵")
    nurse = user("hoken")
    _growth(okada, nurse, (120, "98.2", "14.9"), (60, "99.6", "15.3"), (0, "101.0", "15.8"))
    health_record_add(actor=nurse, child=okada, kind="temperature", date=timezone.localdate(),
                      values={"temperature": "37.8"}, notes="午睡後に微熱")
    seq = head()
    login(client, "hoken")
    page = client.get(f"/operations/health/{okada.record_uid}/").content.decode()
    assert "37.8 ℃" in page and "午睡後に微熱" in page and "101.0 cm / 15.8 kg" in page
    chart = page.split('<svg')[1].split("</svg>")[0]
    assert 'data-series="height"' in chart and 'data-series="weight"' in chart and "style" not in chart
    assert chart.count("<circle") == 2 * (3 + 4)  # height and weight of ours and of the demo's four
    health_reads = [r for r in reads_after(seq) if r.purpose == "childcare.operations.health"]
    assert [(r.actor_id, r.fields, r.data["sensitive_fields"]) for r in health_reads] == [
        (nurse.pk, ["health_record.measurements", "health_record.notes"],
         ["health_record.measurements", "health_record.notes"])]


@pytest.mark.parametrize("username", ["hoikushi", "hoiku", "guardian", "piyopiyo"])
def test_anyone_but_the_nurse_and_the_head_gets_not_found_and_nothing_is_read(zou, client, username):
    okada = child_named("岡田 葵")
    health_record_add(actor=user("himawari"), child=okada, kind="temperature", date=timezone.localdate(),
                      values={"temperature": "36.8"})
    seq, records = head(), HealthRecord.objects.count()
    login(client, username)
    assert client.get(f"/operations/health/{okada.record_uid}/").status_code == 404
    assert client.post(f"/operations/health/{okada.record_uid}/", {
        "kind": "temperature", "date": timezone.localdate().isoformat(), "temperature": "36.5"}).status_code == 404
    with pytest.raises(OperationsNotFound):
        health_read(actor=user(username), child=okada)
    assert HealthRecord.objects.count() == records and reads_after(seq) == []
    class_page = client.get(f"/operations/classes/{zou.pk}/").content.decode()
    assert f"/operations/health/{okada.record_uid}/" not in class_page


def test_a_nurse_who_becomes_a_worker_loses_access(zou):
    okada, nurse = child_named("岡田 葵"), user("hoken")
    nurse.memberships.update(position=Position.CHILDCARE_WORKER)
    with pytest.raises(OperationsNotFound):
        health_read(actor=user("hoken"), child=okada)


def test_implausible_values_are_refused_and_nothing_is_written(demo):
    okada, seq, records = child_named("岡田 葵"), head(), HealthRecord.objects.count()
    for kind, values in [("temperature", {"temperature": "376"}), ("temperature", {"temperature": "abc"}),
                         ("growth", {"height_cm": "99", "weight_kg": "150"}), ("checkup", {"checkup": ""}),
                         ("vaccination", {})]:
        with pytest.raises(OperationsInvalid):
            health_record_add(actor=user("hoken"), child=okada, kind=kind, date=timezone.localdate(), values=values)
    assert HealthRecord.objects.count() == records and AuditEvent.objects.filter(seq__gt=seq).count() == 0


def test_health_values_are_sealed_in_the_database(demo):
    okada = child_named("岡田 葵")
    record = health_record_add(actor=user("hoken"), child=okada, kind="checkup", date=timezone.localdate(),
                               values={"checkup": "内科健診"}, notes="心雑音の経過観察")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {HealthRecord._meta.db_table} WHERE id = %s", [record.pk])
        row = repr(cursor.fetchone())
    for text in ("内科健診", "心雑音", "内科健診".encode().hex()):
        assert text not in row
