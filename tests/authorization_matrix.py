"""Who may use each route, as data: the expected table of tests/test_authorization_matrix.py.

ALLOWED[url name] is the set of roles that may get a 2xx from it (with an object of their own tenant);
WRITERS[url name], where it differs, the roles that may send it POST, PUT, PATCH or DELETE. Every other
role must be refused (a 4xx, or a redirect to the login page), and every role is refused another tenant's
objects.
"""

import re
from collections.abc import Callable

from audit.models import AuditFinding
from audit.selectors import QUESTIONS
from childcare.care.models import CareBooking, CareFacility, CareLottery, CareRegistration, CareWaitlistEntry
from childcare.children.models import Child
from childcare.operations.models import AbsenceNotice, ChildClass, ContactPhoto, Newsletter
from childcare.subsidy.models import Application, Document, EligibleSitter, SitterCompany, TransferRun
from governance.committee.models import Checklist, Condition, Submission
from governance.deletion.models import DeletionCertificate, DeletionRequest
from governance.exchange.models import HandoverLedgerEntry
from governance.jobs.models import BackgroundJob
from governance.notifications.models import Notification
from governance.registry.models import (
    DataItem,
    ExternalConnection,
    OutOfPurposeUse,
    OutsourcingContract,
    ProcessingActivity,
    RegisteredBusiness,
)
from governance.retention.models import RetentionRule
from governance.tenancy.models import Municipality, Party, User
from payments.collection.models import ReconciliationCase
from payments.slips.models import Slip

SHINJUKU, NERIMA = "新宿区", "練馬区"

# One demo login per role (README), with the tenant it acts for and the other one.
ROLES = {
    "anonymous": None, "committee": "committee", "department": "hoiku", "department-nerima": "nerima",
    "facility-head": "himawari", "facility": "piyopiyo", "nurse": "kango", "vendor": "uchida",
    "auditor": "auditor", "guardian": "guardian", "admin": "admin", "support-department": "shien",
    "contractor": "backs", "childcare-worker": "hoikushi",
}
OWN_TENANT = {
    "anonymous": (SHINJUKU, NERIMA), "committee": (SHINJUKU, NERIMA), "department": (SHINJUKU, NERIMA),
    "department-nerima": (NERIMA, SHINJUKU), "facility-head": (SHINJUKU, NERIMA), "facility": (NERIMA, SHINJUKU),
    "nurse": (NERIMA, SHINJUKU), "vendor": (NERIMA, SHINJUKU), "auditor": (SHINJUKU, NERIMA),
    "guardian": (SHINJUKU, NERIMA), "admin": (SHINJUKU, None),  # the demo administrator acts for both
    "support-department": (SHINJUKU, NERIMA), "contractor": (SHINJUKU, NERIMA), "childcare-worker": (SHINJUKU, NERIMA),
}
STAFF = {"committee", "department", "department-nerima", "facility-head", "facility", "nurse", "vendor", "auditor",
         "admin"}
EVERYONE = set(ROLES)
# The demo nursery (ひまわり) and the department over it.
NURSERY = {"department", "facility-head", "childcare-worker"}
CARE_STAFF = {"admin", "department", "department-nerima", "facility", "facility-head", "nurse", "childcare-worker",
              "support-department"}
# The children's records: the ward's staff, the facilities, the vendor for the items its contract approves (the
# access policy), and guardians for their own children.
CHILDREN_READERS = {"department", "department-nerima", "facility", "facility-head", "guardian", "nurse", "vendor"}
SIGNED_IN = EVERYONE - {"anonymous"}

# Django's admin (its own permission system, tested in governance/security), language switching, the API's
# schema and documentation, and signing out (it would end the sweep's session).
SKIPPED = re.compile(r"^(admin/(?!login/)|i18n/|api/schema/|api/docs/|api/redoc/|favicon|logout/|api/v1/auth/logout/)")


def _first(queryset) -> dict | None:
    obj = queryset.order_by("pk").first()
    return None if obj is None else {"pk": obj.pk}


def _version(model) -> Callable[[str], dict | None]:
    def objects(tenant: str) -> dict | None:
        obj = model.objects.filter(municipality__name=tenant, versions__isnull=False).order_by("pk").first()
        return None if obj is None else {"pk": obj.pk, "number": 1, "other": 1}
    return objects


def _registry_part(kind: str, model) -> Callable[[str], dict | None]:
    def objects(tenant: str) -> dict | None:
        found = _version(model)(tenant)
        return None if found is None else {**found, "kind": kind}
    return objects


def _item(tenant: str) -> dict | None:
    item = DataItem.objects.filter(municipality__name=tenant).order_by("pk").first()
    return None if item is None else {"pk": item.business_id, "item_pk": item.pk}


def _checklist(tenant: str) -> dict | None:
    checklist = Checklist.objects.filter(submission__municipality__name=tenant).order_by("pk").first()
    return None if checklist is None else {"pk": checklist.submission_id, "checklist": checklist.pk}


def _submission_form(tenant: str) -> dict | None:
    found = _first(Submission.objects.filter(municipality__name=tenant))
    return None if found is None else {**found, "form": "submission"}


def _care(model, key: str) -> Callable[[str], dict | None]:
    def objects(tenant: str) -> dict | None:
        obj = model.objects.filter(municipality__name=tenant).order_by("pk").first()
        return None if obj is None else {key: obj.pk}
    return objects


def _care_facility(tenant: str) -> dict | None:
    care = CareFacility.objects.filter(facility__municipality__name=tenant).order_by("pk").first()
    return None if care is None else {"facility_id": care.facility_id}


def _child(tenant: str) -> dict | None:
    child = Child.objects.filter(municipality__name=tenant).order_by("pk").first()
    return None if child is None else {"record_uid": child.record_uid}


def _question(tenant: str) -> dict:
    return {"key": QUESTIONS[0].key}


def _file_register(tenant: str) -> dict:
    return {"fmt": "csv"}


OBJECTS: dict[str, Callable[[str], dict | None]] = {
    "registry-business-page": lambda t: _first(RegisteredBusiness.objects.filter(municipality__name=t)),
    "registry-item-edit": _item,
    "registry-file-register": _file_register,
    "registry-business": lambda t: _first(RegisteredBusiness.objects.filter(municipality__name=t)),
    "registry-item": lambda t: _first(DataItem.objects.filter(municipality__name=t)),
    "registry-party": lambda t: _first(Party.objects.filter(municipality__name=t)),
    "committee-submission-page": lambda t: _first(Submission.objects.filter(municipality__name=t)),
    "committee-checklist-edit": _checklist,
    "committee-checklist-answers": _checklist,
    "committee-checklist-evidence": _checklist,
    "committee-submission-form": _submission_form,
    "committee-form": _submission_form,
    "committee-condition-close-page": lambda t: _first(Condition.objects.filter(submission__municipality__name=t)),
    "committee-condition-close": lambda t: _first(Condition.objects.filter(submission__municipality__name=t)),
    "committee-out-of-purpose-request": lambda t: _first(OutOfPurposeUse.objects.filter(municipality__name=t)),
    "committee-out-of-purpose-forms": lambda t: _first(OutOfPurposeUse.objects.filter(municipality__name=t)),
    "committee-out-of-purpose-form": lambda t: (lambda u: u and {**u, "form": "record"})(
        _first(OutOfPurposeUse.objects.filter(municipality__name=t))),
    "exchange-ledger-entry": lambda t: _first(HandoverLedgerEntry.objects.filter(municipality__name=t)),
    "deletion-request": lambda t: _first(DeletionRequest.objects.filter(municipality__name=t)),
    "deletion-certificate-upload": lambda t: _first(DeletionRequest.objects.filter(municipality__name=t)),
    "api-deletion-request": lambda t: _first(DeletionRequest.objects.filter(municipality__name=t)),
    "api-deletion-certificate-upload": lambda t: _first(DeletionRequest.objects.filter(municipality__name=t)),
    "retention-rule-edit": lambda t: _first(RetentionRule.objects.filter(municipality__name=t)),
    "api-retention-rule": lambda t: _first(RetentionRule.objects.filter(municipality__name=t)),
    "payments-slip-pdf": lambda t: (lambda s: s and {"slip_id": s["pk"]})(
        _first(Slip.objects.filter(municipality__name=t))),
    "api-payments-case-resolve": lambda t: (lambda c: c and {"case_id": c["pk"]})(
        _first(ReconciliationCase.objects.filter(municipality__name=t))),
    "care-calendar": _care_facility,
    "care-cancel": _care(CareBooking, "booking_id"),
    "api-care-booking-cancel": _care(CareBooking, "booking_id"),
    "care-accept": _care(CareWaitlistEntry, "entry_id"),
    "api-care-offer-accept": _care(CareWaitlistEntry, "entry_id"),
    "care-registration-interview": _care(CareRegistration, "registration_id"),
    "care-registration-decision": _care(CareRegistration, "registration_id"),
    "api-care-registration-interview": _care(CareRegistration, "registration_id"),
    "api-care-registration-decision": _care(CareRegistration, "registration_id"),
    "api-audit-question": _question,
    "care-roster-attendance": lambda t: (lambda b: b and {**b, "action": "check-in"})(
        _care(CareBooking, "booking_id")(t)),
    "api-audit-finding": lambda t: (lambda f: f and {"finding_id": f["pk"]})(
        _first(AuditFinding.objects.filter(tenant_id=Municipality.objects.get(name=t).pk))),
}
for _name in ("registry-business-diagram", "registry-business-edit", "registry-item-new", "registry-business-findings",
              "registry-business-flow"):
    OBJECTS[_name] = OBJECTS["registry-business-page"]
for _name in ("committee-submission-edit", "committee-submission-part-add", "committee-submission-transition",
              "committee-submission-amend", "committee-submission", "committee-submission-parts",
              "committee-submission-attachments", "committee-submission-checklists", "committee-transitions",
              "committee-amendments", "committee-diff", "committee-forms"):
    OBJECTS[_name] = OBJECTS["committee-submission-page"]
for _name in ("api-ledger-entry", "api-ledger-file", "api-ledger-purpose-erasure"):
    OBJECTS[_name] = OBJECTS["exchange-ledger-entry"]
for _name in ("deletion-certificate-decide", "deletion-certificate-pdf", "api-deletion-certificate-decision",
              "api-deletion-certificate-pdf"):
    OBJECTS[_name] = lambda t: _first(DeletionCertificate.objects.filter(municipality__name=t))
OBJECTS["api-payments-slip-pdf"] = OBJECTS["payments-slip-pdf"]
for _name in ("api-care-booking-check-in", "api-care-booking-check-out", "api-care-booking-no-show"):
    OBJECTS[_name] = _care(CareBooking, "booking_id")
for _name in ("care-registration-waiver", "care-registration-renew", "api-care-registration-waiver",
              "api-care-registration-renew"):
    OBJECTS[_name] = _care(CareRegistration, "registration_id")
OBJECTS["api-care-lottery-verify"] = _care(CareLottery, "lottery_id")
for _name in ("subsidy-application", "subsidy-pre-check", "subsidy-decide", "subsidy-inquiry", "subsidy-document",
              "api-subsidy-application", "api-subsidy-pre-check", "api-subsidy-decision", "api-subsidy-inquiries"):
    OBJECTS[_name] = _care(Application, "application_id")
OBJECTS["api-subsidy-documents"] = _care(Application, "application_id")
for _name in ("subsidy-transfer-file", "api-subsidy-transfer-file"):
    OBJECTS[_name] = _care(TransferRun, "run_id")
for _name in ("subsidy-document-file", "api-subsidy-document-file"):
    OBJECTS[_name] = lambda t: (lambda d: d and {"application_id": d.application_id, "document_id": d.pk})(
        Document.objects.filter(municipality__name=t).order_by("pk").first())
OBJECTS["subsidy-company"] = _care(SitterCompany, "company_id")
OBJECTS["subsidy-sitter"] = lambda t: (lambda s: s and {"company_id": s.company_id, "sitter_id": s.pk})(
    EligibleSitter.objects.filter(company__municipality__name=t).order_by("pk").first())
for _name in ("operations-class", "operations-class-place", "operations-class-staff", "operations-plans",
              "operations-log", "operations-board", "api-operations-board"):
    OBJECTS[_name] = _care(ChildClass, "class_id")
for _name in ("operations-kiosk", "operations-kiosk-scan", "operations-kiosk-unlock", "operations-kiosk-lock",
              "operations-kiosk-board", "operations-kiosk-touch"):
    OBJECTS[_name] = lambda t: (lambda c: c and {"facility_id": c.facility_id})(
        ChildClass.objects.filter(municipality__name=t).order_by("pk").first())
OBJECTS["operations-absence-withdraw"] = _care(AbsenceNotice, "notice_id")
for _name in ("operations-contact", "operations-photo-sharing", "operations-health", "api-operations-contact"):
    OBJECTS[_name] = _child
OBJECTS["operations-photo"] = _care(ContactPhoto, "photo_id")
for _name in ("operations-newsletter", "operations-family-newsletter", "operations-family-newsletter-attachment"):
    OBJECTS[_name] = _care(Newsletter, "newsletter_id")
for _name in ("childcare-child", "childcare-child-edit", "api-childcare-child"):
    OBJECTS[_name] = _child
for _page in ("registry-part", "registry-version", "registry-diff", "registry-part-edit"):
    OBJECTS[_page] = _registry_part("connection", ExternalConnection)
for _prefix, _model in (("processing", ProcessingActivity), ("connections", ExternalConnection),
                        ("contracts", OutsourcingContract), ("out-of-purpose-uses", OutOfPurposeUse)):
    for _suffix in ("-detail", "-versions", "-version", "-diff"):
        OBJECTS[f"registry-{_prefix}{_suffix}"] = _version(_model)


# A background job and a notification are one person's: the department staff member of each tenant gets one.
_OWNER = {SHINJUKU: "hoiku", NERIMA: "nerima"}


def _job(tenant: str) -> dict:
    user = User.objects.get(username=_OWNER[tenant])
    job, _ = BackgroundJob.objects.get_or_create(task_id=f"matrix-{user.pk}", defaults={
        "kind": "retention_sweep", "started_by": user, "status": "succeeded",
        "municipality": Municipality.objects.get(name=tenant), "summary": {"erased": 0}})
    return {"pk": job.pk}


def _notification(tenant: str) -> dict:
    user = User.objects.get(username=_OWNER[tenant])
    notification, _ = Notification.objects.get_or_create(key=f"matrix-{user.pk}", defaults={
        "recipient": user, "kind": "import_refused", "params": {"job": 1, "kind": "payment_import", "problems": 1},
        "municipality": Municipality.objects.get(name=tenant)})
    return {"pk": notification.pk}


for _name in ("job-detail", "job-progress", "job-output"):
    OBJECTS[_name] = _job
OBJECTS["notifications-detail"] = _notification

# Routes whose arguments name no tenant's object (a file format, a question): one request serves both tenants.
TENANTLESS = {"registry-file-register", "api-audit-question"}


def route_objects(name: str, tenant: str) -> dict | None:
    """The URL's arguments naming an object of ``tenant`` ({} for a route without; None: it has none)."""
    objects = OBJECTS.get(name)
    return {} if objects is None else objects(tenant)


ALLOWED: dict[str, set[str]] = {
    "home": SIGNED_IN,
    "api-me": SIGNED_IN,
    "login": EVERYONE,
    "login-verify": set(),
    "login-enrol": set(),
    "admin-login": set(),
    "api-token": set(),
    "registry-index": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-business-page": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-business-diagram": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-business-edit": {"admin", "department", "department-nerima"},
    "registry-item-new": {"admin", "department", "department-nerima"},
    "registry-item-edit": {"admin", "department", "department-nerima"},
    "registry-part": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-version": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-diff": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-part-edit": {"admin", "department", "department-nerima"},
    "registry-file-register": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-businesses": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-business": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-business-findings": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-business-flow": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-items": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-item": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-parties": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-party": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-criteria": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-processing": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-processing-detail": {"admin", "auditor", "committee", "department"},
    "registry-processing-versions": {"admin", "auditor", "committee", "department"},
    "registry-processing-version": {"admin", "auditor", "committee", "department"},
    "registry-processing-diff": {"admin", "auditor", "committee", "department"},
    "registry-connections": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-connections-detail": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-connections-versions": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-connections-version": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-connections-diff": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-contracts": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "registry-contracts-detail": {"admin", "auditor", "committee", "department"},
    "registry-contracts-versions": {"admin", "auditor", "committee", "department"},
    "registry-contracts-version": {"admin", "auditor", "committee", "department"},
    "registry-contracts-diff": {"admin", "auditor", "committee", "department"},
    "registry-out-of-purpose-uses": {"admin", "auditor", "committee", "department", "department-nerima"},
    "registry-out-of-purpose-uses-detail": {"department-nerima"},
    "registry-out-of-purpose-uses-versions": {"department-nerima"},
    "registry-out-of-purpose-uses-version": {"department-nerima"},
    "registry-out-of-purpose-uses-diff": {"department-nerima"},
    "committee-index": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-submission-new": {"department", "department-nerima"},
    "committee-submission-page": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-submission-edit": {"admin", "department", "department-nerima"},
    "committee-submission-part-add": set(),
    "committee-checklist-edit": {"admin", "department", "department-nerima"},
    "committee-submission-transition": set(),
    "committee-submission-amend": set(),
    "committee-submission-form": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-condition-close-page": set(),
    "committee-meetings": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-submissions": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-submission": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-submission-parts": set(),
    "committee-submission-attachments": set(),
    "committee-submission-checklists": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-checklist-answers": set(),
    "committee-checklist-evidence": set(),
    "committee-transitions": set(),
    "committee-amendments": set(),
    "committee-diff": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-form": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-forms": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-out-of-purpose-forms": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-out-of-purpose-form": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-review-queue": {"committee"},
    "committee-decisions": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-condition-close": set(),
    "committee-checklist-templates": {"admin", "auditor", "committee", "department", "department-nerima"},
    "committee-out-of-purpose-request": set(),
    "exchange-ledger": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    # Readers of the registry see their ward's entries (新宿区's: the demo LoGo import), a vendor its party's.
    "exchange-ledger-entry": {"department-nerima", "vendor", "admin", "auditor", "committee", "department"},
    "exchange-check": {"admin", "auditor", "committee", "department", "department-nerima"},
    "api-exchange": set(),
    "api-ledger": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "api-ledger-export": {"admin", "auditor", "committee", "department", "department-nerima", "vendor"},
    "api-ledger-entry": {"department-nerima", "vendor", "admin", "auditor", "committee", "department"},
    "api-ledger-file": set(),
    "api-ledger-purpose-erasure": set(),
    "deletion-requests": {"admin", "auditor", "department", "department-nerima", "vendor"},
    "deletion-request": {"department-nerima", "vendor"},
    "deletion-certificate-upload": set(),
    "deletion-certificate-decide": set(),
    "deletion-certificate-pdf": set(),
    "deletion-subject-trail": {"admin", "auditor"},
    "api-deletion-requests": {"admin", "auditor", "department", "department-nerima", "vendor"},
    "api-deletion-request": {"department-nerima", "vendor"},
    "api-deletion-certificate-upload": set(),
    "api-deletion-certificate-decision": set(),
    "api-deletion-certificate-pdf": set(),
    "api-subject-trail": {"admin", "auditor"},
    "retention-index": {"admin", "auditor", "committee", "department", "department-nerima"},
    "retention-sweep-start": set(),  # POST only: see WRITERS
    # Background jobs: only the person who started one sees it (here each tenant's department staff member).
    "job-detail": {"department", "department-nerima"},
    "job-progress": {"department", "department-nerima"},
    "job-output": set(),  # the demo's jobs made nothing to download (see tests of the slip PDF job)
    # Everyone signed in has an inbox (on the home page too); a notification is its recipient's alone.
    "notifications-inbox": SIGNED_IN,
    "notifications-recent": SIGNED_IN,
    "notifications-detail": {"department", "department-nerima"},
    "notifications-address": set(),  # POST only: see WRITERS
    # A municipality's administrators see its key status and rotate its keys.
    "security-keys": {"admin"},
    "retention-rule-new": {"admin", "department", "department-nerima"},
    "retention-rule-edit": {"admin", "department", "department-nerima"},
    "api-retention-rules": {"admin", "auditor", "committee", "department", "department-nerima"},
    "api-retention-rule": {"admin", "auditor", "committee", "department", "department-nerima"},
    "api-retention-preview": {"admin", "department", "department-nerima"},
    "payments-slips": {"department", "department-nerima"},
    "payments-slips-pdf": {"department", "department-nerima"},
    "payments-slips-pdf-start": set(),  # POST only: see WRITERS
    "payments-slip-pdf": {"department"},
    "api-payments-slips": {"department", "department-nerima"},
    "api-payments-slip-pdf": {"department"},
    "payments-home": {"department", "department-nerima"},
    "payments-cases": {"department", "department-nerima"},
    "payments-credits": {"department", "department-nerima"},
    "payments-monthly": {"department", "department-nerima"},
    "payments-import": {"department", "department-nerima"},
    "api-payments-result-files": set(),
    "api-payments-cases": {"department", "department-nerima"},
    "api-payments-case-resolve": set(),
    "api-payments-reports": {"department", "department-nerima"},
    # guardians are sent on to their own children's page
    "childcare-children": CHILDREN_READERS,
    "childcare-mine": {"guardian"},
    "childcare-child": CHILDREN_READERS,
    # Changing a record: the staff who may register the child (its facility and the department running it).
    "childcare-child-edit": {"department", "department-nerima", "facility", "facility-head", "nurse"},
    "childcare-mine-edit": {"guardian"},
    "api-childcare-children": CHILDREN_READERS,
    "api-childcare-children-search": set(),
    "api-childcare-child": CHILDREN_READERS,
    "care-family": {"guardian"},
    "care-calendar": {"guardian"},
    "care-book": set(),
    "care-cancel": set(),
    "care-accept": set(),
    "care-roster": {"department", "department-nerima", "facility", "facility-head", "nurse"},
    "care-registration-apply": {"guardian"},
    "care-registrations": {"department", "department-nerima", "facility", "facility-head", "nurse"},
    "care-registration-interview": set(),
    "care-registration-decision": set(),
    "api-care-registrations": {"department", "department-nerima", "facility", "facility-head", "guardian", "nurse"},
    "api-care-registration-interview": set(),
    "api-care-registration-decision": set(),
    "api-care-availability": {"department", "department-nerima", "facility", "facility-head", "guardian", "nurse"},
    "api-care-bookings": set(),
    "api-care-booking-cancel": set(),
    "api-care-waitlist": set(),
    "api-care-offer-accept": set(),
    "care-roster-attendance": set(),
    "care-fees": {"department", "department-nerima"},
    "care-report": {"department", "department-nerima", "facility", "facility-head", "nurse"},
    "care-registration-waiver": set(),
    "care-registration-renew": set(),
    "api-care-registration-waiver": set(),
    "api-care-registration-renew": set(),
    "api-care-booking-check-in": set(),
    "api-care-booking-check-out": set(),
    "api-care-booking-no-show": set(),
    "api-care-lottery-apply": set(),
    "api-care-lottery-verify": {"admin", "auditor"},
    # The babysitter subsidy: the support department decides; the contractor pre-checks what the contract allows.
    "subsidy-applications": {"support-department", "contractor"},
    "subsidy-application": {"support-department", "contractor"},
    "subsidy-pre-check": set(), "subsidy-decide": set(), "subsidy-inquiry": set(), "subsidy-document": set(),
    "subsidy-bulk-approve": set(), "subsidy-notices": set(),
    "subsidy-import": {"support-department"}, "subsidy-mappings": {"support-department"},
    "subsidy-import-start": set(),  # POST only: see WRITERS
    "subsidy-transfers": {"support-department"}, "subsidy-transfer-file": {"support-department"},
    "api-subsidy-applications": {"support-department", "contractor"},
    "api-subsidy-application": {"support-department", "contractor"},
    "api-subsidy-pre-check": set(), "api-subsidy-decision": set(),
    "api-subsidy-inquiries": {"support-department", "contractor"},
    "api-subsidy-bulk-approve": set(), "api-subsidy-import": set(),
    # A document: the contractor opens the kinds its approved items cover (the demo's is a receipt).
    "subsidy-document-file": {"support-department", "contractor"},
    "api-subsidy-documents": {"support-department", "contractor"},
    "api-subsidy-document-file": {"support-department", "contractor"},
    "subsidy-companies": {"support-department"}, "subsidy-company": {"support-department"}, "subsidy-sitter": set(),
    "api-subsidy-notices": set(), "api-subsidy-transfers": {"support-department"},
    "api-subsidy-transfer-file": {"support-department"},
    # Operations support: the nursery's staff and the department; health records for nurses and heads only.
    "operations-classes": NURSERY | {"department-nerima", "facility", "nurse"},
    "operations-class-create": set(), "operations-class-place": set(), "operations-class-staff": set(),
    "operations-class": NURSERY, "operations-plans": NURSERY, "operations-log": NURSERY,
    "operations-board": NURSERY, "operations-kiosk": NURSERY, "operations-kiosk-board": NURSERY,
    "operations-kiosk-scan": set(), "operations-kiosk-unlock": set(), "operations-kiosk-lock": set(),
    "operations-kiosk-touch": set(),
    "operations-pin": {"facility-head", "facility", "nurse", "childcare-worker"},
    "operations-family": {"guardian"},
    # opened directly (not by the page's refresh) it only sends the visitor on to the family page
    "operations-family-pass": SIGNED_IN,
    "operations-absence-send": set(), "operations-absence-withdraw": set(),
    "operations-contact": NURSERY | {"department-nerima", "facility", "nurse", "guardian"},
    "operations-photo-sharing": set(), "operations-photo": NURSERY | {"guardian"},
    "operations-health": {"facility-head", "nurse"},
    "operations-newsletters": NURSERY | {"department-nerima", "facility", "nurse"},
    "operations-newsletter": NURSERY,
    "operations-family-newsletters": {"guardian"},
    "operations-family-newsletter": {"guardian"}, "operations-family-newsletter-attachment": {"guardian"},
    # Its API: the same roles as the pages it stands beside.
    "api-operations-classes": NURSERY | {"department-nerima", "facility", "nurse"},
    "api-operations-board": NURSERY,
    "api-operations-absences": {"guardian"},
    "api-operations-contact": NURSERY | {"department-nerima", "facility", "nurse", "guardian"},
    "api-operations-newsletters": NURSERY | {"department-nerima", "facility", "nurse"},
    "api-operations-family-newsletters": {"guardian"},
    "audit-log": {"admin", "auditor"},
    "audit-export": {"admin", "auditor"},
    "audit-verify": set(),
    "audit-findings": {"admin", "auditor"},
    "api-audit-events": {"admin", "auditor"},
    "api-audit-export": {"admin", "auditor"},
    "api-audit-questions": {"admin", "auditor"},
    "api-audit-question": {"admin", "auditor"},
    "api-audit-verify": set(),
    "api-audit-findings": {"admin", "auditor"},
    "api-audit-finding": set(),
}
# The same roles as other demo logins: a vendor user of another contract, a childcare worker at another nursery.
for _roles in ALLOWED.values():
    if "vendor" in _roles:
        _roles.add("contractor")
    if "facility" in _roles:
        _roles.add("childcare-worker")
    if "department" in _roles:
        _roles.add("support-department")

# Signing in is for people not signed in yet: its forms answer everyone (a wrong password is a 4xx or the form again).
WRITERS: dict[str, set[str]] = {
    "retention-sweep-start": {"admin", "department", "department-nerima"},
    "payments-slips-pdf-start": {"department", "department-nerima"},
    "notifications-address": SIGNED_IN,
    **{name: EVERYONE for name in ("login", "login-verify", "login-enrol", "admin-login", "api-token")},
    # Verifying the audit chain is an auditor's action (it records its outcome).
    "audit-verify": {"admin", "auditor"}, "api-audit-verify": {"admin", "auditor"},
    # The department drafts and amends its submissions; the committee moves them to a decision.
    "committee-submission-part-add": {"admin", "department", "department-nerima"},
    "committee-submission-amend": {"admin", "department", "department-nerima"},
    "committee-amendments": {"admin", "department", "department-nerima"},
    # Temporary care: the facility records the day; staff record waivers; families and staff renew.
    **{name: CARE_STAFF for name in ("care-roster-attendance", "api-care-booking-check-in",
                                     "api-care-booking-check-out", "api-care-booking-no-show",
                                     "care-registration-waiver", "api-care-registration-waiver")},
    **{name: CARE_STAFF | {"guardian"} for name in ("care-registration-renew", "api-care-registration-renew")},
    "api-care-lottery-apply": {"guardian"},
    **{name: {"support-department", "admin"} for name in ("subsidy-decide", "subsidy-bulk-approve", "subsidy-import",
                                                          "subsidy-import-start",
                                                          "subsidy-mappings", "subsidy-transfers", "subsidy-notices",
                                                          "api-subsidy-decision", "api-subsidy-bulk-approve",
                                                          "api-subsidy-import", "subsidy-companies",
                                                          "subsidy-company", "subsidy-sitter", "api-subsidy-notices",
                                                          "api-subsidy-transfers")},
    **{name: {"contractor"} for name in ("subsidy-pre-check", "subsidy-inquiry", "api-subsidy-pre-check",
                                         "api-subsidy-inquiries")},
    "subsidy-document": {"support-department", "contractor"},
    # An administrator of the ward erases what was written about an exchange.
    "api-ledger-purpose-erasure": {"admin"},
    **{name: NURSERY | {"facility", "nurse"} for name in (
        "operations-class-create", "operations-class-place", "operations-class-staff", "operations-plans",
        "operations-log", "operations-kiosk-scan", "operations-kiosk-unlock", "operations-kiosk-lock",
        "operations-kiosk-touch", "operations-pin", "operations-newsletters", "operations-contact",
        "api-operations-newsletters", "api-operations-contact")},
    **{name: {"guardian"} for name in ("operations-absence-send", "operations-absence-withdraw",
                                       "api-operations-absences",
                                       "operations-photo-sharing", "operations-family")},
    "operations-health": {"facility-head", "nurse"},
    "committee-submission-transition": {"admin", "committee", "department", "department-nerima"},
}
