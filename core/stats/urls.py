"""Adoption and meeting figures on the tenant host, mounted at /so-lieu/."""

from django.urls import path

from core.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.adoption, name="adoption"),
    path("so-lieu.csv", views.adoption_csv, name="adoption_csv"),
    path("so-lieu.xlsx", views.adoption_xlsx, name="adoption_xlsx"),
]
