"""The inbox under /notifications/."""

from django.urls import path

from governance.notifications import views

urlpatterns = [
    path("notifications/", views.inbox, name="notifications-inbox"),
    path("notifications/recent/", views.inbox_recent, name="notifications-recent"),
    path("notifications/<int:pk>/", views.notification_detail, name="notifications-detail"),
    path("notifications/address/", views.mail_address, name="notifications-address"),
]
