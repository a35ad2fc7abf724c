"""URLs served on a tenant host (`<slug>.<PLATFORM_DOMAIN>`)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

import core.accounts.admin
import core.audit.admin  # noqa: F401  (registers on the tenant admin site)
from core.home import views as home
from tenants.admin_sites import tenant_site
from tenants.health import healthz, readyz

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", home.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/dat-mat-khau/<uidb64>/<token>/", home.PasswordSetupView.as_view(), name="password_setup"),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),  # the switch on the login page
    path("manifest.webmanifest", home.manifest, name="manifest"),
    path("sw.js", home.service_worker, name="service_worker"),
    path("ngoai-tuyen/", home.offline, name="offline"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("xac-thuc-hai-buoc/", include("tenants.two_factor.urls")),
    path("api/v1/", include("api.urls")),
    path("quan-tri/", tenant_site.urls),
    path("", include("core.urls")),
]

handler404 = "api.errors.not_found"  # JSON under /api/, the Vietnamese page elsewhere
handler500 = "api.errors.server_error"
