from django.urls import path

from tenants.console import library_views as views

urlpatterns = [
    path("", views.library_list, name="library"),
    path("moi/", views.document_edit, name="library_new"),
    path("<int:document_id>/", views.document_edit, name="library_edit"),
    path("<int:document_id>/<str:action>/", views.document_action, name="library_action"),
    path("dang-ky/<int:tenant_id>/", views.subscription, name="library_subscription"),
]
