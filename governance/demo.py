"""Demo data for the embedded run: both wards, their departments and facilities, one user per role.

Idempotent: everything is looked up before it is created. Refused when DEBUG is off, because the
demo users share a published development password.
"""

from django.conf import settings
from django.db import transaction

from common.errors import Forbidden
from governance.models import Department, Facility, Membership, Municipality, Party, Role, User
from governance.services import membership_create, user_create

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
]
PARTIES = [("練馬区", "株式会社内田洋行")]

# username, municipality, role, department, facility, party
DEMO_USERS = [
    ("committee", "新宿区", Role.COMMITTEE_MEMBER, None, None, None),
    ("hoiku", "新宿区", Role.DEPARTMENT_STAFF, "保育課", None, None),
    ("piyopiyo", "練馬区", Role.FACILITY_STAFF, None, "練馬ぴよぴよ", None),
    ("uchida", "練馬区", Role.VENDOR_USER, None, None, "株式会社内田洋行"),
    ("auditor", "新宿区", Role.AUDITOR, None, None, None),
    ("guardian", "新宿区", Role.GUARDIAN, None, None, None),
    ("admin", "新宿区", Role.ADMINISTRATOR, None, None, None),
    ("admin", "練馬区", Role.ADMINISTRATOR, None, None, None),
]


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create whatever of the demo data is missing; return how many rows of each kind were added."""
    if not settings.DEBUG:
        raise Forbidden("Demo data (with its published password) is only loaded when DEBUG is on")
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
            membership_create(user=user, municipality=tenants[tenant], role=role, **scope)
            added["memberships"] += 1
    return added
