"""Newsletters and notices (園だより) to the families of a facility or of one class, with read receipts.

Sent by staff who see the class (or, for the whole facility, by its head or its department); received only
by the guardians of the children addressed at the time of sending (one row each, which also holds when they
first read it). Anyone else asking for it is told it does not exist.
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.children.models import Child, ChildGuardian, Guardian
from childcare.operations.errors import OperationsInvalid, OperationsNotFound, OperationsRefused
from childcare.operations.models import ChildClass, ClassPlacement, Newsletter, NewsletterRecipient
from childcare.operations.permissions import class_scope, is_manager_for, is_staff_for
from childcare.operations.selectors import operations_children_scope
from common.uploads import PDF, upload_check
from governance.tenancy.models import Facility, Role, User

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _addressed_children(facility: Facility, child_class: ChildClass | None) -> QuerySet[Child]:
    today = timezone.localdate()
    children = Child.objects.filter(facility=facility, data_key__shredded_at__isnull=True, enrolled_on__lte=today) \
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
    if child_class is not None:
        children = children.filter(pk__in=ClassPlacement.objects.filter(child_class=child_class).values("child_id"))
    return children


@transaction.atomic
def newsletter_send(*, actor: User, facility: Facility, child_class: ChildClass | None, title: str, body: str = "",
                    attachment: tuple[bytes, str] | None = None) -> Newsletter:
    """Send a newsletter to the guardians of a class's children (or of the whole facility's)."""
    if child_class is None:
        if not is_manager_for(actor, facility):
            raise OperationsRefused("operations.manager_only",
                                    _("Only the facility head or its department send to the whole facility"))
    elif child_class.facility_id != facility.pk or not ChildClass.objects.filter(class_scope(actor),
                                                                                   pk=child_class.pk).exists():
        raise OperationsNotFound("operations.class_not_found", _("No such class"), field="child_class")
    if not is_staff_for(actor, facility):
        raise OperationsRefused("operations.staff_only", _("Only staff of the facility send its newsletters"))
    title = (title or "").strip()
    if not title or len(title) > 100:
        raise OperationsInvalid("operations.newsletter_title", _("Give a title of at most 100 characters"),
                                field="title")
    checked = None
    if attachment is not None:
        checked = upload_check(content=attachment[0], name=attachment[1], field="attachment",
                               max_bytes=ATTACHMENT_MAX_BYTES, accepted={PDF}, name_max_length=200)
    guardians = list(Guardian.objects.filter(
        pk__in=ChildGuardian.objects.filter(child__in=_addressed_children(facility, child_class)).values(
            "guardian_id"), data_key__shredded_at__isnull=True).values_list("pk", flat=True))
    if not guardians:
        raise OperationsInvalid("operations.newsletter_nobody", _("No family is addressed: the class has no child"),
                                field="child_class")
    newsletter = Newsletter.objects.create(
        municipality_id=facility.municipality_id, facility=facility, child_class=child_class, title=title,
        body=(body or "").strip(), attachment=checked.content if checked else None,
        attachment_name=checked.name if checked else "", sent_by=actor)
    NewsletterRecipient.objects.bulk_create([NewsletterRecipient(newsletter=newsletter, guardian_id=pk)
                                             for pk in guardians])
    audit_record("childcare.newsletter.sent", obj=newsletter, tenant_id=facility.municipality_id,
                 data={"facility_id": facility.pk, "class_id": child_class.pk if child_class else None,
                       "recipients": len(guardians)})
    return newsletter


def _recipient_rows(actor: User) -> QuerySet[NewsletterRecipient]:
    return NewsletterRecipient.objects.filter(guardian__user=actor, guardian__data_key__shredded_at__isnull=True)


def inbox(*, actor: User) -> list[tuple[Newsletter, bool]]:
    """The newsletters sent to the actor as a guardian, newest first, each with whether it was read."""
    if not actor.memberships.filter(role=Role.GUARDIAN).exists():
        raise OperationsRefused("operations.guardian_only", _("These pages are for guardians"))
    rows = _recipient_rows(actor).select_related("newsletter", "newsletter__facility", "newsletter__child_class") \
        .defer("newsletter__attachment").order_by("-newsletter__sent_at")
    seen: dict[int, tuple[Newsletter, bool]] = {}
    for row in rows:  # a guardian with two records of one ward (rare) sees each newsletter once
        newsletter, read = seen.get(row.newsletter_id, (row.newsletter, False))
        seen[row.newsletter_id] = (newsletter, read or row.read_at is not None)
    return list(seen.values())


@transaction.atomic
def newsletter_open(*, actor: User, newsletter_id: int) -> Newsletter:
    """A newsletter for one of its recipients; the first opening is their read receipt."""
    rows = _recipient_rows(actor).filter(newsletter_id=newsletter_id)
    if not rows.exists():
        raise OperationsNotFound("operations.newsletter_not_found", _("No such newsletter"))
    if rows.filter(read_at__isnull=True).update(read_at=timezone.now()):
        newsletter = Newsletter.objects.get(pk=newsletter_id)
        audit_record("childcare.newsletter.read", obj=newsletter, tenant_id=newsletter.municipality_id)
    return Newsletter.objects.get(pk=newsletter_id)


def staff_newsletters(*, actor: User) -> QuerySet[Newsletter]:
    """Newsletters of the facilities the actor works for (a class's only if the actor sees the class)."""
    classes = ChildClass.objects.filter(class_scope(actor)).values("pk")
    facilities = Facility.objects.filter(pk__in=ChildClass.objects.filter(class_scope(actor)).values("facility_id"))
    managed = [f.pk for f in Facility.objects.all().filter(pk__in=facilities) if is_manager_for(actor, f)]
    return Newsletter.objects.filter(Q(child_class__in=classes) | Q(child_class__isnull=True, facility__in=managed)) \
        .select_related("facility", "child_class").defer("attachment").order_by("-sent_at")


def newsletter_for_staff(*, actor: User, newsletter_id: int) -> Newsletter:
    newsletter = staff_newsletters(actor=actor).filter(pk=newsletter_id).first()
    if newsletter is None:
        raise OperationsNotFound("operations.newsletter_not_found", _("No such newsletter"))
    return newsletter


def receipts(*, actor: User, newsletter: Newsletter) -> tuple[QuerySet[Child], dict[str, object]]:
    """The children whose families received a newsletter (in the actor's scope) and, by guardian record uid,
    when each guardian first read it (None: not yet)."""
    rows = list(newsletter.recipients.select_related("guardian"))
    read = {str(r.guardian.record_uid): r.read_at for r in rows}
    children = Child.objects.filter(
        operations_children_scope(actor), facility_id=newsletter.facility_id,
        pk__in=ChildGuardian.objects.filter(guardian__in=[r.guardian_id for r in rows]).values("child_id"))
    return children.order_by("pk"), read


def read_counts(*, newsletters: list[Newsletter]) -> dict[int, tuple[int, int]]:
    """Newsletter id → (guardians who read it, guardians it was sent to)."""
    rows = NewsletterRecipient.objects.filter(newsletter__in=newsletters).values("newsletter_id").annotate(
        total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False)))
    return {r["newsletter_id"]: (r["read"], r["total"]) for r in rows}
