from django.urls import path

from governance.api.auth import TokenObtainApi
from governance.api.me import MeApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="api-token"),
    path("me/", MeApi.as_view(), name="api-me"),
]
