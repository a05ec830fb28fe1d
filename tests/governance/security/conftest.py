import pytest

from audit.context import Channel, bound
from governance.crypto import keyring
from governance.demo import DEMO_PASSWORD
from governance.security.second_factor import second_factor_required, totp_device_enrol
from governance.security.totp import DEMO_TOTP_SECRET
from governance.tenancy.models import Department, Facility, Municipality, Party, Role
from governance.tenancy.services import membership_create, user_create


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    keyring.clear_caches()
    yield
    keyring.clear_caches()


@pytest.fixture
def people(db):
    """One login per role, with the demo password; staff enrolled with the demo TOTP secret (as load_demo does).

    Lighter than the whole `demo` fixture, which also loads every higher app's demo data.
    """
    with bound(channel=Channel.CLI):
        ward = Municipality.objects.create(code="131041", name="新宿区")
        department = Department.objects.create(municipality=ward, name="保育課", division="子ども家庭部")
        facility = Facility.objects.create(municipality=ward, department=department, name="ぴよぴよ")
        party = Party.objects.create(municipality=ward, name="株式会社内田洋行")
        for username, role, scope in [
            ("committee", Role.COMMITTEE_MEMBER, {}), ("hoiku", Role.DEPARTMENT_STAFF, {"department": department}),
            ("piyopiyo", Role.FACILITY_STAFF, {"facility": facility}), ("uchida", Role.VENDOR_USER, {"party": party}),
            ("auditor", Role.AUDITOR, {}), ("guardian", Role.GUARDIAN, {}), ("admin", Role.ADMINISTRATOR, {}),
        ]:
            user = user_create(username=username, password=DEMO_PASSWORD, validate=False,
                               is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR)
            membership_create(user=user, municipality=ward, role=role, **scope)
            if second_factor_required(user):
                totp_device_enrol(user=user, secret=DEMO_TOTP_SECRET)
    return ward
