"""Pages of the accounts area (tenant hosts), mounted at /tai-khoan/.

/tai-khoan/dat-mat-khau/<uid>/<token>/ belongs to config/urls_tenants.py (first admin's password setup).
Other areas link here with `accounts:member` (a member's account page: issue or reset).
"""

from django.urls import path

from core.accounts import views

app_name = "accounts"

urlpatterns = [
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("cap-tai-khoan/", views.issue, name="issue"),
    path("cap-tai-khoan/<str:job_id>/", views.issue_job, name="issue_job"),
    path("cap-tai-khoan/<str:job_id>/tien-do/", views.issue_job_progress, name="issue_job_progress"),
    path("cap-tai-khoan/<str:job_id>/phieu/", views.issue_job_slips, name="issue_job_slips"),
    path("dang-vien/<int:member_id>/", views.member_account, name="member"),
    path("dang-vien/<int:member_id>/cap/", views.member_issue, name="member_issue"),
    path("dang-vien/<int:member_id>/dat-lai-mat-khau/", views.member_reset, name="member_reset"),
]
