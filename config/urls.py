"""Mounts one urls.py per capability; each holds its pages and its API routes."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

CAPABILITIES = [
    "governance.tenancy.urls",
    "governance.security.urls",  # before the admin site: its login page is ours
    "governance.registry.urls",
    "governance.committee.urls",
    "governance.exchange.urls",
    "governance.deletion.urls",
    "governance.retention.urls",
    "governance.jobs.urls",
    "governance.notifications.urls",
    "payments.slips.urls",
    "payments.collection.urls",
    "childcare.children.urls",
    "childcare.care.urls",
    "childcare.subsidy.urls",
    "childcare.operations.urls",
    "audit.urls",
]

# Swagger UI and Redoc style their pages inline, draw icons from data: URLs and Redoc searches in a blob:
# worker; their scripts stay files (the split view serves Swagger UI's start-up script from a URL).
api_docs_csp = csp_update({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"],
                           "worker-src": [SELF, "blob:"]})

urlpatterns = [
    *(path("", include(capability)) for capability in CAPABILITIES),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/redoc/", api_docs_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),  # browsers ask for it
]

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
