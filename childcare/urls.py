from django.urls import path

from childcare import views

urlpatterns = [
    path("", views.children_list, name="childcare-children"),
    path("mine/", views.my_children, name="childcare-mine"),
    path("<str:record_uid>/", views.child_detail, name="childcare-child"),
]
