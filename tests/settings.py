"""Settings for the test suite: the product's settings plus test-only apps.

Test-only models (e.g. tests.crypto_testapp, models with encrypted fields) live here so the
product's INSTALLED_APPS and migrations never contain them.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.crypto_testapp"]

# Django's own fast hasher for tests: the production PBKDF2 costs about a second per login on a
# shared two-core machine, which would dominate every test that creates or logs in a user.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No host appender: a developer's own (`make run` on PostgreSQL) writes to another database. The tests of the
# appender start one of their own and point their reads at it.
AUDIT_APPENDER_SOCKET = ""
