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
# Task modules inside app packages (autodiscovery looks only at <app>.tasks).
app.autodiscover_tasks(["governance.retention"])
app.autodiscover_tasks(["governance.deletion"])  # deletion requests; their beat entries are in settings
app.autodiscover_tasks(["governance.jobs"])  # the one task every background job runs on
app.autodiscover_tasks(["childcare.care"])  # waiting-list offers; beat entry in settings
app.autodiscover_tasks(["childcare.operations"])  # expired check-in passes, photos of erased children


@app.on_after_configure.connect
def _retention_schedule(sender, **kwargs):
    """The retention sweep, daily at 03:00 Asia/Tokyo, after the audit log analysis at 02:00."""
    from celery.schedules import crontab

    sender.add_periodic_task(crontab(hour=3, minute=0), sender.signature("governance.retention_sweep"),
                             name="governance-retention-sweep")
