"""Versions of registry parts: create, edit (a frozen version is never edited: a new draft is written),
freeze, look up, and verify.

The committee workflow freezes the version a decision approves (`registry_version_freeze`); the exchange
gate enforces a frozen version (`version_latest_frozen`, `version_is_intact`). The diff of two versions is
`registry_diff(snapshot_of(a), snapshot_of(b))` from governance.registry.snapshots.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput, NotFound
from governance.registry.access import ensure_writer
from governance.registry.models import RegisteredBusiness, VersionState
from governance.registry.parts import CONNECTION, CONTRACT, OUT_OF_PURPOSE, PROCESSING, PartKind, kind_of
from governance.registry.snapshots import snapshot_hash, snapshot_of
from governance.registry.validation import resolve
from governance.tenancy.models import Municipality, User


def version_latest(*, part):
    """The newest version of a part, draft or frozen."""
    return kind_of(part).version.objects.filter(part=part).order_by("-number").first()


def version_latest_draft(*, part):
    """The part's current draft, or None when its newest version is frozen."""
    latest = version_latest(part=part)
    return latest if latest is not None and not latest.is_frozen else None


def version_latest_frozen(*, part):
    """The newest frozen version of a part (what the last decision approved), or None."""
    return kind_of(part).version.objects.filter(part=part, state=VersionState.FROZEN).order_by("-number").first()


def version_get(*, part, number: int):
    """Version `number` of a part; NotFound names the part when there is none."""
    version = kind_of(part).version.objects.filter(part=part, number=number).first()
    if version is None:
        raise NotFound(
            _(
                "The %(label)s '%(part)s' has no version %(number)s"
            )
            % {
                "label": kind_of(part).label,
                "part": part,
                "number": number,
            }, field="number")
    return version


def version_is_intact(version) -> bool:
    """True when a frozen version's content still hashes to what was recorded when it was frozen."""
    return version.is_frozen and snapshot_hash(snapshot_of(version)) == version.content_hash


def _record(kind: PartKind, verb: str, part, version, **data) -> None:
    audit_record(f"governance.{kind.name}.{verb}", obj=part, tenant_id=part.municipality_id,
                 data={"version": version.number, **data})


@transaction.atomic
def registry_version_freeze(*, version, reason: str = "", actor: User | None = None):
    """Freeze a version (e.g. because a committee decision approves it): it can never change afterwards."""
    kind = kind_of(version)
    version = kind.version.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise Conflict(
            _(
                "Version %(number)s of the %(label)s '%(part)s' is already frozen (%(value7)s)"
            )
            % {
                "number": version.number,
                "label": kind.label,
                "part": version.part,
                "value7": version.frozen_reason or 'no reason given',
            }, field="version")
    version.state = VersionState.FROZEN
    version.frozen_at = timezone.now()
    version.frozen_by = actor
    version.frozen_reason = reason
    version.content_hash = snapshot_hash(snapshot_of(version))
    version.save(update_fields=["state", "frozen_at", "frozen_by", "frozen_reason", "content_hash"])
    _record(kind, "version_frozen", version.part, version, content_hash=version.content_hash)
    return version


def _ensure_part_writer(kind: PartKind, part, actor: User | None) -> None:
    ensure_writer(actor, municipality_id=part.municipality_id, department_ids=kind.departments(part),
                  what=f"the {kind.label} '{part}'")


def _create(kind: PartKind, part, content: dict, actor: User | None):
    _ensure_part_writer(kind, part, actor)
    version = kind.version(part=part, number=1)
    kind.write(version, kind.validate(part, content))
    _record(kind, "created", part, version)
    return part


@transaction.atomic
def registry_part_update(*, part, content: dict, actor: User | None = None):
    """Change a part: edits its draft, or — when its newest version is frozen — writes a new draft copied
    from that version with `content` applied. Returns the version written."""
    kind = kind_of(part)
    _ensure_part_writer(kind, part, actor)
    latest = kind.version.objects.select_for_update().filter(part=part).order_by("-number").first()
    merged = {**kind.content_of(latest), **content}
    checked = kind.validate(part, merged)
    if latest.is_frozen:
        draft = kind.version(part=part, number=latest.number + 1)
        kind.write(draft, checked)
        _record(kind, "version_drafted", part, draft, copied_from=latest.number)
        return draft
    kind.write(latest, checked)
    _record(kind, "version_updated", part, latest, fields=sorted(content))
    return latest


@transaction.atomic
def registry_version_update(*, version, content: dict, actor: User | None = None):
    """Edit one version in place; refused with Conflict when it is frozen (an approved version never changes)."""
    kind = kind_of(version)
    version = kind.version.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise Conflict(
            _(
                "Version %(number)s of the %(label)s '%(part)s' is frozen (%(value7)s) and cannot be edited in "
                "place; update the %(label)s to create a new draft"
            )
            % {
                "number": version.number,
                "label": kind.label,
                "part": version.part,
                "value7": version.frozen_reason or 'no reason given',
            }, field="version")
    _ensure_part_writer(kind, version.part, actor)
    kind.write(version, kind.validate(version.part, {**kind.content_of(version), **content}))
    _record(kind, "version_updated", version.part, version, fields=sorted(content))
    return version


def _businesses(municipality: Municipality, businesses, field: str = "businesses") -> list[RegisteredBusiness]:
    if not businesses:
        raise InvalidInput(_("Name at least one registered business"), field=field)
    return [resolve(RegisteredBusiness, b, municipality=municipality, field=f"{field}[{i}]",
                    label=_("registered business")) for i, b in enumerate(businesses)]


def _title(kind: PartKind, municipality: Municipality, title: str) -> str:
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(_("A title is required"), field="title")
    if kind.identity.objects.filter(municipality=municipality, title=title).exists():
        raise Conflict(
            _(
                "An %(label)s titled '%(title)s' already exists"
            )
            % {
                "label": kind.label,
                "title": title,
            }, field="title")
    return title


@transaction.atomic
def processing_create(*, municipality: Municipality, business, title: str, content: dict,
                      actor: User | None = None):
    """Register a 電算処理 (processing activity) with its first, draft version."""
    business = _businesses(municipality, [business], "business")[0]
    part = PROCESSING.identity.objects.create(municipality=municipality, business=business,
                                              title=_title(PROCESSING, municipality, title))
    return _create(PROCESSING, part, content, actor)


def _multi_business_create(kind: PartKind, municipality, businesses, title, content, actor):
    businesses = _businesses(municipality, businesses)
    part = kind.identity.objects.create(municipality=municipality, title=_title(kind, municipality, title))
    part.businesses.set(businesses)
    return _create(kind, part, content, actor)


@transaction.atomic
def connection_create(*, municipality: Municipality, businesses: list, title: str, content: dict,
                      actor: User | None = None):
    """Register a 外部結合 (external connection) with its first, draft version."""
    return _multi_business_create(CONNECTION, municipality, businesses, title, content, actor)


@transaction.atomic
def contract_create(*, municipality: Municipality, businesses: list, title: str, content: dict,
                    actor: User | None = None):
    """Register a 業務委託 (outsourcing contract and its contractor chain) with its first, draft version."""
    return _multi_business_create(CONTRACT, municipality, businesses, title, content, actor)


@transaction.atomic
def out_of_purpose_use_create(*, municipality: Municipality, using_business, providing_business, content: dict,
                              actor: User | None = None):
    """Record a 目的外利用 (out-of-purpose use) with its first, draft version."""
    using = resolve(RegisteredBusiness, using_business, municipality=municipality, field="using_business",
                    label=_("registered business"))
    providing = resolve(RegisteredBusiness, providing_business, municipality=municipality,
                        field="providing_business", label=_("registered business"))
    if using.pk == providing.pk:
        raise InvalidInput(_("A business cannot use its own data out of purpose"), field="providing_business")
    if OUT_OF_PURPOSE.identity.objects.filter(using_business=using, providing_business=providing).exists():
        raise Conflict(
            _(
                "The out-of-purpose use of '%(providing)s' by '%(using)s' is already recorded"
            )
            % {
                "providing": providing,
                "using": using,
            },
                       field="providing_business")
    part = OUT_OF_PURPOSE.identity.objects.create(municipality=municipality, using_business=using,
                                                  providing_business=providing)
    return _create(OUT_OF_PURPOSE, part, content, actor)
