from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "core.ratings"
    label = "ratings"
    verbose_name = "Đánh giá, xếp loại chất lượng / Quality ratings"
