"""The inbox: one's notifications (also shown on the home page), opening one marks it read, and the mail address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import ApplicationError, NotFound
from governance.notifications import selectors, services
from governance.notifications.texts import notification_body, notification_subject

HOME_SHOWN = 5


def _rows(notifications) -> list[dict]:
    return [{"n": n, "subject": notification_subject(n)} for n in notifications]


@login_required
def inbox(request):
    """Every notification of the signed-in person, unread first, and where they are mailed."""
    return render(
        request,
        "notifications/inbox.html",
        {
            "rows": _rows(selectors.inbox(user=request.user)[:200]),
            "has_address": selectors.mail_address_of(user=request.user) is not None,
        },
    )


@login_required
def inbox_recent(request):
    """The home page's inbox (loaded by htmx): the latest unread notifications and how many there are."""
    unread = selectors.inbox(user=request.user).filter(read_at__isnull=True)
    return render(
        request,
        "notifications/_recent.html",
        {"rows": _rows(unread[:HOME_SHOWN]), "unread": selectors.unread_count(user=request.user)},
    )


@login_required
def notification_detail(request, pk: int):
    """One notification in full; opening it marks it read."""
    try:
        notification = selectors.notification_get(user=request.user, notification_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    services.notification_read(actor=request.user, notification=notification)
    return render(
        request,
        "notifications/detail.html",
        {"n": notification, "subject": notification_subject(notification), "body": notification_body(notification)},
    )


@login_required
@require_POST
def mail_address(request):
    """Set or remove the address one's notifications are mailed to."""
    try:
        removed = services.mail_address_set(actor=request.user, address=request.POST.get("address", "")) is None
        messages.success(
            request,
            _("Notifications will no longer be mailed.")
            if removed
            else _("Notifications will be mailed to the new address."),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("notifications-inbox")
