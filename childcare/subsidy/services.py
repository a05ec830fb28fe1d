"""Writes of the babysitter subsidy: mappings, the LoGo import, the workflow, inquiries, documents, companies.

Workflow (staged sign-off, each step signed by who and when, and audited):

    received ──(contractor pre-checks)──▶ pre_checked ──(ward staff decide)──▶ decided
             ──(notice issued)──▶ notified ──(transfer file)──▶ paid

The contractor pre-checks but never decides; a duplicate (the same child at overlapping hours in another
application not refused) blocks approving until one of them is refused or the use is left out.
"""

import datetime
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from audit.services import audit_record, subject_reference
from childcare.subsidy import logo
from childcare.subsidy.contracts import subsidy_contract
from childcare.subsidy.errors import SubsidyConflict, SubsidyInvalid, SubsidyRefused
from childcare.subsidy.fields import IMPORT_ITEMS
from childcare.subsidy.models import (
    Application,
    ApplicationState,
    DecisionOutcome,
    Document,
    EligibleSitter,
    Inquiry,
    LogoFormMapping,
    SitterCompany,
    Step,
    Use,
)
from childcare.subsidy.rules import eligible_sitters, fiscal_year, hours_granted, rules_evaluate
from childcare.subsidy.selectors import SubsidyActor, application_duplicates, application_get, mapping_latest
from common.errors import ApplicationError
from common.uploads import DOCUMENT_KINDS, upload_check
from governance.crypto import data_keys_provision
from governance.exchange.gate import IncomingFile, exchange_check, exchange_request, incoming_file_settle
from governance.exchange.models import IncomingOutcome

PURPOSE = "LoGoフォーム電子申請データの取込（ベビーシッター利用支援事業）"
PURPOSE_CODE = "childcare.subsidy_logo_import"
# The medium the amendment (委託内容の追加) adds; the gate admits the import only if the approved version lists it.
LOGO_MEDIUM = "電磁的媒体（LoGoフォーム）"
SUBSIDY_EXCHANGE_PURPOSES = {PURPOSE_CODE: gettext_lazy("importing the babysitter subsidy's LoGo form answers")}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _staff_only(who: SubsidyActor) -> None:
    if not who.ward_staff:
        raise SubsidyRefused(_("Only the ward's staff of the subsidy's department may do this; the contractor "
                               "receives and pre-checks, the ward decides"), code="subsidy.ward_only")


def _step(application: Application, to_state: str, actor) -> None:
    Step.objects.create(application=application, from_state=application.state, to_state=to_state, actor=actor)
    application.state = to_state


# --- mappings ------------------------------------------------------------------------------------------------

@transaction.atomic
def mapping_save(*, who: SubsidyActor, form: str, columns: dict) -> LogoFormMapping:
    """Save a form's column mapping as its next version (unchanged columns keep the current version)."""
    _staff_only(who)
    form = (form or "").strip()
    if not form:
        raise SubsidyInvalid(_("Name the LoGo form"), field="form")
    columns = {k: (v or "").strip() for k, v in columns.items() if isinstance(v, str) and (v or "").strip()}
    problems = logo.mapping_problems(columns)
    if problems:
        raise SubsidyInvalid(" ".join(problems), field="columns", details={"problems": problems},
                             code="subsidy.mapping_invalid")
    current = mapping_latest(municipality_id=who.municipality_id, form=form)
    if current is not None and current.columns == columns:
        return current
    mapping = LogoFormMapping.objects.create(municipality_id=who.municipality_id, form=form,
                                             version=(current.version + 1) if current else 1, columns=columns,
                                             created_by=who.user)
    audit_record("childcare.subsidy_mapping.saved", obj=mapping, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, data={"form_version": mapping.version})
    return mapping


# --- the LoGo import -----------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int
    already: int
    encoding: str
    ledger_entry_id: int
    mapping_version: int
    application_ids: list[int] = field(default_factory=list)


Progress = Callable[[int, int, str], None]
# How far a LoGo import has got, over its two passes of the file's rows: checking each (the first half of the bar),
# then storing the answers (the second); a progress callback sees (done, total, stage).
IMPORT_STAGES = ("checking", "storing")


class _ImportProgress:
    """Rows checked, then answers stored, told to ``progress`` as one bar of twice the file's rows (their number
    counted from its line ends before the first pass; a line end inside a quoted cell only makes the bar wait)."""

    def __init__(self, progress: Progress | None, content: bytes):
        self._progress = progress
        self.rows = max(content.count(b"\n") + (0 if content.endswith(b"\n") else 1) - 1, 1)

    def checked(self, done: int) -> None:
        if self._progress is not None:
            self._progress(min(done, self.rows), 2 * self.rows, "checking")

    def stored(self, done: int, count: int) -> None:
        if self._progress is not None:
            self._progress(self.rows + (self.rows * done // count if count else self.rows), 2 * self.rows, "storing")


def logo_import(*, who: SubsidyActor, form: str, content: bytes, filename: str = "logo.csv",
                progress: Progress | None = None) -> ImportResult:
    """Import a LoGo CSV export: the whole file checked first (refused whole with every problem's row and
    column), then received through the exchange gate on the subsidy's contract (the LoGo medium must be
    approved), then every new answer stored with its rules evaluated; an answer id already imported is skipped.

    Called outside any transaction: the gate is the boundary, so a denial's audit event survives. ``progress``
    (``(done, total, stage)``, stages in :data:`IMPORT_STAGES`) is told how many rows were checked, then stored.
    """
    _staff_only(who)
    checked = upload_check(content=content, name=filename, field="file", max_bytes=MAX_FILE_BYTES,
                           accepted={"text"}, name_max_length=200)
    mapping = mapping_latest(municipality_id=who.municipality_id, form=form)
    if mapping is None:
        raise SubsidyInvalid(_("No column mapping is saved for the LoGo form “%(form)s”") % {"form": form},
                             field="form", code="subsidy.mapping_missing")
    companies = {c.code: c for c in SitterCompany.objects.filter(municipality_id=who.municipality_id)}
    file = logo.LogoFile(checked.content, columns=mapping.columns, company_codes=set(companies))
    told = _ImportProgress(progress, checked.content)
    count, repeated = _check_whole(file, told)
    problems = file.problems
    if problems:
        with transaction.atomic():
            audit_record("childcare.subsidy_import.refused", tenant_id=who.municipality_id, actor_id=who.user.pk,
                         object_type="childcare.logoformmapping", object_id=mapping.pk,
                         data={"sha256": checked.sha256, "problem_count": len(problems)})
        shown = problems[:200]
        refusal = SubsidyInvalid(
            _("The file is refused whole; nothing was imported. %(count)d problem(s): %(first)s")
            % {"count": len(problems), "first": "; ".join(
                _("row %(row)d, %(column)s: %(message)s") % p.as_dict() for p in shown[:5])},
            field="file", code="subsidy.file_invalid",
            details={"problems": [p.as_dict() for p in shown], "problem_count": len(problems)})
        refusal.problems = shown  # a job keeps them to be said in its reader's language
        raise refusal
    contract = subsidy_contract(business=who.business)
    received = exchange_request(
        actor=who.user, channel=contract, direction="receive", fields=list(IMPORT_ITEMS), purpose_code=PURPOSE_CODE,
        purpose=PURPOSE, incoming=IncomingFile(sha256=checked.sha256, record_count=count, name=checked.name),
        medium=LOGO_MEDIUM)
    return _store(who=who, mapping=mapping, file=file, repeated=repeated, companies=companies,
                  entry=received.entry, told=told, count=count)


def _child_key(row: logo.ApplicationRow) -> bytes:
    """The child of an answer as a digest, held in memory only while a file is imported."""
    return hashlib.sha256(f"{row.values['child_name']}|{row.values['child_birth_date']}".encode()).digest()


def _check_whole(file: logo.LogoFile, told: _ImportProgress) -> tuple[int, set[bytes]]:
    """The first pass over the file: every row checked (problems collected on ``file``), answer ids unique; the
    number of answers and the children answered for more than once (their applications are stored last, in time
    order, so that the yearly cap counts the earlier one first). No row is kept."""
    seen: dict[str, int] = {}
    children: Counter[bytes] = Counter()
    for checked, row in enumerate(file.rows(), start=1):
        told.checked(checked)
        if row is None:
            continue
        if row.answer_id in seen:
            file.problems.append(logo.Problem(row.row, gettext_noop("The answer id is also on row %(row)d"),
                                              {"row": seen[row.answer_id]}, column=file.labels["answer_id"]))
            continue
        seen[row.answer_id] = row.row
        children[_child_key(row)] += 1
    if not seen and not file.problems:
        file.problems.append(logo.Problem(0, gettext_noop("The file holds no answers")))
    return len(seen), {key for key, n in children.items() if n > 1}


def logo_import_check(*, who: SubsidyActor, record_count: int = 1):
    """Whether the gate would admit a LoGo import now (its dry run: nothing is written or recorded)."""
    return exchange_check(actor=who.user, channel=subsidy_contract(business=who.business), direction="receive",
                          fields=list(IMPORT_ITEMS), purpose_code=PURPOSE_CODE, record_count=record_count,
                          medium=LOGO_MEDIUM).decision


IMPORT_CHUNK = 500


@dataclass
class _Storing:
    """What the second pass carries from chunk to chunk: the hours counted so far, and what it stored."""

    who: SubsidyActor
    mapping: LogoFormMapping
    companies: dict
    granted: dict
    sitters: dict
    created: int = 0
    already: int = 0
    ids: list[int] = field(default_factory=list)
    subjects: list[tuple] = field(default_factory=list)


@transaction.atomic
def _store(*, who: SubsidyActor, mapping: LogoFormMapping, file: logo.LogoFile, repeated: set[bytes],
           companies: dict, entry, told: _ImportProgress, count: int) -> ImportResult:
    """The second pass, in one transaction (all or nothing): the file read again and stored IMPORT_CHUNK answers
    at a time, so that memory holds one chunk of rows and model instances, not the file's. Answers of a child
    answered for more than once are kept aside and stored last in time order of submission."""
    storing = _Storing(who=who, mapping=mapping, companies=companies,
                       granted=hours_granted(municipality_id=who.municipality_id),
                       sitters=eligible_sitters(company_ids=[c.pk for c in companies.values()]))
    chunk: list[logo.ApplicationRow] = []
    later: list[logo.ApplicationRow] = []
    for row in file.rows():
        if row is None:  # the first pass refused the file for it
            raise AssertionError("a row refused on the second pass")
        (later if _child_key(row) in repeated else chunk).append(row)
        if len(chunk) >= IMPORT_CHUNK:
            _store_chunk(storing, chunk)
            told.stored(storing.created + storing.already, count)
            chunk = []
    _store_chunk(storing, chunk)
    told.stored(storing.created + storing.already, count)
    later.sort(key=lambda r: (r.submitted_on, r.answer_id))
    for start in range(0, len(later), IMPORT_CHUNK):
        _store_chunk(storing, later[start:start + IMPORT_CHUNK])
        told.stored(storing.created + storing.already, count)
    incoming_file_settle(actor=who.user, entry=entry,
                         outcome=IncomingOutcome.TAKEN_IN if storing.created else IncomingOutcome.ALREADY_TAKEN_IN)
    audit_record("childcare.subsidy_import.completed", obj=mapping, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, subjects=storing.subjects,
                 data={"ledger_entry": entry.pk, "created": storing.created, "already": storing.already,
                       "form_version": mapping.version})
    return ImportResult(created=storing.created, already=storing.already, encoding=file.encoding,
                        ledger_entry_id=entry.pk, mapping_version=mapping.version, application_ids=storing.ids)


def _store_chunk(storing: _Storing, rows: list[logo.ApplicationRow]) -> None:
    """Store the new answers of a chunk with their uses, rules evaluated before they are written."""
    if not rows:
        return
    who, companies = storing.who, storing.companies
    existing = set(Application.objects.filter(municipality_id=who.municipality_id,
                                              answer_id__in=[r.answer_id for r in rows])
                   .values_list("answer_id", flat=True))
    new_rows = [r for r in rows if r.answer_id not in existing]
    storing.already += len(rows) - len(new_rows)
    applications = []
    for row in new_rows:
        values = row.values
        first_use = min(u.used_on for u in row.uses)
        applications.append(Application(
            municipality_id=who.municipality_id, business=who.business, mapping=storing.mapping,
            answer_id=row.answer_id, submitted_on=row.submitted_on, fiscal_year=fiscal_year(first_use),
            multiple_birth=row.multiple_birth,
            child_identity=f"{values['child_name']}|{values['child_birth_date'].isoformat()}",
            claimed_yen=sum(u.care_charge_yen - u.discount_yen for u in row.uses), **values))
    data_keys_provision(applications)
    # The child's keyed index, kept on the instances too: the yearly cap is counted by it below.
    index = Application._meta.get_field("child_identity_index")
    for application in applications:
        application.child_identity_index = index.pre_save(application, True)
    uses_by_application: list[tuple[Application, list[Use]]] = []
    for application, row in zip(applications, new_rows, strict=True):
        uses_by_application.append((application, [
            Use(application=application, line=u.line, used_on=u.used_on, starts_at=u.starts_at, ends_at=u.ends_at,
                company=companies[u.company_code], sitter_number=u.sitter_number, care_charge_yen=u.care_charge_yen,
                excluded_yen=u.excluded_yen, discount_yen=u.discount_yen) for u in row.uses]))
    # Rules before anything is written (the results are written with the rows), in time order of submission, so
    # that the yearly cap counts earlier applications' hours first.
    granted = storing.granted
    for application, uses in sorted(uses_by_application, key=lambda p: (p[0].submitted_on, p[0].answer_id)):
        key = (application.fiscal_year, bytes(application.child_identity_index))
        rules_evaluate(application, uses, hours_already=granted.get(key, 0), sitters=storing.sitters)
        granted[key] = granted.get(key, 0) + sum(u.day_hours + u.night_hours for u in uses)
    Application.objects.bulk_create(applications, batch_size=1000)
    Use.objects.bulk_create([u for _, uses in uses_by_application for u in uses], batch_size=5000)
    Step.objects.bulk_create([Step(application=a, to_state=ApplicationState.RECEIVED, actor=who.user)
                              for a in applications], batch_size=1000)
    storing.created += len(applications)
    storing.ids += [a.pk for a in applications]
    storing.subjects += [subject_reference(a) for a in applications]


# --- the workflow ---------------------------------------------------------------------------------------------

@transaction.atomic
def application_pre_check(*, who: SubsidyActor, application_id: int) -> Application:
    """The contractor's pre-check (事前審査): the rules evaluated again, the step signed by the contractor."""
    if not who.contractor:
        raise SubsidyRefused(_("The pre-check is the contractor's work (事前審査); the ward decides afterwards"),
                             code="subsidy.contractor_only")
    application = application_get(who=who, pk=application_id, for_update=True)
    if application.state != ApplicationState.RECEIVED:
        raise SubsidyConflict(_("Only a received application can be pre-checked; this one is %(state)s")
                              % {"state": application.get_state_display()}, code="subsidy.state")
    uses = list(application.uses.select_related("company"))
    rules_evaluate(application, uses)
    Use.objects.bulk_update(uses, ["day_hours", "night_hours", "amount_yen", "breakdown"])
    application.pre_checked_by, application.pre_checked_at = who.user, timezone.now()
    _step(application, ApplicationState.PRE_CHECKED, who.user)
    application.save(update_fields=["state", "pre_checked_by", "pre_checked_at", "computed_yen", "refusals"])
    audit_record("childcare.subsidy_application.pre_checked", obj=application, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, data={"computed_yen": application.computed_yen,
                                             "refusals": sorted({r["code"] for r in application.refusals})})
    return application


@transaction.atomic
def application_decide(*, who: SubsidyActor, application_id: int, outcome: str, reason: str = "",
                       excluded_lines: Sequence[int] = ()) -> Application:
    """The ward's decision: approve the computed amount, approve part of it (uses left out, with a reason) or
    refuse (with a reason). Refused to the contractor, before the pre-check, and — except a refusal — while a
    duplicate is open."""
    _staff_only(who)
    application = application_get(who=who, pk=application_id, for_update=True)
    if application.state != ApplicationState.PRE_CHECKED:
        raise SubsidyConflict(_("Only a pre-checked application can be decided; this one is %(state)s")
                              % {"state": application.get_state_display()}, code="subsidy.state")
    if outcome not in DecisionOutcome.values:
        raise SubsidyInvalid(_("Decide approved, partly or refused"), field="outcome", code="subsidy.outcome")
    reason = (reason or "").strip()
    if outcome != DecisionOutcome.APPROVED and not reason:
        raise SubsidyInvalid(_("Give the reason of a partial approval or a refusal; it is printed on the notice"),
                             field="reason", code="subsidy.reason_missing")
    uses = list(application.uses.all())
    lines = {u.line for u in uses}
    excluded = set(excluded_lines)
    if outcome == DecisionOutcome.PARTLY:
        if not excluded or not excluded <= lines or excluded == lines:
            raise SubsidyInvalid(_("A partial approval leaves out some of the uses (by number), not all of them"),
                                 field="excluded_lines", code="subsidy.partly_lines")
        for use in uses:
            use.excluded = use.line in excluded
        Use.objects.bulk_update(uses, ["excluded"])
    if outcome != DecisionOutcome.REFUSED:
        duplicates = application_duplicates(application)
        if duplicates:
            raise SubsidyConflict(
                _("Possible duplicate: use %(line)d is claimed for the same child and hours in application "
                  "%(other)d (use %(other_line)d). Refuse one of them or leave the use out first.")
                % {"line": duplicates[0].line, "other": duplicates[0].other_id,
                   "other_line": duplicates[0].other_line},
                code="subsidy.duplicate", details={"duplicates": [d.__dict__ for d in duplicates]})
    amount = 0
    if outcome == DecisionOutcome.APPROVED:
        amount = application.computed_yen
    elif outcome == DecisionOutcome.PARTLY:
        amount = sum(u.amount_yen for u in uses if not u.excluded)
    if outcome != DecisionOutcome.REFUSED and amount <= 0:
        raise SubsidyInvalid(_("The rules grant nothing for this application: refuse it, naming the rules"),
                             field="outcome", code="subsidy.nothing_granted")
    application.outcome, application.decided_yen, application.decision_reason = outcome, amount, reason
    application.decided_by, application.decided_at = who.user, timezone.now()
    application.decided_on = timezone.localdate()
    _step(application, ApplicationState.DECIDED, who.user)
    application.save(update_fields=["state", "outcome", "decided_yen", "decision_reason", "decided_by",
                                    "decided_at", "decided_on"])
    audit_record("childcare.subsidy_application.decided", obj=application, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, data={"outcome": outcome, "decided_yen": amount,
                                             "excluded_lines": sorted(excluded)})
    return application


@dataclass(frozen=True)
class BulkOutcome:
    application_id: int
    ok: bool
    code: str = ""
    message: str = ""


def applications_bulk_approve(*, who: SubsidyActor, application_ids: Sequence[int]) -> list[BulkOutcome]:
    """Approve each application on its own; one refused leaves the others approved, with its own error."""
    _staff_only(who)
    outcomes = []
    for application_id in dict.fromkeys(application_ids):
        try:
            application_decide(who=who, application_id=application_id, outcome=DecisionOutcome.APPROVED)
        except ApplicationError as exc:  # a not-found id is reported like any other refusal
            outcomes.append(BulkOutcome(application_id, False, exc.code or type(exc).__name__, exc.message))
        else:
            outcomes.append(BulkOutcome(application_id, True))
    return outcomes


@transaction.atomic
def applications_notified(*, who: SubsidyActor, applications: Sequence[Application]) -> None:
    """Mark decided applications notified (their notice was issued); later issues of the notice change nothing."""
    for application in applications:
        if application.state != ApplicationState.DECIDED:
            continue
        application.notified_at = timezone.now()
        _step(application, ApplicationState.NOTIFIED, who.user)
        application.save(update_fields=["state", "notified_at"])
        audit_record("childcare.subsidy_application.notified", obj=application, tenant_id=who.municipality_id,
                     actor_id=who.user.pk, data={"outcome": application.outcome})


# --- the call centre, documents and the ward's lists -------------------------------------------------------

@transaction.atomic
def inquiry_record(*, who: SubsidyActor, application_id: int, content: str) -> Inquiry:
    """The contractor records a call-centre inquiry (相談内容) against an application's applicant; encrypted."""
    if not who.contractor and not who.ward_staff:
        raise SubsidyRefused(_("Only the contractor's call centre and the ward record inquiries"))
    if "inquiry.content" not in who.readable:
        raise SubsidyRefused(_("The approved contract does not list 相談内容 for your company"),
                             code="subsidy.item_not_approved")
    content = (content or "").strip()
    if not content:
        raise SubsidyInvalid(_("Write what the caller asked"), field="content", code="subsidy.inquiry_empty")
    if len(content) > 4000:
        raise SubsidyInvalid(_("An inquiry is at most 4,000 characters"), field="content")
    application = application_get(who=who, pk=application_id)
    inquiry = Inquiry.objects.create(municipality_id=who.municipality_id, application=application, content=content,
                                     recorded_by=who.user)
    audit_record("childcare.subsidy_inquiry.recorded", obj=inquiry, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, subjects=[application], fields=["inquiry.content"])
    return inquiry


@transaction.atomic
def document_add(*, who: SubsidyActor, application_id: int, kind: str, name: str, content: bytes) -> Document:
    """Attach a document (receipt, the company's itemised statement, the form), checked and encrypted."""
    if kind not in Document.Kind.values:
        raise SubsidyInvalid(_("Choose the kind of document"), field="kind")
    checked = upload_check(content=content, name=name, field="file", max_bytes=MAX_DOCUMENT_BYTES,
                           accepted=DOCUMENT_KINDS, name_max_length=200)
    application = application_get(who=who, pk=application_id)
    document = Document.objects.create(municipality_id=who.municipality_id, application=application, kind=kind,
                                       name=checked.name, content=checked.content, sha256=checked.sha256,
                                       size=checked.size, uploaded_by=who.user)
    audit_record("childcare.subsidy_document.added", obj=document, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, subjects=[application], data={"kind": kind, "sha256": checked.sha256})
    return document


def _company_values(*, who: SubsidyActor, code: str, name: str, hourly_price_yen, certified_from,
                    certified_until, pk: int | None) -> dict:
    """A company's values checked one by one, each refusal naming its field."""
    code, name = (code or "").strip(), (name or "").strip()
    if not re.fullmatch(r"[0-9A-Za-z-]{1,20}", code):
        raise SubsidyInvalid(_("The company's code is 1 to 20 letters, digits or hyphens, as on the application "
                               "form"), field="code", code="subsidy.company_code")
    clash = SitterCompany.objects.filter(municipality_id=who.municipality_id, code=code).exclude(pk=pk)
    if clash.exists():
        raise SubsidyConflict(_("Another certified company already has the code %(code)s") % {"code": code},
                              field="code", code="subsidy.company_code_taken")
    if not name or len(name) > 200:
        raise SubsidyInvalid(_("Give the company's name (at most 200 characters)"), field="name",
                             code="subsidy.company_name")
    if not isinstance(hourly_price_yen, int) or not 1 <= hourly_price_yen <= 100_000:
        raise SubsidyInvalid(_("The hourly price is a whole number of yen from 1 to 100,000"),
                             field="hourly_price_yen", code="subsidy.company_price")
    if not isinstance(certified_from, datetime.date):
        raise SubsidyInvalid(_("Give the day the company's certification began"), field="certified_from",
                             code="subsidy.company_dates")
    if certified_until is not None and certified_until < certified_from:
        raise SubsidyInvalid(_("The certification cannot end before it began"), field="certified_until",
                             code="subsidy.company_dates")
    return {"code": code, "name": name, "hourly_price_yen": hourly_price_yen, "certified_from": certified_from,
            "certified_until": certified_until}


@transaction.atomic
def company_save(*, who: SubsidyActor, code: str, name: str, hourly_price_yen: int,
                 certified_from: datetime.date, certified_until: datetime.date | None = None,
                 company: SitterCompany | None = None) -> SitterCompany:
    """Add a certified sitter company (the ward keeps Tokyo's list) or change ``company``; the event names the
    fields changed. A company in use keeps its code: applications name companies by it."""
    _staff_only(who)
    if company is not None and company.municipality_id != who.municipality_id:
        raise SubsidyRefused(_("Name a company of your ward"), code="subsidy.ward_only")
    values = _company_values(who=who, code=code, name=name, hourly_price_yen=hourly_price_yen,
                             certified_from=certified_from, certified_until=certified_until,
                             pk=company.pk if company else None)
    if company is None:
        company = SitterCompany.objects.create(municipality_id=who.municipality_id, **values)
        changed = sorted(values)
    else:
        changed = sorted(k for k, v in values.items() if getattr(company, k) != v)
        if "code" in changed and Use.objects.filter(company=company).exists():
            raise SubsidyConflict(_("Applications name this company by its code %(code)s: it cannot change")
                                  % {"code": company.code}, field="code", code="subsidy.company_code_in_use")
        if not changed:
            return company
        for key in changed:
            setattr(company, key, values[key])
        company.save(update_fields=changed)
    audit_record("childcare.subsidy_company.saved", obj=company, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, data={"changed": changed, "code": company.code})
    return company


@transaction.atomic
def sitter_save(*, who: SubsidyActor, company: SitterCompany, number: str, eligible_from: datetime.date,
                eligible_until: datetime.date | None = None, sitter: EligibleSitter | None = None) -> EligibleSitter:
    """Mark a sitter of a company eligible from a date (by registration number), or change ``sitter``."""
    _staff_only(who)
    if company.municipality_id != who.municipality_id or (sitter is not None and sitter.company_id != company.pk):
        raise SubsidyRefused(_("Name a company of your ward and one of its sitters"), code="subsidy.ward_only")
    number = (number or "").strip()
    if not re.fullmatch(r"[0-9A-Za-z-]{1,20}", number):
        raise SubsidyInvalid(_("The sitter's registration number is 1 to 20 letters, digits or hyphens"),
                             field="number", code="subsidy.sitter_number")
    if company.sitters.filter(number=number).exclude(pk=sitter.pk if sitter else None).exists():
        raise SubsidyConflict(_("The company already has a sitter numbered %(number)s") % {"number": number},
                              field="number", code="subsidy.sitter_number_taken")
    if not isinstance(eligible_from, datetime.date):
        raise SubsidyInvalid(_("Give the day the sitter became eligible"), field="eligible_from",
                             code="subsidy.sitter_dates")
    if eligible_until is not None and eligible_until < eligible_from:
        raise SubsidyInvalid(_("The eligibility cannot end before it began"), field="eligible_until",
                             code="subsidy.sitter_dates")
    values = {"number": number, "eligible_from": eligible_from, "eligible_until": eligible_until}
    if sitter is None:
        sitter = EligibleSitter.objects.create(company=company, **values)
        changed = sorted(values)
    else:
        changed = sorted(k for k, v in values.items() if getattr(sitter, k) != v)
        if not changed:
            return sitter
        for key in changed:
            setattr(sitter, key, values[key])
        sitter.save(update_fields=changed)
    audit_record("childcare.subsidy_sitter.saved", obj=sitter, tenant_id=who.municipality_id,
                 actor_id=who.user.pk, data={"company": company.pk, "changed": changed, "number": number})
    return sitter
