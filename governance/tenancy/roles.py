"""What each role may do: the model permissions it carries and the pages it is offered at home.

Permissions are Django's own ("app.codename"), so lower apps check them without knowing roles.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from governance.tenancy.models import Role

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COMMITTEE_MEMBER: frozenset(),
    Role.DEPARTMENT_STAFF: frozenset(),
    Role.FACILITY_STAFF: frozenset(),
    Role.VENDOR_USER: frozenset(),
    Role.AUDITOR: frozenset({"audit.view_auditevent"}),
    Role.GUARDIAN: frozenset(),
    Role.ADMINISTRATOR: frozenset({"audit.view_auditevent"}),
}


@dataclass(frozen=True)
class Capability:
    label: str
    url_name: str
    description: str


API_DOCS = Capability(_("API documentation"), "api-docs", _("The REST API and how to get a token"))
AUDIT_LOG = Capability(_("Audit log"), "audit-log", _("Recent events and verification of the hash chain"))
PAYMENTS = Capability(_("Payments"), "payments-home",
                      _("Slips, receipts by channel, reconciliation cases, result-file import"))
REGISTRY = Capability(_("Registry"), "registry-index",
                      _("Businesses, items, parties, connections, contracts, data-flow diagrams, file register"))
ADMIN_SITE = Capability(_("Administration"), "admin:index", _("Municipalities, departments, users, memberships"))

ROLE_CAPABILITIES: dict[str, tuple[Capability, ...]] = {
    Role.COMMITTEE_MEMBER: (REGISTRY, API_DOCS),
    Role.DEPARTMENT_STAFF: (REGISTRY, PAYMENTS, API_DOCS),
    Role.FACILITY_STAFF: (API_DOCS,),
    Role.VENDOR_USER: (REGISTRY, API_DOCS),
    Role.AUDITOR: (AUDIT_LOG, REGISTRY, API_DOCS),
    Role.GUARDIAN: (),
    Role.ADMINISTRATOR: (ADMIN_SITE, REGISTRY, AUDIT_LOG, API_DOCS),
}

# The committee workflow: members review and decide, department staff draft and submit, auditors
# and administrators read. Added in front of each role's pages.
COMMITTEE = Capability(_("Privacy committee"), "committee-index",
                       _("Submissions, checklists, review queue, decisions, amendments and official forms"))
for _role in (Role.COMMITTEE_MEMBER, Role.DEPARTMENT_STAFF, Role.AUDITOR, Role.ADMINISTRATOR):
    ROLE_CAPABILITIES[_role] = (COMMITTEE, *ROLE_CAPABILITIES[_role])

# Deletion requests: vendor users certify erasure, the ward's staff confirm it, auditors follow
# a subject's data from the ledger to its erasure.
DELETION = Capability(_("Deletion requests"), "deletion-requests",
                      _("Erasure requested from parties, their deletion certificates, overdue and expiry notices"))
SUBJECT_TRAIL = Capability(_("Subject trail"), "deletion-subject-trail",
                           _("For one data subject: where their data went and that it was erased"))
for _role in (Role.VENDOR_USER, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR):
    ROLE_CAPABILITIES[_role] = (*ROLE_CAPABILITIES[_role], DELETION)
ROLE_CAPABILITIES[Role.ADMINISTRATOR] = (*ROLE_CAPABILITIES[Role.ADMINISTRATOR], SUBJECT_TRAIL)
ROLE_CAPABILITIES[Role.AUDITOR] = (*ROLE_CAPABILITIES[Role.AUDITOR], SUBJECT_TRAIL, DELETION)

# The exchange gate's ledger (vendor users: their own party's handovers), its dry run and the retention
# rules, for the registry's readers.
LEDGER = Capability(_("Handover ledger"), "exchange-ledger",
                    _("Every handover of personal data through the exchange gate, with CSV"))
EXCHANGE_CHECK = Capability(_("Exchange check"), "exchange-check",
                            _("Would the gate allow this exchange? Every reason it would give"))
RETENTION = Capability(_("Retention rules"), "retention-index",
                       _("How long records are kept, the nightly sweep and a dry run"))
for _role in (Role.COMMITTEE_MEMBER, Role.DEPARTMENT_STAFF, Role.AUDITOR, Role.ADMINISTRATOR):
    ROLE_CAPABILITIES[_role] = (*ROLE_CAPABILITIES[_role], LEDGER, EXCHANGE_CHECK, RETENTION)
ROLE_CAPABILITIES[Role.VENDOR_USER] = (*ROLE_CAPABILITIES[Role.VENDOR_USER], LEDGER)

# Administrators rotate the key rings' master keys (a background job with progress).
SECURITY_KEYS = Capability(_("Encryption keys"), "security-keys",
                           _("Data keys still wrapped by an older master key, and their rotation"))
ROLE_CAPABILITIES[Role.ADMINISTRATOR] = (*ROLE_CAPABILITIES[Role.ADMINISTRATOR], SECURITY_KEYS)
