"""With DEBUG off no command starts while any account still has the published demo authenticator key."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from governance.security import totp
from governance.security.checks import demo_authenticator_check
from governance.security.models import TotpDevice
from governance.security.second_factor import totp_device_enrol
from governance.security.totp import DEMO_TOTP_SECRET
from governance.tenancy.models import User


def test_debug_off_refuses_the_demo_authenticator_key_without_showing_it(people, settings):
    settings.DEBUG = False
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    message = str(refused.value)
    assert "governance.E001" in message and "6 account(s)" in message and "DEMO_TOTP_SECRET" in message
    assert DEMO_TOTP_SECRET not in message


def test_own_authenticators_pass(people, settings):
    settings.DEBUG = False
    for device in TotpDevice.objects.select_related("user"):
        totp_device_enrol(user=device.user, secret=totp.new_secret())
    assert demo_authenticator_check() == []


def test_one_left_over_demo_authenticator_is_found(people, settings):
    settings.DEBUG = False
    for device in TotpDevice.objects.select_related("user").exclude(user__username="auditor"):
        totp_device_enrol(user=device.user, secret=totp.new_secret())
    [error] = demo_authenticator_check()
    assert error.id == "governance.E001" and error.msg.startswith("1 account(s)")


def test_an_unconfirmed_demo_secret_cannot_log_in_and_is_not_counted(db, settings):
    settings.DEBUG = False
    TotpDevice(user=User.objects.create(username="new"), secret=DEMO_TOTP_SECRET).save()
    assert demo_authenticator_check() == []


def test_make_run_keeps_the_demo_authenticators(people, settings):
    settings.DEBUG = True
    assert demo_authenticator_check() == []
