"""/registry/ — the registry's pages (mounted in config/urls.py)."""

from django.urls import path

from governance.web import views

urlpatterns = [
    path("", views.registry_index, name="registry-index"),
    path("businesses/<int:pk>/", views.business_detail, name="registry-business-page"),
    path("businesses/<int:pk>/diagram.svg", views.business_diagram_svg, name="registry-business-diagram"),
    path("businesses/<int:pk>/edit/", views.business_edit, name="registry-business-edit"),
    path("businesses/<int:pk>/items/new/", views.item_edit, name="registry-item-new"),
    path("businesses/<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="registry-item-edit"),
    path("<str:kind>s/<int:pk>/", views.version_detail, name="registry-part"),
    path("<str:kind>s/<int:pk>/versions/<int:number>/", views.version_detail, name="registry-version"),
    path("<str:kind>s/<int:pk>/diff/", views.version_diff, name="registry-diff"),
    path("<str:kind>s/<int:pk>/edit/", views.part_edit, name="registry-part-edit"),
    path("file-register.<str:fmt>", views.file_register, name="registry-file-register"),
]
