import base64

import pytest

from governance.crypto import keyring
from governance.tenancy.models import Municipality

KEY_A = "ka:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "kb:" + base64.b64encode(b"B" * 32).decode()


@pytest.fixture(autouse=True)
def master_keys(settings):
    """One known master key; each test starts with no unwrapped keys cached (as a new process)."""
    settings.FIELD_KEY_PROVIDER = "governance.crypto.providers.SettingsKeyProvider"
    settings.FIELD_ENCRYPTION_KEYS = KEY_A
    keyring.clear_caches()
    yield settings
    keyring.clear_caches()


@pytest.fixture
def ward(db):
    return Municipality.objects.create(code="131041", name="新宿区")


@pytest.fixture
def other_ward(db):
    return Municipality.objects.create(code="131202", name="練馬区")
