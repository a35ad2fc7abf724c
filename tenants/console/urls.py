from importlib.util import find_spec

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tenants.console import adoption_views, views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("tong-quan/", adoption_views.overview, name="overview"),  # issue 4: cross-tenant adoption
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="console/login.html", next_page="console:home"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="console:login"), name="logout"),
    path("dat-mat-khau/<uidb64>/<token>/", views.OfficerPasswordSetupView.as_view(), name="password_setup"),
    path("van-ban/", include("tenants.console.library_urls")),  # issue 11: platform-wide documents
    path("dang-bo/moi/", views.tenant_create, name="tenant_create"),
    path("dang-bo/<int:tenant_id>/", views.tenant_detail, name="tenant_detail"),
    path("dang-bo/<int:tenant_id>/tien-do.json", views.tenant_progress, name="tenant_progress"),
    path("dang-bo/<int:tenant_id>/moi-can-bo/", views.officer_invite_view, name="officer_invite"),
    path("dang-bo/<int:tenant_id>/xac-thuc-hai-buoc/", views.tenant_two_factor, name="tenant_two_factor"),
    path("dang-bo/<int:tenant_id>/trien-khai/", include("tenants.console.rollout_urls")),
    path("", include("billing_free.console_urls")),  # issue 18: plans, usage, statements
]
if find_spec("tenants.console.adoption_urls") is not None:  # another part of issue 4; mounted once it exists
    urlpatterns.append(path("dang-bo/<int:tenant_id>/so-lieu/", include("tenants.console.adoption_urls")))
# Last: `<str:action>` would otherwise swallow the pages above.
urlpatterns.append(path("dang-bo/<int:tenant_id>/<str:action>/", views.tenant_action, name="tenant_action"))
