"""billing_free on the console: /console/goi-dich-vu/ (every tenant) and /console/dang-bo/<id>/goi-dich-vu/
(one tenant), namespace console:billing."""

from django.urls import path

from billing_free import console_views as views

app_name = "billing"

urlpatterns = [
    path("goi-dich-vu/", views.usage_overview, name="overview"),
    path("dang-bo/<int:tenant_id>/goi-dich-vu/", views.tenant_usage, name="tenant"),
    path("dang-bo/<int:tenant_id>/goi-dich-vu/doi-goi/", views.tenant_plan_change, name="plan_change"),
    path("dang-bo/<int:tenant_id>/goi-dich-vu/sao-ke/", views.statement_page, name="statement"),
    path("dang-bo/<int:tenant_id>/goi-dich-vu/sao-ke/in/", views.statement_print, name="statement_print"),
    path("dang-bo/<int:tenant_id>/goi-dich-vu/sao-ke/sao-ke.csv", views.statement_csv_view, name="statement_csv"),
]
