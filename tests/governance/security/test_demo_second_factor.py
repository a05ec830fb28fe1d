"""The demo users can complete the second factor with the published demo secret (make run)."""

import time

from django.core.management import call_command

from governance.security import totp
from governance.security.models import TotpDevice
from governance.security.totp import DEMO_TOTP_SECRET
from governance.tenancy.models import Role, User


def test_demo_loader_enrols_every_staff_user_with_the_published_secret(demo):
    staff = sorted(User.objects.filter(memberships__isnull=False).exclude(memberships__role=Role.GUARDIAN)
                   .values_list("username", flat=True).distinct())
    devices = TotpDevice.objects.select_related("user").order_by("user__username")
    assert [d.user.username for d in devices] == staff
    assert {"admin", "auditor", "committee", "hoiku", "piyopiyo", "uchida"} <= set(staff)
    assert "guardian" not in staff
    assert {d.secret for d in devices} == {DEMO_TOTP_SECRET}
    assert all(d.confirmed_at is not None for d in devices)


def test_demo_totp_prints_the_current_code(settings, capsys):
    settings.DEBUG = True
    call_command("demo_totp")
    out = capsys.readouterr().out
    now = time.time()
    assert out.split()[0] in {totp.code_at(DEMO_TOTP_SECRET, now - 30), totp.code_at(DEMO_TOTP_SECRET, now)}
    assert DEMO_TOTP_SECRET in out
