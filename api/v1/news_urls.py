"""API v1 routes of the news area."""

from django.urls import path

from api.v1 import news, news_editorial, news_feeds

urlpatterns = [
    path("news/", news.NewsFeedApi.as_view(), name="news_feed"),
    path("news/<int:article_id>/", news.NewsArticleApi.as_view(), name="news_article"),
    path("news/<int:article_id>/read/", news.NewsReadApi.as_view(), name="news_read"),
    path("news/<int:article_id>/cover/<str:size>/", news.NewsCoverApi.as_view(), name="news_cover"),
    path("news/boards/", news_editorial.BoardListApi.as_view(), name="news_boards"),
    path("news/desk/", news_editorial.DeskApi.as_view(), name="news_desk"),
    path("news/boards/<int:board_id>/articles/", news_editorial.BoardArticlesApi.as_view(), name="news_board_articles"),
    path("news/editorial/<int:article_id>/", news_editorial.EditorialArticleApi.as_view(), name="news_editorial"),
    path(
        "news/editorial/<int:article_id>/<str:action>/",
        news_editorial.TransitionApi.as_view(),
        name="news_transition",
    ),
    path("news/feeds/", news_feeds.FeedListApi.as_view(), name="news_feeds"),
    path("news/feeds/<int:feed_id>/", news_feeds.FeedApi.as_view(), name="news_feed_item"),
    path("news/feeds/<int:feed_id>/fetch/", news_feeds.FeedFetchApi.as_view(), name="news_feed_fetch"),
    path("stats/freshness/", news_feeds.FreshnessApi.as_view(), name="stats_freshness"),
]
