from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "tenants.rollout"
    label = "rollout"
    verbose_name = "Triển khai thí điểm / Rollout"
