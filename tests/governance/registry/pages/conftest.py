import pytest
from django.db import transaction
from django.test.utils import override_settings

from audit.context import Channel, bound
from governance.demo import DEMO_PASSWORD, demo_load
from governance.tenancy.models import Membership, Municipality, Role, User
from governance.tenancy.services import membership_create, user_create


@pytest.fixture(scope="module")
def _registry_module(django_db_setup, django_db_blocker):
    """The demo users and the five seeds, loaded once per module (it takes seconds) inside a transaction that is
    rolled back afterwards; each test runs in a savepoint inside it, so tests still cannot see each other."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), bound(channel=Channel.CLI), \
            transaction.atomic():
        demo_load()
        nerima = Municipality.objects.get(name="練馬区")
        # A member of Nerima's council (審議会): the demo's committee member sits on Shinjuku's.
        user = user_create(username="shingikai", password=DEMO_PASSWORD, validate=False)
        membership_create(user=user, municipality=nerima, role=Role.COMMITTEE_MEMBER)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def registry(_registry_module, db):
    return None


@pytest.fixture
def as_user(client, registry):
    def login(username):
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client
    return login


def staff_of(department_name: str) -> User:
    return Membership.objects.get(role=Role.DEPARTMENT_STAFF, department__name=department_name).user
