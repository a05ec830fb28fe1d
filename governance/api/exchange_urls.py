from django.urls import path

from governance.api import exchange

urlpatterns = [
    path("exchanges/", exchange.ExchangeApi.as_view(), name="api-exchange"),
    path("ledger/", exchange.LedgerListApi.as_view(), name="api-ledger"),
    path("ledger/export.csv", exchange.LedgerExportApi.as_view(), name="api-ledger-export"),
    path("ledger/<int:pk>/", exchange.LedgerDetailApi.as_view(), name="api-ledger-entry"),
    path("ledger/<int:pk>/file/", exchange.LedgerFileApi.as_view(), name="api-ledger-file"),
]
