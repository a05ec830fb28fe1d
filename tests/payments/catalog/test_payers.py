"""Payers' personal fields: encrypted at rest, shown on slips and pages, every showing recorded once."""

import csv
import io
import shutil
import subprocess

import pytest
from django.apps import apps
from django.db import connection

from audit.models import AuditEvent
from common.errors import InvalidInput
from governance.demo import DEMO_PASSWORD
from governance.tenancy.models import Municipality, User
from payments.catalog.models import Payer
from payments.catalog.services import payer_create
from payments.demo import PAYERS
from payments.slips.models import Slip
from payments.slips.printing import slips_print
from tests.conftest import require

READ = "audit.personal_data.read"


def login(client, username):
    assert client.login(username=username, password=DEMO_PASSWORD)


def reads():
    return list(AuditEvent.objects.filter(name=READ).order_by("seq"))


def test_no_payer_name_kana_address_or_phone_is_stored_in_plaintext(demo):
    assert Payer.objects.count() == len(PAYERS)
    secrets = [value for values in PAYERS.values() for value in values]
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_app_config("payments").get_models():
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        raw = bytes(value)
                        texts = [raw.decode("utf-8", "replace"), raw.decode("shift_jis", "replace")]
                    else:
                        texts = [str(value)]
                    found += [(model.__name__, s) for s in secrets if any(s in t for t in texts)]
    assert found == []
    # …while the application reads them back and finds a payer by name or phone through the blind index.
    payer = Payer.objects.get(reference_number="P0000001")
    assert (payer.name, payer.kana, payer.address, payer.phone) == PAYERS["P0000001"]
    tenant = payer.municipality
    assert list(Payer.objects.matching(tenant=tenant, name="見守　花子")) == [payer]
    assert list(Payer.objects.matching(tenant=tenant, kana="みまもり はなこ")) == [payer]
    assert list(Payer.objects.matching(tenant=tenant, phone="０３００００００01")) == [payer]


def test_registering_a_payer_needs_a_name_and_audits_field_names_not_values(demo):
    tenant = Municipality.objects.get(name="新宿区")
    hoiku = User.objects.get(username="hoiku")
    count = Payer.objects.count()
    with pytest.raises(InvalidInput) as error:
        payer_create(actor=hoiku, municipality=tenant, reference_number="P0000100", name="  ")
    assert error.value.field == "name" and Payer.objects.count() == count
    with pytest.raises(InvalidInput) as error:
        payer_create(actor=hoiku, municipality=tenant, reference_number="P0000100", name="試験 次郎",
                     phone="03-xxxx")
    assert error.value.field == "phone" and Payer.objects.count() == count

    payer = payer_create(actor=hoiku, municipality=tenant, reference_number="P0000100", name="試験 次郎",
                         address="東京都新宿区架空町9-9")
    event = AuditEvent.objects.filter(name="payments.payer.created").latest("seq")
    assert event.fields == ["住所", "氏名"] and event.subjects == [["payments.payer", str(payer.pk)]]
    assert "試験" not in str(event.data) and "架空町" not in str(event.data)
    assert Payer.objects.get(pk=payer.pk).kana is None


def test_a_slip_pdf_shows_its_payer_and_records_one_access_event(client, demo, tmp_path):
    slip = Slip.objects.get(charge__payer__reference_number="P0000004")
    login(client, "hoiku")
    before = reads()
    response = client.get(f"/payments/slips/{slip.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    new = reads()[len(before):]
    assert len(new) == 1
    event = new[0]
    assert event.subjects == [["payments.payer", str(slip.charge.payer_id)]]
    assert event.fields == ["住所", "氏名"] and event.purpose == "納付書の作成・送付"
    assert event.actor_id == User.objects.get(username="hoiku").pk and event.channel == "web"
    require(bool(shutil.which("pdftotext")), "poppler-utils is needed to read the PDF's text")
    (tmp_path / "slip.pdf").write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "slip.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    name, _, address, phone = PAYERS["P0000004"]
    assert f"{name} 様" in text and address in text and phone not in text


def test_a_batch_of_slips_is_one_access_event_naming_every_payer(demo):
    hoiku = User.objects.get(username="hoiku")
    from payments.slips.selectors import slip_list

    slips = list(slip_list(actor=hoiku).filter(reissue=0))
    before = len(reads())
    slips_print(actor=hoiku, slips=slips)
    new = reads()[before:]
    assert len(new) == 1
    assert new[0].subjects == sorted(["payments.payer", str(s.charge.payer_id)] for s in slips)
    assert len(new[0].subjects) == 6  # 保育課's six payers; 学校運営課's two are not this actor's


def test_the_slip_page_and_its_csv_show_names_each_with_one_access_event(client, demo):
    login(client, "hoiku")
    before = len(reads())
    page = client.get("/payments/slips/").content.decode()
    assert "見守 花子" in page and "試作 結衣" not in page  # 学校運営課's payer is not shown to 保育課
    new = reads()[before:]
    assert len(new) == 1 and new[0].fields == ["氏名"] and new[0].purpose == "収納状況の確認"
    shown = {int(pk) for _, pk in new[0].subjects}
    assert shown == set(Payer.objects.filter(charges__fee_type__department__name="保育課")
                        .values_list("pk", flat=True))

    body = client.get("/payments/slips/?format=csv").content.decode("utf-8-sig")
    assert body.splitlines()[0].split(",")[3:5] == ["payer_reference", "payer_name"]
    assert "見守 花子" in body
    new = reads()[before + 1:]
    assert len(new) == 1 and new[0].channel == "export" and {int(pk) for _, pk in new[0].subjects} == shown


def test_the_slips_csv_writes_a_formula_name_inert_and_amounts_as_numbers(client, demo):
    (payer,) = [p for p in Payer.objects.all() if p.name == "見守 花子"]
    payer.name = "=HYPERLINK(\"http://evil.example\")"
    payer.save()
    login(client, "hoiku")

    rows = list(csv.DictReader(io.StringIO(client.get("/payments/slips/?format=csv").content.decode("utf-8-sig"))))

    named = [r for r in rows if r["payer_reference"] == payer.reference_number]
    assert named and {r["payer_name"] for r in named} == {"'=HYPERLINK(\"http://evil.example\")"}
    assert all(r["amount"].isdigit() for r in rows)


@pytest.mark.django_db(transaction=True)
def test_a_payer_past_retention_is_shredded_by_the_sweep_and_shown_as_erased(client, demo):
    """Slips set the payer's last use; once the rule's period after it has passed the sweep crypto-shreds
    the payer: slips and amounts stay, pages, CSV and PDF show the payer as erased and record no read of it."""
    from datetime import date

    from governance.retention.models import RetentionRule
    from governance.retention.sweeper import sweep

    payer = Payer.objects.get(reference_number="P0000004")
    slips = Slip.objects.filter(charge__payer=payer)
    assert payer.last_used_on == max(s.handling_deadline for s in slips)
    rule = RetentionRule.objects.get(municipality=payer.municipality, source="payments.payer")
    assert (rule.trigger, rule.period_years, rule.action) == ("last_use", 5, "crypto_shred")
    # Given: this payer's last slip could be paid until 31 May 2019 (the others' are recent).
    Payer._base_manager.filter(pk=payer.pk).update(last_used_on=date(2019, 5, 31))
    others = {p.pk: p.name for p in Payer.objects.exclude(pk=payer.pk)}
    as_of = date(2024, 6, 1)  # five years and a day later

    result = sweep(as_of=as_of, tenant_id=payer.municipality_id)

    assert result.erased == 1
    assert Payer.objects.get(pk=payer.pk).erased and slips.count() >= 1
    assert {p.pk: p.name for p in Payer.objects.exclude(pk=payer.pk)} == others
    login(client, "hoiku")
    before = len(reads())
    page = client.get("/payments/slips/").content.decode()
    assert "（消去済み）" in page
    pdf = client.get(f"/payments/slips/{slips.first().pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    new = reads()[before:]
    assert len(new) == 1 and str(payer.pk) not in {pk for _, pk in new[0].subjects}  # the page; the PDF read none
