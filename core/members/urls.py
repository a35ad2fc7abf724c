"""Pages of the members area (tenant hosts), mounted at /dang-vien/."""

from django.urls import path

from core.members import committee_views, file_views, record_views, views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("cua-toi/", views.my_profile, name="me"),
    path("chi-bo-cua-toi/", views.my_cell, name="my_cell"),
    path("them/", record_views.member_add, name="add"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/sua/", record_views.member_edit, name="edit"),
    path("<int:member_id>/trang-thai/", record_views.member_status, name="status"),
    path("<int:member_id>/dien-thoai/", record_views.member_smartphone, name="smartphone"),
    path("<int:member_id>/ho-so/", file_views.member_file, name="file"),
    path("<int:member_id>/ho-so/<slug:kind>/them/", file_views.record_add, name="record_add"),
    path("<int:member_id>/ho-so/<slug:kind>/<int:record_id>/xoa/", file_views.record_delete, name="record_delete"),
    path("<int:member_id>/chuyen-sinh-hoat/", views.member_transfer, name="transfer"),
    path("<int:member_id>/de-nghi-thay/", views.correction_for_member, name="propose_for"),
    path("de-nghi/<int:correction_id>/<slug:decision>/", views.correction_decide, name="decide"),
    path("cap-uy/<int:unit_id>/", committee_views.committee, name="committee"),
    path("cap-uy/<int:unit_id>/bo-sung/", committee_views.seat_add, name="committee_seat_add"),
    path("cap-uy/<int:unit_id>/thoi/<int:seat_id>/", committee_views.seat_end, name="committee_seat_end"),
]
