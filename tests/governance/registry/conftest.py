import pytest

from audit.context import Channel, bound
from governance.registry.loader import seed_registry_load
from governance.tenancy.models import Municipality


@pytest.fixture
def seeded(db):
    """The registry of the five seeds, loaded by the system (no acting user)."""
    with bound(channel=Channel.CLI):
        seed_registry_load()


@pytest.fixture
def shinjuku(seeded):
    return Municipality.objects.get(name="新宿区")


@pytest.fixture
def nerima(seeded):
    return Municipality.objects.get(name="練馬区")
