"""Fixtures for deletion requests: the demo (which already holds one exchange to 株式会社内田洋行 and its open
request), a fresh exchange over the same connection with named subjects, PDFs and a second vendor."""

import io
from datetime import date

import pytest
from reportlab.pdfgen import canvas

from governance.exchange.builders import PayloadRequest, register_payload_builder
from governance.exchange.channels import allowed_items
from governance.exchange.gate import exchange_request
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Membership, Municipality, Party, Role, User
from governance.tenancy.services import membership_create, user_create

NERIMA = "乳幼児一時預かり予約管理システム"
VENDOR = "株式会社内田洋行"
CODE = "governance.system_link"  # a purpose the gate registers itself


def reservation_rows(request: PayloadRequest):
    """Rows as the reservation system would build them; the record ids are the children's own ids."""
    for record_id in request.record_ids:
        yield {f: f"{f}-{record_id}" for f in request.fields}


register_payload_builder("tests.reservations", reservation_rows, subject_type="childcare.child")


def pdf_bytes(text: str = "消去証明書") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text.encode("ascii", "replace").decode())
    page.save()
    return buffer.getvalue()


@pytest.fixture
def nerima(demo):
    """(channel, the items it sends, the centre's staff member, the vendor user, the ward)."""
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    version = channel.versions.order_by("number").first()
    items = allowed_items(version, "connection", version.counterparty)["send"]
    return channel, items, User.objects.get(username="nerima"), User.objects.get(username="uchida"), \
        Municipality.objects.get(name="練馬区")


def send(channel, actor, items, child_ids, **kw):
    return exchange_request(actor=actor, channel=channel, direction="send", fields=items, purpose_code=CODE,
                            payload="tests.reservations", record_ids=list(child_ids), **kw)


@pytest.fixture
def other_vendor(nerima):
    """A user of another vendor of the same ward, with the second factor not in the way (force_login)."""
    ward = nerima[4]
    party = Party.objects.create(municipality=ward, name="株式会社べつの会社")
    user = user_create(username="betsu", password="x-unused-password-1", validate=False)
    membership_create(user=user, municipality=ward, role=Role.VENDOR_USER, party=party)
    return user


@pytest.fixture
def nerima_auditor(nerima):
    user = User.objects.get(username="kansa-nerima")
    assert Membership.objects.filter(user=user, role=Role.AUDITOR, municipality=nerima[4]).exists()
    return user


TODAY = date(2026, 6, 1)
