"""Signing in (password, then the second factor) and API tokens."""

from django.contrib.auth import views as auth_views
from django.urls import path

from governance.security import api, keys, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
    path("login/enrol/", views.login_enrol, name="login-enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", views.admin_login, name="admin-login"),  # one login, with the second factor
    path("security/keys/", keys.keys_page, name="security-keys"),
    path("api/v1/auth/token/", api.TokenObtainApi.as_view(), name="api-token"),
    path("api/v1/auth/logout/", api.TokenRevokeApi.as_view(), name="api-logout"),
]
