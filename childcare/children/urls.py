"""Children and guardians: pages under /children/, the API under /api/v1/childcare/."""

from django.urls import include, path

from childcare.children import api, views, views_edit

pages = [
    path("", views.children_list, name="childcare-children"),
    path("mine/", views.my_children, name="childcare-mine"),
    path("mine/edit/", views_edit.my_record_edit, name="childcare-mine-edit"),
    path("<str:record_uid>/", views.child_detail, name="childcare-child"),
    path("<str:record_uid>/edit/", views_edit.child_edit, name="childcare-child-edit"),
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
