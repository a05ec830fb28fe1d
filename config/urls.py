from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from governance import views as governance_views

# Swagger UI and Redoc style their pages inline, draw icons from data: URLs and Redoc searches in a blob:
# worker; their scripts stay files (the split view serves Swagger UI's start-up script from a URL).
api_docs_csp = csp_update({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"],
                           "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("", governance_views.home, name="home"),
    path("login/", governance_views.LoginView.as_view(), name="login"),
    path("login/verify/", governance_views.login_verify, name="login-verify"),
    path("login/enrol/", governance_views.login_enrol, name="login-enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("audit.urls")),
    path("registry/", include("governance.web.urls")),  # the registry's pages (issue 3)
    path("committee/", include("governance.web_committee.urls")),  # the committee's pages (issue 4)
    path("admin/login/", governance_views.admin_login, name="admin-login"),  # one login, with the second factor
    path("exchanges/", include("governance.web_exchange.urls")),
    path("deletion/", include("governance.web_deletion.urls")),  # deletion requests, subject trail (issue 8)
    path("retention/", include("governance.web_retention.urls")),  # retention rules and sweeps (issue 8)
    path("api/v1/governance/retention/", include("governance.api.retention")),  # the same over the API (issue 8)
    path("admin/", admin.site.urls),
    path("payments/", include("payments.urls")),
    path("children/", include("childcare.urls")),  # children and guardians (issue 6)
    path("api/v1/", include("governance.api.urls")),
    path("api/v1/payments/", include("payments.api.urls")),
    path("api/v1/childcare/", include("childcare.api_urls")),
    path("api/v1/audit/", include("audit.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/redoc/", api_docs_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
]
