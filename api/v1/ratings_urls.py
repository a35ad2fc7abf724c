"""API v1 routes of the annual quality ratings."""

from django.urls import path

from api.v1 import ratings

urlpatterns = [path("ratings/mine/", ratings.MyRatingsApi.as_view(), name="my_ratings")]
