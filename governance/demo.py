"""Demo data for the embedded run: both wards, their departments and facilities, one user per role.

Idempotent: everything is looked up before it is created. Refused when DEBUG is off, because the
demo users share a published development password.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import Forbidden
from governance.security.totp import DEMO_TOTP_SECRET
from governance.tenancy.models import Department, Facility, Membership, Municipality, Party, Position, Role, User
from governance.tenancy.services import membership_create, user_create

DEMO_PASSWORD = "mimamori-demo"

MUNICIPALITIES = [("131041", "新宿区"), ("131202", "練馬区")]
DEPARTMENTS = [
    ("新宿区", "子ども家庭部", "保育課"),
    ("新宿区", "教育委員会事務局", "学校運営課"),
    ("新宿区", "子ども総合センター", "子ども家庭支援課"),
    ("練馬区", "こども家庭部", "練馬子ども家庭支援センター"),
]
FACILITIES = [
    ("練馬区", "練馬子ども家庭支援センター", "練馬ぴよぴよ", "子育てのひろば"),
    ("練馬区", "練馬子ども家庭支援センター", "貫井ぴよぴよ", "子育てのひろば"),
    ("練馬区", "練馬子ども家庭支援センター", "関ぴよぴよ", "子育てのひろば"),
    ("練馬区", "練馬子ども家庭支援センター", "大泉ぴよぴよ", "子育てのひろば"),
    ("練馬区", "練馬子ども家庭支援センター", "光が丘ぴよぴよ", "子育てのひろば"),
    ("新宿区", "保育課", "新宿区立ひまわり保育園", "区立保育園"),  # a demo nursery for children's records
]
PARTIES = [("練馬区", "株式会社内田洋行"), ("新宿区", "株式会社バックスグループ")]

# username, municipality, role, department, facility, party
DEMO_USERS = [
    ("committee", "新宿区", Role.COMMITTEE_MEMBER, None, None, None),
    ("hoiku", "新宿区", Role.DEPARTMENT_STAFF, "保育課", None, None),
    ("gakko", "新宿区", Role.DEPARTMENT_STAFF, "学校運営課", None, None),  # owns 幼稚園預かり保育料 (payments)
    ("nerima", "練馬区", Role.DEPARTMENT_STAFF, "練馬子ども家庭支援センター", None, None),
    ("piyopiyo", "練馬区", Role.FACILITY_STAFF, None, "練馬ぴよぴよ", None),
    ("uchida", "練馬区", Role.VENDOR_USER, None, None, "株式会社内田洋行"),
    ("auditor", "新宿区", Role.AUDITOR, None, None, None),
    ("guardian", "新宿区", Role.GUARDIAN, None, None, None),
    ("admin", "新宿区", Role.ADMINISTRATOR, None, None, None),
    ("admin", "練馬区", Role.ADMINISTRATOR, None, None, None),
    # The committee workflow: seed 004's submitting department and a member of 練馬区's 審議会.
    ("shien", "新宿区", Role.DEPARTMENT_STAFF, "子ども家庭支援課", None, None),
    ("iin-nerima", "練馬区", Role.COMMITTEE_MEMBER, None, None, None),
    # Deletion requests: an auditor of 練馬区, who can follow the demo children's data to 内田洋行.
    ("kansa-nerima", "練馬区", Role.AUDITOR, None, None, None),
    # Children's records: a nurse at 練馬ぴよぴよ, staff of 貫井ぴよぴよ, the head of a Shinjuku nursery.
    ("kango", "練馬区", Role.FACILITY_STAFF, None, "練馬ぴよぴよ", None),
    ("nukui", "練馬区", Role.FACILITY_STAFF, None, "貫井ぴよぴよ", None),
    ("himawari", "新宿区", Role.FACILITY_STAFF, None, "新宿区立ひまわり保育園", None),
    # The babysitter subsidy's contractor (seed 004): pre-checks applications, runs the call centre.
    ("backs", "新宿区", Role.VENDOR_USER, None, None, "株式会社バックスグループ"),
    # A family of 練馬区 (上田 真理子) for temporary care at the ぴよぴよ.
    ("ueda", "練馬区", Role.GUARDIAN, None, None, None),
]
# Positions of the demo facility staff (the access policy lets only nurses and facility heads read sensitive fields).
DEMO_POSITIONS = {"piyopiyo": Position.CHILDCARE_WORKER, "kango": Position.NURSE, "nukui": Position.CHILDCARE_WORKER,
                  "himawari": Position.FACILITY_HEAD}

# Demo steps of higher apps (payments, childcare), registered in their AppConfig.ready() so that
# governance imports none of them; each returns {kind: rows added} and is idempotent.
_DEMO_STEPS: dict[str, Callable[[], dict[str, int]]] = {}


def register_demo_step(name: str, step: Callable[[], dict[str, int]]) -> None:
    """Run ``step`` after the governance demo data, each time ``demo_load`` runs."""
    _DEMO_STEPS[name] = step


@transaction.atomic
def demo_load(*, progress: Callable[[str], None] = lambda step: None,
              amendment_waiting: bool = False) -> dict[str, int]:
    """Create whatever of the demo data is missing; return how many rows of each kind were added.

    ``amendment_waiting`` leaves seed 004's LoGo amendment waiting for the committee (its review walk) instead of
    approved at 令和6年度第4回 (what the babysitter subsidy's import needs).

    ``progress`` is told the name of each step as it starts (the whole load takes about a minute)."""
    if not settings.DEBUG:
        raise Forbidden(_("Demo data (with its published password) is only loaded when DEBUG is on"))
    progress("tenants, users and authenticators")
    added = dict.fromkeys(["municipalities", "departments", "facilities", "parties", "users", "memberships"], 0)
    tenants = {}
    for code, name in MUNICIPALITIES:
        tenants[name], created = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        added["municipalities"] += created
    departments = {}
    for tenant, division, name in DEPARTMENTS:
        departments[name], created = Department.objects.get_or_create(
            municipality=tenants[tenant], name=name, defaults={"division": division})
        added["departments"] += created
    facilities = {}
    for tenant, department, name, kind in FACILITIES:
        facilities[name], created = Facility.objects.get_or_create(
            municipality=tenants[tenant], name=name,
            defaults={"department": departments[department], "kind": kind})
        added["facilities"] += created
    parties = {}
    for tenant, name in PARTIES:
        parties[name], created = Party.objects.get_or_create(municipality=tenants[tenant], name=name)
        added["parties"] += created
    for username, tenant, role, department, facility, party in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(username=username, password=DEMO_PASSWORD, validate=False,
                               is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR)
            added["users"] += 1
        scope = {"department": departments.get(department), "facility": facilities.get(facility),
                 "party": parties.get(party)}
        if not Membership.objects.filter(user=user, municipality=tenants[tenant], role=role, **scope).exists():
            membership_create(user=user, municipality=tenants[tenant], role=role,
                              position=DEMO_POSITIONS.get(username, ""), **scope)
            added["memberships"] += 1
    # Staff demo users get the published authenticator secret, so the second factor can be completed.
    from governance.security.models import TotpDevice
    from governance.security.second_factor import second_factor_required, totp_device_enrol

    added["authenticators"] = 0
    for username in dict.fromkeys(u[0] for u in DEMO_USERS):
        user = User.objects.get(username=username)
        if second_factor_required(user) and not TotpDevice.objects.filter(user=user).exists():
            totp_device_enrol(user=user, secret=DEMO_TOTP_SECRET)
            added["authenticators"] += 1
    # The registry of the five seed documents, before the higher apps' steps that may use it;
    # it reuses the tenants, departments, facilities and 株式会社内田洋行 created above, by name.
    from governance.registry.loader import seed_registry_load

    progress("registry (five seed documents)")
    added["registry"] = sum(seed_registry_load().values())
    # The committees' decisions on the seeds (and, if asked, one amendment left waiting for review).
    from governance.committee.seed_decisions import committee_seed_load

    progress("committee decisions")
    added["committee"] = sum(committee_seed_load(amendment_waiting=amendment_waiting).values())
    for name, step in _DEMO_STEPS.items():
        progress(name)
        added.update(step())
    # Deletion requests last: the demo exchange carries the higher apps' demo subjects.
    from governance.deletion.demo import demo_deletion_load

    progress("deletion requests")
    added.update(demo_deletion_load())
    return added
