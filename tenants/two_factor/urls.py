"""Two-factor pages, mounted on tenant hosts (/xac-thuc-hai-buoc/) and the console (/console/xac-thuc-hai-buoc/)."""

from django.urls import path

from tenants.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("cai-dat/", views.setup, name="setup"),
]
