"""Newsletters reach only the guardians of the children addressed, keep per-guardian read receipts, and list
who has not read them."""

import pytest

from audit.models import AuditEvent
from childcare.operations.errors import OperationsNotFound, OperationsRefused
from childcare.operations.models import Newsletter, NewsletterRecipient
from childcare.operations.newsletters import inbox, newsletter_open, newsletter_send
from common.uploads import UploadRefused
from tests.childcare.conftest import child_named, login
from tests.childcare.operations.conftest import parent_login, user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_class_newsletter_is_readable_by_that_classs_guardians_only(kirin, client):
    kato_parent = parent_login(child_named("加藤 悠真"), "kato-parent")
    login(client, "hoken")
    client.post("/operations/newsletters/", {"target": f"class:{kirin.pk}", "title": "きりん組だより 12月号",
                                             "body": "遠足のお知らせ"})
    newsletter = Newsletter.objects.get()
    assert [r.guardian.user_id for r in NewsletterRecipient.objects.all()] == [kato_parent.pk]
    # 岡田 葵's guardian (ぞう組) cannot find it in any way.
    assert inbox(actor=user("guardian")) == []
    with pytest.raises(OperationsNotFound):
        newsletter_open(actor=user("guardian"), newsletter_id=newsletter.pk)
    login(client, "guardian")
    assert "きりん組だより" not in client.get("/operations/family/newsletters/").content.decode()
    assert client.get(f"/operations/family/newsletters/{newsletter.pk}/").status_code == 404
    assert client.get(f"/operations/family/newsletters/{newsletter.pk}/attachment/").status_code == 404
    assert NewsletterRecipient.objects.get().read_at is None  # nobody's receipt was touched
    login(client, kato_parent.username)
    assert "きりん組だより" in client.get("/operations/family/newsletters/").content.decode()
    assert "遠足のお知らせ" in client.get(f"/operations/family/newsletters/{newsletter.pk}/").content.decode()


def test_read_receipts_and_the_not_read_list(kirin, zou, client):
    kato_parent = parent_login(child_named("加藤 悠真"), "kato-parent")
    newsletter = newsletter_send(actor=user("himawari"), facility=kirin.facility, child_class=None,
                                 title="園だより 12月号", attachment=(PDF, "dayori.pdf"))
    assert NewsletterRecipient.objects.filter(newsletter=newsletter).count() == 3  # 岡田 ×2, 加藤 ×1
    login(client, "himawari")
    page = client.get(f"/operations/newsletters/{newsletter.pk}/").content.decode()
    unread = page.split('class="unread"')[1].split("</ul>")[0]
    assert "岡田 葵" in unread and "加藤 悠真" in unread and 'data-read="0"' in page
    login(client, kato_parent.username)
    response = client.get(f"/operations/family/newsletters/{newsletter.pk}/attachment/")
    assert response["Content-Type"] == "application/pdf" and response.content == PDF
    client.get(f"/operations/family/newsletters/{newsletter.pk}/")  # a second opening is no second receipt
    assert AuditEvent.objects.filter(name="childcare.newsletter.read").count() == 1
    login(client, "himawari")
    page = client.get(f"/operations/newsletters/{newsletter.pk}/").content.decode()
    unread = page.split('class="unread"')[1].split("</ul>")[0]
    assert "岡田 葵" in unread and "加藤 悠真" not in unread and 'data-read="1"' in page


def test_refusals_send_nothing(kirin, zou):
    with pytest.raises(OperationsNotFound):  # hoikushi does not see きりん組
        newsletter_send(actor=user("hoikushi"), facility=kirin.facility, child_class=kirin, title="x")
    with pytest.raises(OperationsRefused):  # a worker does not write to the whole facility
        newsletter_send(actor=user("hoikushi"), facility=zou.facility, child_class=None, title="x")
    with pytest.raises(UploadRefused):
        newsletter_send(actor=user("himawari"), facility=zou.facility, child_class=zou, title="x",
                        attachment=(b"<html>", "dayori.pdf"))
    assert not Newsletter.objects.exists() and not NewsletterRecipient.objects.exists()
