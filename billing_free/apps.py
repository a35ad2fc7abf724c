from django.apps import AppConfig


class BillingFreeConfig(AppConfig):
    name = "billing_free"
    verbose_name = "Gói dịch vụ (miễn phí) / Plans"
