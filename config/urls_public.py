"""URLs served on the platform host (`<PLATFORM_DOMAIN>`): public site, console, operators' admin."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.i18n import set_language

import billing_free.admin  # noqa: F401
import tenants.admin  # noqa: F401  (both register on the console admin site)
from core.home import views as home
from tenants.admin_sites import console_site
from tenants.health import healthz, readyz

urlpatterns = [
    path("", login_not_required(TemplateView.as_view(template_name="public/index.html")), name="public_home"),
    path("console/xac-thuc-hai-buoc/", include("tenants.two_factor.urls")),
    path("console/", include("tenants.console.urls")),
    path("console/quan-tri/", console_site.urls),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("manifest.webmanifest", home.manifest, name="manifest"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]
