from django.urls import path

from governance.web_exchange import views

urlpatterns = [
    path("ledger/", views.ledger, name="exchange-ledger"),
    path("check/", views.dry_run, name="exchange-check"),
]
