import pytest

from audit.context import Channel, bound
from governance.demo import DEMO_PASSWORD
from governance.registry.models import ExternalConnection
from governance.registry.versioning import connection_create
from governance.tenancy.models import Department, Membership, Role, User


@pytest.fixture
def seeded(demo_module, db):
    return None


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def as_user(client, seeded):
    def login(username):
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client
    return login


@pytest.fixture
def new_connection(seeded) -> ExternalConnection:
    """A fresh external connection of 保育課's 保育業務支援システム, version 1 a draft."""
    from governance.registry.models import RegisteredBusiness

    business = RegisteredBusiness.objects.get(name="保育業務支援システム")
    party = business.connections.first().versions.first().counterparty
    with bound(channel=Channel.CLI):
        return connection_create(municipality=business.municipality, businesses=[business],
                                 title="保育業務支援システムの写真共有連携", actor=user("hoiku"),
                                 content={"counterparty": party.pk, "line": "internet",
                                          "period_start": "2026-12-01", "period_end": "2027-03-31"})


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def staff_member_of(name: str) -> User:
    return Membership.objects.filter(role=Role.DEPARTMENT_STAFF, department__name=name).order_by("pk").first().user
