"""The registry: its pages under /registry/ and its API under /api/v1/governance/."""

from django.urls import include, path

from governance.registry import api, selectors, views

pages = [
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

api_routes = [
    path("businesses/", api.BusinessListApi.as_view(), name="registry-businesses"),
    path("businesses/<int:pk>/", api.BusinessDetailApi.as_view(), name="registry-business"),
    path("businesses/<int:pk>/findings/", api.BusinessFindingsApi.as_view(), name="registry-business-findings"),
    path("businesses/<int:pk>/flow/", api.BusinessFlowApi.as_view(), name="registry-business-flow"),
    path("items/", api.DataItemListApi.as_view(), name="registry-items"),
    path("items/<int:pk>/", api.DataItemDetailApi.as_view(), name="registry-item"),
    path("parties/", api.PartyListApi.as_view(), name="registry-parties"),
    path("parties/<int:pk>/", api.PartyDetailApi.as_view(), name="registry-party"),
    path("criteria/", api.CriterionListApi.as_view(), name="registry-criteria"),
    *api.part_urls("processing", "processing", selectors.processing_list),
    *api.part_urls("connections", "connection", selectors.connection_list),
    *api.part_urls("contracts", "contract", selectors.contract_list),
    *api.part_urls("out-of-purpose-uses", "out_of_purpose_use", selectors.out_of_purpose_use_list),
]

urlpatterns = [
    path("registry/", include(pages)),
    path("api/v1/governance/", include(api_routes)),
]
