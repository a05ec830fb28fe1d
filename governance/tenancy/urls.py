"""The home page and who the caller is over the API."""

from django.urls import path

from governance.tenancy import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("api/v1/me/", api.MeApi.as_view(), name="api-me"),
]
