"""The exchange policy's reasons worded for the reader (policies/rego/exchange/exchange.rego writes them in English)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from policies.messages import register_reason_wordings


def _channel(i) -> str:
    channel = i["channel"]
    if channel["kind"] == "contract":
        return _("the outsourcing contract “%(name)s”") % {"name": channel["name"]}
    return _("the external connection “%(name)s”") % {"name": channel["name"]}


def _counterparty(i) -> str:
    return i["channel"]["counterparty"]["name"]


def _side(side: str) -> str:
    return {"ward": _("the ward's side"), "counterparty": _("the counterparty's side")}.get(side, side)


def _certification(kind: str) -> str:
    return {"privacy_mark": _("the Privacy Mark"), "isms": _("an ISMS certification")}.get(kind, kind)


def _handler(r, i) -> str:
    if not i["channel"].get("designated_handler_ids"):
        return _("No handler is designated for %(channel)s, so nobody may exchange data over it.") % {
            "channel": _channel(i)
        }
    return _("You are not a designated handler of %(channel)s.") % {"channel": _channel(i)}


def _field(r, i) -> str:
    values = {"field": r["field"], "counterparty": _counterparty(i), "channel": _channel(i)}
    if r.get("direction", i.get("direction")) == "receive":
        return _("The item %(field)s is not approved to be received from %(counterparty)s over %(channel)s.") % values
    return _("The item %(field)s is not approved to be sent to %(counterparty)s over %(channel)s.") % values


WORDINGS = {
    "input_invalid": lambda r, i: (
        _("The policy input has no valid %(field)s; the exchange is denied.") % {"field": r["field"]}
    ),
    "no_approval": lambda r, i: capfirst(
        _("%(channel)s has no approval from the privacy committee.") % {"channel": _channel(i)}
    ),
    "approval_revoked": lambda r, i: (
        _("The approval of %(channel)s (%(meeting)s) has been revoked.")
        % {"channel": _channel(i), "meeting": r["meeting"]}
    ),
    "version_not_approved": lambda r, i: capfirst(
        _("%(channel)s is in use at version %(in_use)s, but the approved version is %(approved)s.")
        % {"channel": _channel(i), "in_use": r["version_in_use_id"], "approved": r["approved_version_id"]}
    ),
    "before_period": lambda r, i: (
        _("Today (%(today)s) is before the approved period of %(channel)s starts (%(start)s).")
        % {"today": i["today"], "channel": _channel(i), "start": r["date"]}
    ),
    "after_period": lambda r, i: (
        _("Today (%(today)s) is after the approved period of %(channel)s ended (%(end)s).")
        % {"today": i["today"], "channel": _channel(i), "end": r["date"]}
    ),
    "checklist_item_unanswered": lambda r, i: (
        _("Required checklist item %(item)s (%(side)s) of %(channel)s is not answered.")
        % {"item": r["item"], "side": _side(r["side"]), "channel": _channel(i)}
    ),
    "checklist_item_unjustified": lambda r, i: (
        _("Required checklist item %(item)s (%(side)s) of %(channel)s is answered − without a reason.")
        % {"item": r["item"], "side": _side(r["side"]), "channel": _channel(i)}
    ),
    "certification_missing": lambda r, i: (
        _("The approval of %(channel)s requires %(certification)s, but %(counterparty)s has none on record.")
        % {
            "channel": _channel(i),
            "certification": _certification(r["certification"]),
            "counterparty": _counterparty(i),
        }
    ),
    "certification_expired": lambda r, i: (
        _("The %(certification)s of %(counterparty)s (No. %(number)s) expired on %(date)s.")
        % {
            "certification": _certification(r["certification"]),
            "counterparty": _counterparty(i),
            "number": r["number"],
            "date": r["valid_until"],
        }
    ),
    "field_not_allowed": _field,
    "actor_not_designated_handler": _handler,
    "deletion_certificate_overdue": lambda r, i: (
        _(
            "The deletion certificate %(counterparty)s owes for deletion "
            "request %(request)s was due on %(due)s and is overdue."
        )
        % {"counterparty": _counterparty(i), "request": r["deletion_request"], "due": r["due"]}
    ),
    "medium_not_approved": lambda r, i: (
        _("The approved version of %(channel)s does not list the medium “%(medium)s” for %(counterparty)s.")
        % {"channel": _channel(i), "medium": r["medium"], "counterparty": _counterparty(i)}
    ),
    "hosting_outside_japan": lambda r, i: (
        _("The approval of %(channel)s requires servers under Japanese law, but %(counterparty)s hosts outside Japan.")
        % {"channel": _channel(i), "counterparty": _counterparty(i)}
    ),
}

register_reason_wordings("exchange", WORDINGS)
