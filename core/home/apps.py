from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "core.home"
    label = "home"
    verbose_name = "Trang chủ / Home"
