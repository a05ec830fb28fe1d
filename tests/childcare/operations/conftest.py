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


def parent_login(child, username: str) -> User:
    """Give the child's first guardian (who has none in the demo) a guardian login."""
    from childcare.children.models import ChildGuardian
    from governance.tenancy.models import Membership, Role

    parent = ChildGuardian.objects.filter(child=child).order_by("order", "pk").first().guardian
    if parent.user is not None:
        return parent.user
    from governance.demo import DEMO_PASSWORD

    login_user = User.objects.create_user(username, DEMO_PASSWORD)
    Membership.objects.create(user=login_user, municipality_id=child.municipality_id, role=Role.GUARDIAN)
    parent.user = login_user
    parent.save()
    return login_user
