"""Operations support: pages under /operations/."""

from django.urls import include, path

from childcare.operations import views

pages = [
    path("classes/", views.classes, name="operations-classes"),
    path("classes/new/", views.class_create, name="operations-class-create"),
    path("classes/<int:class_id>/", views.class_detail, name="operations-class"),
    path("classes/<int:class_id>/place/", views.class_place, name="operations-class-place"),
    path("classes/<int:class_id>/staff/", views.class_staff, name="operations-class-staff"),
]

urlpatterns = [
    path("operations/", include(pages)),
]
