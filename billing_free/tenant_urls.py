"""The tenant's plan and statements on its own host, mounted at /goi-dich-vu/ (namespace billing)."""

from django.urls import path

from billing_free import tenant_views as views

app_name = "billing"

urlpatterns = [
    path("", views.usage_page, name="usage"),
    path("sao-ke/", views.statement_page, name="statement"),
    path("sao-ke/in/", views.statement_print, name="statement_print"),
    path("sao-ke/sao-ke.csv", views.statement_csv_view, name="statement_csv"),
]
