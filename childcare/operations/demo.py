"""Demo data of operations support at 新宿区立ひまわり保育園 (fictional people); idempotent.

Two classes this fiscal year, the demo children placed in them, and two more staff logins: `hoikushi`, a
childcare worker granted one class (the nursery says staff see only their own class), and `hoken`, the
nurse. The head (`himawari`) sets everything up through the services, so each step is audited. The three
staff unlock the kiosk with the published demo PIN; the nurse has recorded 岡田 葵's growth.
"""

import datetime

from django.utils import timezone

from childcare.children.models import Child
from childcare.operations.attendance import pin_set
from childcare.operations.health import health_record_add
from childcare.operations.models import ChildClass, ClassPlacement, HealthRecord, OperationsFacility, StaffPin
from childcare.operations.permissions import fiscal_year
from childcare.operations.retention import demo_retention_rules_load
from childcare.operations.services import child_place, class_create, staff_assign
from governance.tenancy.models import Facility, Membership, Position, Role, User

FACILITY = ("新宿区", "新宿区立ひまわり保育園")
HEAD = "himawari"
STAFF = [("hoikushi", Position.CHILDCARE_WORKER), ("hoken", Position.NURSE)]
# class name, order, children placed (by name), staff granted
DEMO_PIN = "246810"
CLASSES = [("ぞう組", 5, ["岡田 葵"], ["hoikushi"]), ("きりん組", 4, ["加藤 悠真"], [])]


def _staff_login(username: str, position: str, facility: Facility) -> int:
    from governance.demo import DEMO_PASSWORD
    from governance.security.models import TotpDevice
    from governance.security.second_factor import totp_device_enrol
    from governance.security.totp import DEMO_TOTP_SECRET
    from governance.tenancy.services import membership_create, user_create

    added = 0
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=DEMO_PASSWORD, validate=False)
        added = 1
    if not Membership.objects.filter(user=user, facility=facility, role=Role.FACILITY_STAFF).exists():
        membership_create(user=user, municipality=facility.municipality, role=Role.FACILITY_STAFF, facility=facility,
                          position=position)
    if not TotpDevice.objects.filter(user=user).exists():
        totp_device_enrol(user=user, secret=DEMO_TOTP_SECRET)
    return added


def operations_demo_load() -> dict[str, int]:
    added = {"operations staff": 0, "classes": 0, "class placements": 0}
    tenant, name = FACILITY
    facility = Facility.objects.get(municipality__name=tenant, name=name)
    OperationsFacility.objects.get_or_create(facility=facility, defaults={"own_class_only": True})
    for username, position in STAFF:
        added["operations staff"] += _staff_login(username, position, facility)
    head = User.objects.get(username=HEAD)
    for username in (HEAD, *(u for u, _ in STAFF)):
        staff = User.objects.get(username=username)
        if not StaffPin.objects.filter(user=staff).exists():
            pin_set(actor=staff, pin=DEMO_PIN)
    year = fiscal_year(timezone.localdate())
    children = {c.name: c for c in Child.objects.filter(facility=facility)}
    for class_name, order, child_names, staff in CLASSES:
        child_class = ChildClass.objects.filter(facility=facility, fiscal_year=year, name=class_name).first()
        if child_class is None:
            child_class = class_create(actor=head, facility=facility, fiscal_year=year, name=class_name, order=order)
            added["classes"] += 1
            for username in staff:
                staff_assign(actor=head, child_class=child_class, staff=User.objects.get(username=username))
        for child_name in child_names:
            child = children.get(child_name)
            if child and not ClassPlacement.objects.filter(child=child, fiscal_year=year).exists():
                child_place(actor=head, child=child, child_class=child_class)
                added["class placements"] += 1
    added["health records"] = _health_demo(children.get("岡田 葵"))
    added["seed 002 items"] = _items_demo(children.get("岡田 葵"), head)
    added["retention rules"] = demo_retention_rules_load()
    return added


# 岡田 葵's growth over the last year and this morning's temperature, recorded by the nurse.
GROWTH = [(330, "96.0", "14.2"), (240, "97.6", "14.6"), (150, "99.1", "15.1"), (60, "100.4", "15.5")]


def _health_demo(child: Child | None) -> int:
    if child is None or HealthRecord.objects.filter(child=child).exists():
        return 0
    nurse, today = User.objects.get(username="hoken"), timezone.localdate()
    for days_ago, height, weight in GROWTH:
        health_record_add(actor=nurse, child=child, kind="growth", date=today - datetime.timedelta(days=days_ago),
                          values={"height_cm": height, "weight_kg": weight})
    health_record_add(actor=nurse, child=child, kind="temperature", date=today, values={"temperature": "36.7"})
    return len(GROWTH) + 1


# 岡田 葵's family as seed 002 lists the items (fictional); written once, by the head.
OKADA_CHILD = {"sex": "女", "nationality": "日本", "development_notes": "3歳児健診: 所見なし",
               "care_status": "標準時間認定（7:30–18:30）", "family_doctor": "北新宿こどもクリニック 03-3360-2211"}
OKADA_GUARDIAN = {"birth_date": datetime.date(1988, 7, 12), "nationality": "日本", "home_phone": "03-3360-4471",
                  "employer_name": "株式会社新宿設計", "employer_address": "東京都新宿区西新宿二丁目8番1号",
                  "employer_phone": "03-5320-1100", "family_situation": "共働き", "housing": "賃貸集合住宅"}
OKADA_HOUSEHOLD = [{"name": "岡田 翔", "relationship": "兄", "sex": "男", "birth_date": datetime.date(2018, 4, 3)}]


def _items_demo(child: Child | None, head: User) -> int:
    from childcare.children.services import child_update, guardian_update, household_member_add

    if child is None or child.sex is not None:
        return 0
    child_update(actor=head, child=child, **OKADA_CHILD)
    link = child.guardian_links.select_related("guardian").order_by("order").first()
    if link is None:
        return 1
    guardian_update(actor=head, guardian=link.guardian, **OKADA_GUARDIAN)
    for member in OKADA_HOUSEHOLD:
        household_member_add(actor=head, guardian=link.guardian, **member)
    return 2 + len(OKADA_HOUSEHOLD)
