"""Pages of the members area (tenant hosts), mounted at /dang-vien/."""

from django.urls import path

from core.members import committee_views, views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("cua-toi/", views.my_profile, name="me"),
    path("chi-bo-cua-toi/", views.my_cell, name="my_cell"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/chuyen-sinh-hoat/", views.member_transfer, name="transfer"),
    path("<int:member_id>/de-nghi-thay/", views.correction_for_member, name="propose_for"),
    path("de-nghi/<int:correction_id>/<slug:decision>/", views.correction_decide, name="decide"),
    path("cap-uy/<int:unit_id>/", committee_views.committee, name="committee"),
    path("cap-uy/<int:unit_id>/bo-sung/", committee_views.seat_add, name="committee_seat_add"),
    path("cap-uy/<int:unit_id>/thoi/<int:seat_id>/", committee_views.seat_end, name="committee_seat_end"),
]
