from django.urls import include, path

from governance.api.auth import TokenObtainApi, TokenRevokeApi
from governance.api.me import MeApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("auth/logout/", TokenRevokeApi.as_view(), name="api-logout"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("governance/", include("governance.api.registry")),  # the registry (issue 3)
    path("governance/", include("governance.api.exchange_urls")),  # the exchange gate (issue 5)
    path("governance/", include("governance.api.committee")),  # the committee workflow (issue 4)
    path("governance/", include("governance.api.deletion_urls")),  # deletion requests, subject trail (issue 8)
]
