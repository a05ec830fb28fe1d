from django.urls import path

from childcare import api

urlpatterns = [
    path("children/", api.ChildListApi.as_view(), name="api-childcare-children"),
    path("children/search/", api.ChildSearchApi.as_view(), name="api-childcare-children-search"),
    path("children/<str:record_uid>/", api.ChildDetailApi.as_view(), name="api-childcare-child"),
]
