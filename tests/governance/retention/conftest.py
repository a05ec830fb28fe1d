import base64
from datetime import date

import pytest

from governance.crypto import keyring
from governance.registry.models import DataItem, RegisteredBusiness
from governance.retention.services import retention_rule_create
from governance.tenancy.models import Department, Municipality, Role
from governance.tenancy.services import membership_create, user_create
from tests.crypto_testapp.models import Person, RetainedFile

KEY = "kr:" + base64.b64encode(b"R" * 32).decode()
SOURCE = "crypto_testapp.retainedfile"


@pytest.fixture(autouse=True)
def master_keys(settings):
    settings.FIELD_KEY_PROVIDER = "governance.crypto.providers.SettingsKeyProvider"
    settings.FIELD_ENCRYPTION_KEYS = KEY
    keyring.clear_caches()
    yield settings
    keyring.clear_caches()


@pytest.fixture
def ward(transactional_db):
    return Municipality.objects.create(code="131041", name="新宿区")


@pytest.fixture
def other_ward(transactional_db):
    return Municipality.objects.create(code="131202", name="練馬区")


def make_business(municipality: Municipality, name: str, department: str) -> RegisteredBusiness:
    dept, _ = Department.objects.get_or_create(municipality=municipality, name=department)
    business = RegisteredBusiness.objects.create(municipality=municipality, name=name, department=dept)
    DataItem.objects.create(municipality=municipality, business=business, subject="resident", name="氏名", order=1)
    DataItem.objects.create(municipality=municipality, business=business, subject="resident", name="生年", order=2)
    return business


@pytest.fixture
def business(ward):
    return make_business(ward, "一時保育", "保育課")


@pytest.fixture
def other_business(ward):
    return make_business(ward, "学童クラブ", "学校運営課")


def make_user(username: str, municipality: Municipality, role: str, department: Department | None = None):
    user = user_create(username=username, password="x-very-long-password-1", validate=False)
    membership_create(user=user, municipality=municipality, role=role, department=department)
    return user


@pytest.fixture
def admin(ward):
    return make_user("admin-r", ward, Role.ADMINISTRATOR)


@pytest.fixture
def staff(business):
    return make_user("hoiku-r", business.municipality, Role.DEPARTMENT_STAFF, business.department)


@pytest.fixture
def outsider_staff(other_business):
    return make_user("gakko-r", other_business.municipality, Role.DEPARTMENT_STAFF, other_business.department)


def rule_for(business: RegisteredBusiness, *, trigger: str = "last_use", years: int = 5, months: int = 0,
             days: int = 0, action: str = "crypto_shred"):
    return retention_rule_create(municipality=business.municipality, actor=None, data={
        "business": business.pk, "source": SOURCE, "trigger": trigger, "period_years": years,
        "period_months": months, "period_days": days, "action": action,
        "items": list(business.items.values_list("pk", flat=True))})


def make_files(business: RegisteredBusiness, last_used: list[date | None], **extra) -> list[RetainedFile]:
    """One file (and one person, its subject) per trigger date, created in this order."""
    files = []
    for index, day in enumerate(last_used):
        person = Person.objects.create(municipality=business.municipality, name=f"対象者{index}")
        files.append(RetainedFile.objects.create(municipality=business.municipality, business=business,
                                                 person=person, name=f"記録{index}", birth_year=2015 + index % 3,
                                                 last_used_on=day, **extra))
    return files
