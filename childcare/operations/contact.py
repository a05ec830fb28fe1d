"""The contact book (連絡帳): two-way daily entries between a family and the nursery, with photos.

Guardians write from home about their own children; staff who see a child (operations' scope: their facility,
or their class where the nursery says so) write from the nursery and may attach photos showing other
children of the facility. A photo reaches the family of the entry's child, so a child whose family refused
photo sharing may not be shown in another family's photo: refused when attached, and hidden when read if the
family refused later. Siblings (children sharing a guardian) are one family.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, record_access
from childcare.children.models import Child, ChildGuardian
from childcare.operations.access import actor_facility_ids
from childcare.operations.errors import OperationsInvalid, OperationsNotFound, OperationsRefused
from childcare.operations.models import ContactEntry, ContactPhoto, ContactSide, PhotoSharing
from childcare.operations.photos import photo_clean
from childcare.operations.selectors import operations_children_scope
from governance.tenancy.models import Membership, Role, User

BODY_MAX = 2000
PHOTOS_MAX = 4
PURPOSE_CONTACT = "childcare.operations.contact_book"
ENTRY_FIELDS = ["contact_entry.body"]


def is_guardian_of(actor: User, child: Child) -> bool:
    return (Membership.objects.filter(user=actor, municipality_id=child.municipality_id, role=Role.GUARDIAN).exists()
            and ChildGuardian.objects.filter(child=child, guardian__user=actor).exists())


def _staff_sees(actor: User, child: Child) -> bool:
    staff = Membership.objects.filter(user=actor, role__in=[Role.FACILITY_STAFF, Role.DEPARTMENT_STAFF]).exists()
    return staff and Child.objects.filter(operations_children_scope(actor), pk=child.pk).exists()


def _families(child_ids: list[int]) -> dict[int, set[int]]:
    families: dict[int, set[int]] = {pk: set() for pk in child_ids}
    for child_id, guardian_id in ChildGuardian.objects.filter(child__in=child_ids).values_list("child_id",
                                                                                               "guardian_id"):
        families[child_id].add(guardian_id)
    return families


def _refusing_other_family(entry_child_id: int, shown_ids: list[int]) -> set[int]:
    """The shown children of another family than the entry's child whose family refused photo sharing."""
    refused = set(PhotoSharing.objects.filter(child__in=shown_ids, refused=True).values_list("child_id", flat=True))
    if not refused:
        return set()
    families = _families([entry_child_id, *refused])
    return {pk for pk in refused if pk != entry_child_id and not families[pk] & families[entry_child_id]}


@transaction.atomic
def contact_write(*, actor: User, child: Child, body: str, photos: list[tuple[bytes, str]] = (),
                  shown: list[Child] = ()) -> ContactEntry:
    """Write today's entry in a child's contact book, from home (a guardian) or from the nursery (staff)."""
    if is_guardian_of(actor, child):
        side = ContactSide.HOME
    elif _staff_sees(actor, child):
        side = ContactSide.NURSERY
    else:
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child")
    body = (body or "").strip()
    if not body or len(body) > BODY_MAX:
        raise OperationsInvalid("operations.contact_body", _("Write the entry (at most 2,000 characters)"),
                                field="body")
    if len(photos) > PHOTOS_MAX:
        raise OperationsInvalid("operations.contact_photos", _("At most 4 photos per entry"), field="photos")
    shown = [c for c in shown if c.pk != child.pk]
    if shown and (side == ContactSide.HOME or not photos):
        raise OperationsInvalid("operations.contact_shown", _("Only the nursery's photos name other children"),
                                field="shown")
    if any(c.facility_id != child.facility_id or not _staff_sees(actor, c) for c in shown):
        raise OperationsInvalid("operations.contact_shown", _("A child shown is not one of your children"),
                                field="shown")
    if _refusing_other_family(child.pk, [c.pk for c in shown]):
        raise OperationsRefused("operations.photo_sharing_refused",
                                _("A child in this photo may not appear in photos shared with other families"),
                                field="shown")
    cleaned = [photo_clean(content=content, name=name) for content, name in photos]
    entry = ContactEntry.objects.create(municipality_id=child.municipality_id, child=child,
                                        facility_id=child.facility_id, date=timezone.localdate(), side=side,
                                        author=actor, body=body)
    for photo in cleaned:
        stored = ContactPhoto.objects.create(municipality_id=child.municipality_id, entry=entry, image=photo.content,
                                             kind=photo.kind, width=photo.width, height=photo.height)
        stored.shown.set(shown)
    audit_record("childcare.contact_entry.written", obj=entry, tenant_id=child.municipality_id,
                 subjects=[child, *shown], fields=["contact_entry.body", *(["contact_photo.image"] if cleaned else [])],
                 data={"side": side, "photos": len(cleaned), "facility_id": child.facility_id})
    return entry


@transaction.atomic
def photo_sharing_set(*, actor: User, child: Child, refused: bool) -> None:
    """A guardian lets their child appear in other families' photos, or refuses it."""
    if not is_guardian_of(actor, child):
        raise OperationsRefused("operations.guardian_of_child_only", _("Only the child's guardians decide this"))
    PhotoSharing.objects.update_or_create(child=child, defaults={"refused": refused, "decided_by": actor})
    audit_record("childcare.photo_sharing.decided", tenant_id=child.municipality_id, subjects=[child],
                 data={"refused": refused})


@dataclass(frozen=True)
class EntryView:
    entry: ContactEntry
    body: str
    photo_ids: list[int]


def contact_read(*, actor: User, child: Child, days: int = 14) -> list[EntryView]:
    """The last ``days`` of a child's contact book for its guardians or its staff (recorded as one read)."""
    if not (is_guardian_of(actor, child) or _staff_sees(actor, child)):
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child")
    since = timezone.localdate() - datetime.timedelta(days=days)
    entries = list(ContactEntry.objects.filter(child=child, date__gte=since).order_by("-date", "-created_at"))
    photos = list(ContactPhoto.objects.filter(entry__in=entries).prefetch_related("shown").defer("image"))
    hidden = _refusing_other_family(child.pk, [c.pk for p in photos for c in p.shown.all()])
    views = [EntryView(entry=e, body=e.body,
                       photo_ids=[p.pk for p in photos if p.entry_id == e.pk
                                  and not {c.pk for c in p.shown.all()} & hidden]) for e in entries]
    if entries:
        record_access(subjects=[child], fields=ENTRY_FIELDS, purpose=PURPOSE_CONTACT, tenant_id=child.municipality_id,
                      subject_facility_ids=[child.facility_id],
                      actor_facility_ids=actor_facility_ids(actor, child.municipality_id))
    return views


def photo_read(*, actor: User, photo_id: int) -> ContactPhoto:
    """One photo for someone who may see its entry (and, for another family, not hidden by a refusal); recorded."""
    photo = ContactPhoto.objects.filter(pk=photo_id).select_related("entry__child").first()
    if photo is None:
        raise OperationsNotFound("operations.photo_not_found", _("No such photo"))
    child = photo.entry.child
    shown = list(photo.shown.all())
    if not (is_guardian_of(actor, child) or _staff_sees(actor, child)) \
            or _refusing_other_family(child.pk, [c.pk for c in shown]):
        raise OperationsNotFound("operations.photo_not_found", _("No such photo"))
    record_access(subjects=[child, *shown], fields=["contact_photo.image"], purpose=PURPOSE_CONTACT,
                  tenant_id=child.municipality_id, subject_facility_ids=[child.facility_id],
                  actor_facility_ids=actor_facility_ids(actor, child.municipality_id))
    return photo


def child_for_contact(*, actor: User, record_uid: str) -> Child:
    """A child whose contact book the actor may open (their own child, or one they see as staff)."""
    try:
        uid = uuid.UUID(str(record_uid))
    except ValueError:
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child") from None
    child = Child.objects.filter(record_uid=uid, data_key__shredded_at__isnull=True).first()
    if child is None or not (is_guardian_of(actor, child) or _staff_sees(actor, child)):
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child")
    return child
