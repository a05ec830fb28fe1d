import io

import pytest

from governance.tenancy.models import Municipality, User
from payments.collection.services import payment_file_import
from payments.demo import demo_result_files


@pytest.fixture
def shinjuku(demo):
    return Municipality.objects.get(name="新宿区")


@pytest.fixture
def hoiku(demo):
    return User.objects.get(username="hoiku")


@pytest.fixture
def demo_files(shinjuku):
    return dict(demo_result_files(shinjuku))


def import_bytes(data: bytes, *, actor, municipality, filename="test.dat"):
    return payment_file_import(actor=actor, municipality=municipality, stream=io.BytesIO(data), filename=filename)
