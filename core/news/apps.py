from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "core.news"
    label = "news"
    verbose_name = "Tin tức, ban biên tập / News and editorial boards"
