from django.urls import path

from api.v1 import stats

urlpatterns = [
    path("stats/adoption/", stats.AdoptionApi.as_view(), name="stats_adoption"),
]
