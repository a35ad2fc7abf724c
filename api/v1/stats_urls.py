from django.urls import path

from api.v1 import stats, stats_day

urlpatterns = [
    path("stats/adoption/", stats.AdoptionApi.as_view(), name="stats_adoption"),
    path("stats/adoption/day/", stats_day.AdoptionDayApi.as_view(), name="stats_adoption_day"),
]
