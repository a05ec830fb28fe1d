"""Mounts one urls.py per capability; each holds its pages and its API routes."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

CAPABILITIES = [
    "governance.tenancy.urls",
    "governance.security.urls",  # before the admin site: its login page is ours
    "governance.registry.urls",
    "governance.committee.urls",
    "governance.exchange.urls",
    "governance.deletion.urls",
    "governance.retention.urls",
    "payments.slips.urls",
    "payments.collection.urls",
    "childcare.children.urls",
    "audit.urls",
]

urlpatterns = [
    *(path("", include(capability)) for capability in CAPABILITIES),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
