import pytest
from django.utils import timezone

from childcare.operations.models import ChildClass
from childcare.operations.permissions import fiscal_year
from governance.tenancy.models import User


def demo_class(name: str) -> ChildClass:
    """A demo class of ひまわり保育園 this fiscal year (ぞう組: 岡田 葵, hoikushi; きりん組: 加藤 悠真)."""
    return ChildClass.objects.get(facility__name="新宿区立ひまわり保育園", name=name,
                                  fiscal_year=fiscal_year(timezone.localdate()))


@pytest.fixture
def zou(demo) -> ChildClass:
    return demo_class("ぞう組")


@pytest.fixture
def kirin(demo) -> ChildClass:
    return demo_class("きりん組")


def user(username: str) -> User:
    return User.objects.get(username=username)
