"""Pages of the standard reports (tenant hosts), mounted at /bao-cao/."""

from django.urls import path

from core.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:report>.csv", views.report_csv, name="csv"),
    path("<slug:report>.xlsx", views.report_xlsx, name="xlsx"),
    path("<slug:report>/", views.report_page, name="page"),
    path("<slug:report>/in/", views.report_print, name="print"),
]
