"""The gate and the ledger over HTTP, and the pages of the dry run and the ledger."""

import csv
import io

import pytest

from governance.deletion.demo import PURPOSE as DEMO_PURPOSE
from governance.exchange.channels import allowed_items
from governance.exchange.files import read_encrypted_zip
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import ExternalConnection
from governance.tenancy.models import User
from tests.governance.exchange.test_gate import CODE, NERIMA  # also registers the tests.people builder

# The ledger as the demo has it before the subsidy's LoGo import (seed 004's amendment left waiting): these
# tests count and list its entries.
DEMO_AMENDMENT_WAITING = True


@pytest.fixture
def api(client, demo):
    """A client logged in as the Nerima centre's staff, the seed 003 channel and its 23 items."""
    user = User.objects.get(username="nerima")
    client.force_login(user, backend="governance.tenancy.auth.RoleBackend")
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    version = channel.versions.order_by("number").first()
    return client, channel, allowed_items(version, "connection", version.counterparty)["send"]


def post(client, **body):
    return client.post("/api/v1/governance/exchanges/", body, content_type="application/json")


def test_allowed_exchange_answers_201_with_the_entry_and_minimised_rows(api):
    client, channel, items = api
    response = post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:2],
                    purpose_code=CODE, payload="tests.people", record_ids=["1", "2"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["entry"]["record_count"] == 2 and body["entry"]["party"] == "株式会社内田洋行"
    assert [sorted(r) for r in body["rows"]] == [sorted(items[:2])] * 2


def test_denied_exchange_answers_403_with_every_reason_and_records_nothing(api):
    client, channel, items = api
    response = post(client, channel="connection", channel_id=channel.pk, direction="send",
                    fields=[*items[:2], "銀行口座情報"], purpose_code=CODE, payload="tests.people", record_ids=["1"])
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "ExchangeDenied" and "銀行口座情報" in body["message"]
    assert [r["code"] for r in body["details"]["reasons"]] == ["field_not_allowed"]
    assert not HandoverLedgerEntry.objects.exclude(purpose=DEMO_PURPOSE).exists()  # the demo's own exchanges


def test_dry_run_moves_nothing(api):
    client, channel, _items = api
    response = post(client, channel="connection", channel_id=channel.pk, direction="send",
                    fields=["銀行口座情報"], purpose_code=CODE, record_ids=["1"], dry_run=True)
    assert response.status_code == 200 and response.json()["allow"] is False
    assert not HandoverLedgerEntry.objects.exclude(purpose=DEMO_PURPOSE).exists()  # the demo's own exchanges


def test_file_is_downloaded_separately_from_its_password(api):
    client, channel, items = api
    body = post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
                purpose_code=CODE, payload="tests.people", record_ids=["1"], as_file=True).json()
    download = client.get(body["file"]["download"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    files = read_encrypted_zip(download.content, body["password"])
    assert next(iter(files.values())).decode("utf-8-sig").splitlines()[0] == items[0]


def test_ledger_list_filters_and_csv(api):
    client, channel, items = api
    post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
         purpose_code=CODE, purpose="予約管理", payload="tests.people", record_ids=["1"])
    listed = client.get("/api/v1/governance/ledger/", {"channel": "connection", "channel_id": channel.pk}).json()
    listed = [e for e in listed if e["purpose"] == "予約管理"]  # besides the demo's own exchange
    assert len(listed) == 1 and listed[0]["items"] == items[:1]
    assert client.get("/api/v1/governance/ledger/", {"direction": "receive"}).json() == []
    assert client.get("/api/v1/governance/ledger/", {"start": "someday"}).status_code == 400
    csv = client.get("/api/v1/governance/ledger/export.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("番号,日時,取扱者") and "株式会社内田洋行" in csv


def test_another_tenants_channel_is_not_found(client, demo):
    client.force_login(User.objects.get(username="hoiku"), backend="governance.tenancy.auth.RoleBackend")
    channel = ExternalConnection.objects.get(title__contains=NERIMA)  # 練馬区
    response = post(client, channel="connection", channel_id=channel.pk, direction="send", fields=["氏名"],
                    purpose_code=CODE, payload="tests.people", record_ids=["1"])
    assert response.status_code == 404


def test_pages_show_the_ledger_and_the_reasons_of_a_dry_run(client, demo):
    client.force_login(User.objects.get(username="nerima"), backend="governance.tenancy.auth.RoleBackend")
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    page = client.post("/exchanges/check/", {"channel": f"connection:{channel.pk}", "direction": "send",
                                             "purpose_code": CODE, "extra_fields": "銀行口座情報"}).content.decode()
    assert "銀行口座情報" in page and 'id="decision"' in page
    assert client.get("/exchanges/ledger/").status_code == 200


def test_rows_sent_over_http_record_whose_data_they_are(api):
    """The ledger knows the subjects of rows sent through the API, so retention can ask for them back."""
    from governance.exchange.models import LedgerSubject

    client, channel, items = api
    response = post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
                    purpose_code=CODE, rows=[{items[0]: "x"}, {items[0]: "y"}],
                    subjects=[["childcare.child", "901"], ["childcare.child", "902"]])
    assert response.status_code == 201, response.content
    entry = HandoverLedgerEntry.objects.get(pk=response.json()["entry"]["id"])
    assert sorted(LedgerSubject.objects.filter(entry=entry).values_list("subject_type", "subject_id")) == [
        ("childcare.child", "901"), ("childcare.child", "902")]

    entries = HandoverLedgerEntry.objects.count()
    bad = post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
               purpose_code=CODE, rows=[{items[0]: "x"}], subjects=[["childcare.child", "山田 太郎"]])
    assert bad.status_code == 400  # a reference, never a value: no spaces, no names
    assert HandoverLedgerEntry.objects.count() == entries


FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_a_formula_typed_as_purpose_is_written_inert_in_the_ledger_csv_of_the_page_and_the_api(api):
    client, channel, items = api
    post(client, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
         purpose_code=CODE, purpose=FORMULA, payload="tests.people", record_ids=["1"])
    for url in ("/exchanges/ledger/?format=csv", "/api/v1/governance/ledger/export.csv"):
        rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        assert [row["目的"] for row in rows if "HYPERLINK" in row["目的"]] == ["'" + FORMULA], url
