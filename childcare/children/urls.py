"""Children and guardians: pages under /children/, the API under /api/v1/childcare/."""

from django.urls import include, path

from childcare.children import api, views

pages = [
    path("", views.children_list, name="childcare-children"),
    path("mine/", views.my_children, name="childcare-mine"),
    path("<str:record_uid>/", views.child_detail, name="childcare-child"),
]

api_routes = [
    path("children/", api.ChildListApi.as_view(), name="api-childcare-children"),
    path("children/search/", api.ChildSearchApi.as_view(), name="api-childcare-children-search"),
    path("children/<str:record_uid>/", api.ChildDetailApi.as_view(), name="api-childcare-child"),
]

urlpatterns = [
    path("children/", include(pages)),
    path("api/v1/childcare/", include(api_routes)),
]
