"""The exchange gate and the handover ledger: pages under /exchanges/, the API under /api/v1/governance/."""

from django.urls import include, path

from governance.exchange import api, views

pages = [
    path("ledger/", views.ledger, name="exchange-ledger"),
    path("ledger/<int:pk>/", views.ledger_entry, name="exchange-ledger-entry"),
    path("check/", views.dry_run, name="exchange-check"),
]

api_routes = [
    path("exchanges/", api.ExchangeApi.as_view(), name="api-exchange"),
    path("ledger/", api.LedgerListApi.as_view(), name="api-ledger"),
    path("ledger/export.csv", api.LedgerExportApi.as_view(), name="api-ledger-export"),
    path("ledger/<int:pk>/", api.LedgerDetailApi.as_view(), name="api-ledger-entry"),
    path("ledger/<int:pk>/file/", api.LedgerFileApi.as_view(), name="api-ledger-file"),
    path("ledger/<int:pk>/purpose-erasure/", api.LedgerPurposeErasureApi.as_view(), name="api-ledger-purpose-erasure"),
]

urlpatterns = [
    path("exchanges/", include(pages)),
    path("api/v1/governance/", include(api_routes)),
]
