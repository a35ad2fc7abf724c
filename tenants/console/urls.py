from django.contrib.auth import views as auth_views
from django.urls import path

from tenants.console import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="console/login.html"), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("dang-bo/moi/", views.tenant_create, name="tenant_create"),
    path("dang-bo/<int:tenant_id>/", views.tenant_detail, name="tenant_detail"),
    path("dang-bo/<int:tenant_id>/tien-do.json", views.tenant_progress, name="tenant_progress"),
    path("dang-bo/<int:tenant_id>/<str:action>/", views.tenant_action, name="tenant_action"),
]
