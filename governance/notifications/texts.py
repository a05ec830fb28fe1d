"""The words of each kind of notification, written from its references in the reader's language.

No text names a child or a guardian: an e-mail travels outside the ward and may be read by anyone at the
recipient's mailbox, so it says what happened and where to look, and the page behind the link (which checks
who is reading) shows the rest.
"""

import datetime

from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from governance.notifications.models import Notification, NotificationKind

# What an import was, for a refused one: the job kinds that notify a refusal.
IMPORT_NAMES = {
    "payment_import": lambda: _("The payment result file import"),
    "subsidy_import": lambda: _("The LoGo form import"),
}

# A party's certifications, by the registry's codes.
CERTIFICATION_NAMES = {"privacy_mark": lambda: _("Privacy Mark"), "isms": lambda: _("ISMS (ISO/IEC 27001)")}


def _certification(code: str) -> str:
    return CERTIFICATION_NAMES.get(code, lambda: code)()


def _day(value: str) -> str:
    day = parse_date(value or "")
    return formats.date_format(day, "DATE_FORMAT") if isinstance(day, datetime.date) else ""


def _moment(value: str) -> str:
    moment = parse_datetime(value or "")
    return formats.date_format(localtime(moment), "DATETIME_FORMAT") if moment else ""


def notification_subject(notification: Notification) -> str:
    p = notification.params
    match notification.kind:
        case NotificationKind.WAITLIST_OFFER:
            return _("A temporary care place is offered to you: confirm it by %(deadline)s") % {
                "deadline": _moment(p.get("deadline"))
            }
        case NotificationKind.SUBMISSION_RETURNED:
            return _("The committee returned submission #%(submission)s") % {"submission": p.get("submission")}
        case NotificationKind.DELETION_OVERDUE:
            return _("Deletion certificate overdue: deletion request #%(request)s") % {"request": p.get("request")}
        case NotificationKind.CERTIFICATION_EXPIRING:
            return _("%(party)s's %(certification)s expires on %(valid_until)s") % {
                "party": p.get("party", ""),
                "certification": _certification(p.get("certification", "")),
                "valid_until": _day(p.get("valid_until")),
            }
        case NotificationKind.IMPORT_REFUSED:
            return _("Import refused: nothing was applied (job #%(job)s)") % {"job": p.get("job")}
    return notification.get_kind_display()


def notification_body(notification: Notification) -> str:
    p = notification.params
    match notification.kind:
        case NotificationKind.WAITLIST_OFFER:
            return _(
                "A place has become free at %(facility)s on %(day)s, and it is offered to you from the waiting "
                "list. Confirm the booking by %(deadline)s; after that the place is offered to the next "
                "family."
            ) % {"facility": p.get("facility", ""), "day": _day(p.get("day")), "deadline": _moment(p.get("deadline"))}
        case NotificationKind.SUBMISSION_RETURNED:
            return _(
                "The committee did not approve submission #%(submission)s (%(title)s) and returned it. Read "
                "the decision, revise the plan and submit it again."
            ) % {"submission": p.get("submission"), "title": p.get("title", "")}
        case NotificationKind.DELETION_OVERDUE:
            return _(
                "The certificate that %(party)s owes for deletion request #%(request)s was due on %(due)s and "
                "has not been confirmed. Until it is, the gate refuses new exchanges with this party."
            ) % {"party": p.get("party", ""), "request": p.get("request"), "due": _day(p.get("due"))}
        case NotificationKind.CERTIFICATION_EXPIRING:
            return _(
                "%(party)s's %(certification)s is valid until %(valid_until)s. Ask for the renewed "
                "certificate and record it; once it has expired, the gate refuses exchanges that require "
                "it."
            ) % {
                "party": p.get("party", ""),
                "certification": _certification(p.get("certification", "")),
                "valid_until": _day(p.get("valid_until")),
            }
        case NotificationKind.IMPORT_REFUSED:
            what = IMPORT_NAMES.get(p.get("kind", ""), lambda: _("The import"))()
            return _(
                "%(what)s you started (job #%(job)s) was refused with %(problems)s problem(s); nothing from "
                "the file was applied. The job's page lists the problems by line."
            ) % {"what": what, "job": p.get("job"), "problems": p.get("problems", 0)}
    return ""
