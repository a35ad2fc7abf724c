"""API v1 routes of the accounts area, relative to /api/v1/.

Mounted by api/urls.py with `path("", include("api.v1.accounts_urls"))`, so the names live in the `api`
namespace (e.g. `api:auth_password`).
"""

from django.urls import path

from api.v1 import accounts

urlpatterns = [
    path("auth/refresh/", accounts.TokenRefreshApi.as_view(), name="auth_refresh"),
    path("auth/password/", accounts.PasswordChangeApi.as_view(), name="auth_password"),
    path("devices/", accounts.DeviceRegisterApi.as_view(), name="devices"),
    path("me/profile/", accounts.MyProfileApi.as_view(), name="me_profile"),
    path("me/cell/", accounts.MyCellApi.as_view(), name="me_cell"),
    path("accounts/issue/", accounts.IssueStartApi.as_view(), name="accounts_issue"),
    path("accounts/issue/<str:task_id>/", accounts.IssueProgressApi.as_view(), name="accounts_issue_progress"),
]
