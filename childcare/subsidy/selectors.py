"""Who acts on the subsidy, and which applications they see, answered in SQL from their memberships.

- ward staff: department staff of the department that holds the subsidy's registered business (保有課);
- the contractor: vendor users of a party whose approved, in-force contract version lists items of that
  business for it (seed 004: 株式会社バックスグループ) — only this business's applications, never another's;
- anyone else: nothing (auditors find reads and changes in the audit log).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from childcare.subsidy.contracts import BUSINESS_NAME, approved_items
from childcare.subsidy.errors import SubsidyNotFound, SubsidyRefused
from childcare.subsidy.fields import FIELDS, fields_for_items
from childcare.subsidy.models import (
    Application,
    DecisionOutcome,
    Document,
    EligibleSitter,
    LogoFormMapping,
    SitterCompany,
    TransferRun,
    Use,
)
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Role, User


@dataclass(frozen=True)
class SubsidyActor:
    """What an actor is to the subsidy in one ward."""

    user: User
    municipality_id: int
    business: RegisteredBusiness
    ward_staff: bool
    contractor_party_ids: frozenset[int]
    readable: frozenset[str]  # field names this actor may read

    @property
    def contractor(self) -> bool:
        return bool(self.contractor_party_ids) and not self.ward_staff


def subsidy_actor(*, actor: User, municipality_id: int | None = None) -> SubsidyActor:
    """The actor's standing in the (first) ward where they are ward staff or the contractor; refused otherwise."""
    if actor is None or not actor.is_authenticated:
        raise SubsidyRefused(_("Log in first"))
    memberships = list(actor.memberships.all())
    tenants = [m.municipality_id for m in memberships if municipality_id in (None, m.municipality_id)]
    for tenant in dict.fromkeys(tenants):
        business = RegisteredBusiness.objects.filter(municipality_id=tenant, name=BUSINESS_NAME).first()
        if business is None:
            continue
        mine = [m for m in memberships if m.municipality_id == tenant]
        staff = any(m.role == Role.DEPARTMENT_STAFF and m.department_id == business.department_id for m in mine)
        parties = {m.party_id for m in mine if m.role == Role.VENDOR_USER and m.party_id}
        items = approved_items(business=business, party_ids=parties) if parties else set()
        contractor = frozenset(parties) if items else frozenset()
        if staff:
            return SubsidyActor(actor, tenant, business, True, contractor, frozenset(FIELDS))
        if contractor:
            return SubsidyActor(actor, tenant, business, False, contractor, fields_for_items(items))
    raise SubsidyRefused(_("The babysitter subsidy is handled by the ward's 子ども家庭支援課 and its contractor; "
                           "your roles give no access to it"), code="subsidy.no_access")


def application_list(*, who: SubsidyActor, state: str | None = None, received_from: datetime.date | None = None,
                     received_until: datetime.date | None = None,
                     duplicates: bool = False) -> QuerySet[Application]:
    """The applications of the ward's subsidy business, newest first (only this business's, for the contractor),
    narrowed to a state, a range of received (申請) days, or those with a duplicate open."""
    qs = Application.objects.filter(municipality_id=who.municipality_id, business=who.business,
                                    data_key__shredded_at__isnull=True)
    if state:
        qs = qs.filter(state=state)
    if received_from:
        qs = qs.filter(submitted_on__gte=received_from)
    if received_until:
        qs = qs.filter(submitted_on__lte=received_until)
    if duplicates:
        qs = qs.filter(pk__in=applications_with_duplicates(who=who))
    return qs.order_by("-submitted_on", "-answer_id", "-pk")


def applications_with_duplicates(*, who: SubsidyActor) -> set[int]:
    """The ids of the applications with a use that duplicates another's (as ``application_duplicates`` says).

    SQL narrows the uses to the (child, day) pairs claimed in two applications or more; only those are compared
    hour by hour, so the filter costs one grouped query plus the few uses it finds."""
    uses = Use.objects.filter(application__municipality_id=who.municipality_id, application__business=who.business,
                              excluded=False).exclude(application__outcome=DecisionOutcome.REFUSED)
    pairs = (uses.values("application__child_identity_index", "used_on")
             .annotate(n=Count("application", distinct=True)).filter(n__gt=1))
    found: set[int] = set()
    candidates: dict[tuple, list[Use]] = {}
    days = {p["used_on"] for p in pairs}
    keys = {(bytes(p["application__child_identity_index"]), p["used_on"]) for p in pairs}
    for use in uses.filter(used_on__in=days).select_related("application").only(
            "application_id", "used_on", "starts_at", "ends_at", "application__child_identity_index"):
        key = (bytes(use.application.child_identity_index), use.used_on)
        if key in keys:
            candidates.setdefault(key, []).append(use)
    for group in candidates.values():
        for i, one in enumerate(group):
            for other in group[i + 1:]:
                if one.application_id != other.application_id and _overlap(one, other):
                    found.update((one.application_id, other.application_id))
    return found


def _overlap(one: Use, other: Use) -> bool:
    return _span(other)[0] < _span(one)[1] and _span(one)[0] < _span(other)[1]


def application_get(*, who: SubsidyActor, pk: int | str, for_update: bool = False) -> Application:
    """One application the actor sees; not found for any other id, existing or not."""
    qs = application_list(who=who)
    if for_update:
        qs = qs.select_for_update()
    application = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if application is None:
        raise SubsidyNotFound(_("No subsidy application has the id '%(pk)s'") % {"pk": pk}, field="application")
    return application


def application_uses(application: Application) -> list[Use]:
    return list(application.uses.select_related("company").order_by("line"))


@dataclass(frozen=True)
class Duplicate:
    line: int  # the use of this application
    other_id: int  # the other application
    other_line: int


def application_duplicates(application: Application) -> list[Duplicate]:
    """Uses of the same child on the same day at overlapping hours in another application that is not refused;
    uses left out of a decision do not count."""
    mine = [u for u in application.uses.all() if not u.excluded]
    if not mine:
        return []
    others = Use.objects.filter(
        application__municipality_id=application.municipality_id,
        application__child_identity_index=application.child_identity_index,
        used_on__in={u.used_on for u in mine}, excluded=False,
    ).exclude(application=application).exclude(application__outcome=DecisionOutcome.REFUSED)
    found = []
    for use in mine:
        for other in others:
            if other.used_on == use.used_on and _overlap(use, other):
                found.append(Duplicate(use.line, other.application_id, other.line))
    return found


def _span(use: Use) -> tuple[int, int]:
    start = use.starts_at.hour * 60 + use.starts_at.minute
    end = use.ends_at.hour * 60 + use.ends_at.minute
    return start, end if end > start else end + 1440


def form_mappings(*, who: SubsidyActor) -> list[LogoFormMapping]:
    """The newest version of every form's mapping in the actor's ward."""
    latest: dict[str, LogoFormMapping] = {}
    for mapping in LogoFormMapping.objects.filter(municipality_id=who.municipality_id).order_by("form", "version"):
        latest[mapping.form] = mapping
    return list(latest.values())


def mapping_latest(*, municipality_id: int, form: str) -> LogoFormMapping | None:
    return LogoFormMapping.objects.filter(municipality_id=municipality_id, form=form).order_by("-version").first()


def companies(*, municipality_id: int) -> QuerySet[SitterCompany]:
    return SitterCompany.objects.filter(municipality_id=municipality_id).prefetch_related("sitters").order_by("code")


def _ward_staff(who: SubsidyActor) -> None:
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff of the subsidy's department keep the certified companies"),
                             code="subsidy.ward_only")


def company_get(*, who: SubsidyActor, pk: int | str) -> SitterCompany:
    """A certified company of the actor's ward (ward staff only); not found for any other id."""
    _ward_staff(who)
    company = SitterCompany.objects.filter(municipality_id=who.municipality_id, pk=pk).first() \
        if str(pk).isdigit() else None
    if company is None:
        raise SubsidyNotFound(_("No certified sitter company has the id '%(pk)s'") % {"pk": pk}, field="company")
    return company


def sitter_get(*, who: SubsidyActor, company: SitterCompany, pk: int | str) -> EligibleSitter:
    sitter = company.sitters.filter(pk=pk).first() if str(pk).isdigit() else None
    if sitter is None:
        raise SubsidyNotFound(_("The company has no sitter with the id '%(pk)s'") % {"pk": pk}, field="sitter")
    return sitter


def document_get(*, who: SubsidyActor, application: Application, pk: int | str) -> Document:
    """A document of an application the actor sees; not found for any other id."""
    document = application.documents.filter(pk=pk).first() if str(pk).isdigit() else None
    if document is None:
        raise SubsidyNotFound(_("The application has no document with the id '%(pk)s'") % {"pk": pk}, field="document")
    return document


def transfer_runs(*, who: SubsidyActor) -> QuerySet[TransferRun]:
    """The ward's transfer runs, newest first, without their files (ward staff only)."""
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff make transfer files"), code="subsidy.ward_only")
    return TransferRun.objects.filter(municipality_id=who.municipality_id).defer("file").order_by("-pk")


def transfer_run_get(*, who: SubsidyActor, pk: int | str) -> TransferRun:
    """A transfer run of the actor's ward (ward staff only); not found for any other id."""
    run = transfer_runs(who=who).filter(pk=pk).first() if str(pk).isdigit() else None
    if run is None:
        raise SubsidyNotFound(_("No transfer run has the id '%(pk)s'") % {"pk": pk}, field="run")
    return run
