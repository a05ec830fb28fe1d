"""Sending notifications (inbox and e-mail), reading them, and setting where they are mailed."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Forbidden, InvalidInput
from governance.notifications.models import MailAddress, MailStatus, Notification, NotificationKind
from governance.notifications.texts import notification_body, notification_subject
from governance.tenancy.models import Membership, User

logger = logging.getLogger(__name__)
_SCALARS = (str, int, bool, type(None))


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    municipality_id: int | None,
    kind: str,
    params: dict,
    link: str = "",
    subject: tuple[str, int | str] = ("", ""),
    key: str = "",
) -> Notification | None:
    """Put a notification in ``recipient``'s inbox and mail it once the transaction commits.

    ``params`` are references (ids, dates, counts, organisations' names), never a person's value. ``key``
    names the occasion: a second call with the same key (a task run twice) sends nothing and returns None.
    """
    if kind not in NotificationKind.values:
        raise InvalidInput(f"Unknown notification kind '{kind}'", field="kind")
    if any(not isinstance(v, _SCALARS) for v in params.values()):
        raise InvalidInput("Notification references are ids, dates and counts only", field="params")
    key = f"{key or f'{kind}:{subject[0]}:{subject[1]}:{timezone.now().isoformat()}'}:{recipient.pk}"
    notification, created = Notification.objects.get_or_create(
        key=key[:200],
        defaults={
            "recipient": recipient,
            "municipality_id": municipality_id,
            "kind": kind,
            "params": params,
            "link": link,
            "subject_type": subject[0],
            "subject_id": str(subject[1]),
        },
    )
    if not created:
        return None
    audit_record(
        "governance.notification.sent",
        obj=notification,
        tenant_id=municipality_id,
        data={"kind": kind, "recipient_id": recipient.pk, "subject_type": subject[0], "subject_id": str(subject[1])},
    )
    transaction.on_commit(lambda: notification_mail(notification_id=notification.pk))
    return notification


def notification_send_many(*, recipients: Iterable[User], **kwargs) -> list[Notification]:
    """The same notification to several people (each their own row, mail and audit event)."""
    sent = [notification_send(recipient=user, **kwargs) for user in {u.pk: u for u in recipients}.values()]
    return [n for n in sent if n is not None]


def notification_mail(*, notification_id: int) -> str:
    """Mail a notification to its recipient's address, in Japanese (the product's language); record the outcome.

    A mail that cannot go never undoes the notification: it stays in the inbox, marked as not mailed."""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if notification.mail_status != MailStatus.PENDING:
        return notification.mail_status
    address = MailAddress.objects.filter(user_id=notification.recipient_id).first()
    status = MailStatus.NO_ADDRESS
    if address is not None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = "[見守り] " + notification_subject(notification)
            body = notification_body(notification)
            if notification.link:
                body += "\n\n" + _("Details (after logging in): %(url)s") % {
                    "url": settings.MIMAMORI_BASE_URL.rstrip("/") + notification.link
                }
        try:
            send_mail(subject, body, None, [address.address])
            status = MailStatus.SENT
        except OSError:
            logger.exception("Could not mail notification %s", notification.pk)
            status = MailStatus.FAILED
    with transaction.atomic():
        notification.mail_status = status
        notification.mailed_at = timezone.now() if status == MailStatus.SENT else None
        notification.save(update_fields=["mail_status", "mailed_at"])
        audit_record(
            "governance.notification.mailed",
            obj=notification,
            tenant_id=notification.municipality_id,
            data={"kind": notification.kind, "recipient_id": notification.recipient_id, "status": status},
        )
    return status


@transaction.atomic
def notification_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one's own notification read (the first time only)."""
    if notification.recipient_id != actor.pk:
        raise Forbidden("This notification is someone else's", field="notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            "governance.notification.read",
            obj=notification,
            tenant_id=notification.municipality_id,
            actor_id=actor.pk,
            data={"kind": notification.kind},
        )
    return notification


@transaction.atomic
def mail_address_set(*, actor: User, address: str) -> MailAddress | None:
    """Set (or, with an empty address, remove) where one's notifications are mailed."""
    address = address.strip()
    if not address:
        MailAddress.objects.filter(user=actor).delete()
        audit_record(
            "governance.mail_address.set",
            object_type="governance.user",
            object_id=actor.pk,
            actor_id=actor.pk,
            fields=["address"],
            data={"removed": True},
        )
        return None
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput(_("Enter an e-mail address such as hoiku@city.example.jp"), field="address") from None
    record = MailAddress.objects.filter(user=actor).first() or MailAddress(user=actor)
    record.address = address
    record.save()
    audit_record(
        "governance.mail_address.set", obj=record, actor_id=actor.pk, fields=["address"], data={"removed": False}
    )
    return record


def members(
    *,
    municipality_id: int,
    roles: Iterable[str],
    party_id: int | None = None,
    department_ids: Iterable[int] | None = None,
) -> list[User]:
    """The active users holding one of ``roles`` in a tenant (optionally for a party or departments)."""
    found = Membership.objects.filter(municipality_id=municipality_id, role__in=list(roles), user__is_active=True)
    if party_id is not None:
        found = found.filter(party_id=party_id)
    if department_ids is not None:
        found = found.filter(department_id__in=list(department_ids))
    return list(User.objects.filter(pk__in=found.values("user_id")).order_by("pk"))
