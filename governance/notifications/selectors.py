"""Reading one's own notifications."""

from django.db.models import QuerySet

from common.errors import NotFound
from governance.notifications.models import MailAddress, Notification


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first."""
    return Notification.objects.filter(recipient=user).order_by("read_at", "-created_at", "-pk")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get(*, user, notification_id: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise NotFound("No such notification in your inbox", field="notification")
    return notification


def mail_address_of(*, user) -> MailAddress | None:
    """One's own notification address (shown only to its owner, on their inbox page)."""
    return MailAddress.objects.filter(user=user).first()
