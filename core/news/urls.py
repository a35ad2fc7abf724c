"""News pages on tenant hosts, mounted at /tin-tuc/ (namespace "news")."""

from django.urls import path

from core.news import admin_views, editorial_views, freshness_views, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("<int:article_id>/", views.article_detail, name="detail"),
    path("<int:article_id>/anh/<str:size>/", views.cover, name="cover"),
    path("bien-tap/", editorial_views.desk_page, name="desk"),
    path("bien-tap/ban/<int:board_id>/viet-bai/", editorial_views.article_new, name="new"),
    path("bien-tap/<int:article_id>/", editorial_views.article_edit, name="edit"),
    path("bien-tap/<int:article_id>/<str:action>/", editorial_views.article_action, name="action"),
    path("ban-bien-tap/", admin_views.boards_page, name="boards"),
    path("ban-bien-tap/cai-dat/", admin_views.settings_save, name="settings"),
    path("nguon-tin/", admin_views.feeds_page, name="feeds"),
    path("nguon-tin/<int:feed_id>/<str:action>/", admin_views.feed_action, name="feed_action"),
    path("thong-ke/", freshness_views.freshness_page, name="freshness"),
]
