from django.urls import path

from tests.bench.views import org_units

urlpatterns = [path("bench/", org_units)]
