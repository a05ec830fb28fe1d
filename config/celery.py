"""The Celery app.

Embedded default: a real worker on kombu's filesystem transport (no server needed).
Production and CI: Redis, when CELERY_BROKER_URL says so.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mimamori")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
