"""The inbox: on the home page and its own page, Japanese, one's own notifications only; opening one marks it read,
and sending, reading and setting the mail address are audited without the address."""

import json

from django.core import mail

from audit.models import AuditEvent
from governance.notifications.models import MailAddress, Notification
from governance.notifications.services import notification_mail, notification_send
from governance.tenancy.models import Municipality, User


def _login(client, username: str) -> User:
    user = User.objects.get(username=username)
    client.force_login(user, backend="governance.tenancy.auth.RoleBackend")
    return user


def _refused_import(user: User) -> Notification:
    return notification_send(
        recipient=user,
        municipality_id=Municipality.objects.get(name="新宿区").pk,
        kind="import_refused",
        params={"job": 7, "kind": "payment_import", "problems": 3},
        link="/jobs/7/",
        subject=("governance.backgroundjob", 7),
    )


def test_the_home_page_loads_the_inbox_and_opening_a_notification_marks_it_read(client, demo):
    hoiku = _login(client, "hoiku")
    notification = _refused_import(hoiku)
    home = client.get("/").content.decode()
    assert 'hx-get="/notifications/recent/"' in home
    recent = client.get("/notifications/recent/").content.decode()
    assert "未読 1 件" in recent and "取込が拒否されました（何も反映していません、処理 #7）" in recent
    page = client.get(f"/notifications/{notification.pk}/").content.decode()
    assert "開始した収納データの取込（処理 #7）は 3 件の問題により拒否されました" in page and 'href="/jobs/7/"' in page
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "新しいお知らせはありません。" in client.get("/notifications/recent/").content.decode()
    client.get(f"/notifications/{notification.pk}/")  # a second opening is no second read event
    assert AuditEvent.objects.filter(name="governance.notification.read", actor_id=hoiku.pk).count() == 1


def test_a_notification_is_its_recipients_alone(client, demo):
    notification = _refused_import(User.objects.get(username="hoiku"))
    _login(client, "gakko")
    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    assert "取込が拒否" not in client.get("/notifications/").content.decode()
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_the_mail_address_is_sealed_audited_without_its_value_and_refused_when_malformed(client, demo):
    hoiku = _login(client, "hoiku")
    response = client.post("/notifications/address/", {"address": "not an address"}, follow=True)
    assert "hoiku@city.example.jp のようなメールアドレスを入力してください" in response.content.decode()
    assert not MailAddress.objects.exists()
    client.post("/notifications/address/", {"address": "hoiku@city.example.jp"})
    assert MailAddress.objects.get(user=hoiku).address == "hoiku@city.example.jp"
    events = AuditEvent.objects.filter(name="governance.mail_address.set")
    assert events.count() == 1 and "hoiku@" not in json.dumps(list(events.values_list("data", flat=True)))
    notification = _refused_import(hoiku)
    assert notification_mail(notification_id=notification.pk) == "sent"
    (message,) = mail.outbox
    assert message.subject == "[見守り] 取込が拒否されました（何も反映していません、処理 #7）"
    assert "http://127.0.0.1:8000/jobs/7/" in message.body
    assert notification_mail(notification_id=notification.pk) == "sent" and len(mail.outbox) == 1  # once


def test_without_an_address_the_notification_stays_in_the_inbox_only(demo):
    notification = _refused_import(User.objects.get(username="gakko"))
    assert notification_mail(notification_id=notification.pk) == "no_address" and not mail.outbox
