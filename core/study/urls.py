"""Study pages, mounted at /hoc-tap/ (namespace `study`)."""

from django.urls import path

from core.study import report_views, views

app_name = "study"

urlpatterns = [
    path("", views.my_campaigns, name="mine"),
    path("<int:campaign_id>/", views.campaign_page, name="campaign"),
    path("<int:campaign_id>/tai-lieu/<int:material_id>/da-doc/", views.material_read, name="read"),
    path("<int:campaign_id>/thu-hoach/", views.reflection_page, name="reflection"),
    path("bai-thi/<int:quiz_id>/", views.quiz_page, name="quiz"),
    path("bai-thi/<int:quiz_id>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("luot/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("luot/<int:attempt_id>/tra-loi/", views.attempt_answer, name="answer"),
    path("luot/<int:attempt_id>/nop/", views.attempt_submit, name="submit"),
    path("duyet/", views.review_list, name="review"),
    path("duyet/<int:reflection_id>/", views.review_one, name="review_one"),
    path("thu-hoach/<int:reflection_id>/tep/", views.reflection_file, name="reflection_file"),
    path("<int:campaign_id>/ghi-nhan-thay/", views.proxy_completion, name="proxy"),
    path("<int:campaign_id>/bao-cao/", report_views.report_page, name="report"),
    path("<int:campaign_id>/bao-cao.csv", report_views.report_csv, name="report_csv"),
    path("<int:campaign_id>/bao-cao.xlsx", report_views.report_xlsx, name="report_xlsx"),
]
