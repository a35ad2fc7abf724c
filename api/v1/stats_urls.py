from django.urls import path

from api.v1 import rollout, stats, stats_day

urlpatterns = [
    path("stats/adoption/", stats.AdoptionApi.as_view(), name="stats_adoption"),
    path("stats/rollout/", rollout.RolloutApi.as_view(), name="stats_rollout"),
    path("stats/adoption/day/", stats_day.AdoptionDayApi.as_view(), name="stats_adoption_day"),
]
