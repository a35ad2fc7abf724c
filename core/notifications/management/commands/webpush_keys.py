"""`manage.py webpush_keys`: a new VAPID key pair for this deployment, printed as environment lines.

Keep the private key secret (like SECRET_KEY). Changing the pair invalidates every browser's subscription: members
must switch notifications on again, so generate once per deployment."""

from typing import Any

from django.core.management.base import BaseCommand

from core.notifications.vapid import vapid_keys


class Command(BaseCommand):
    help = "In ra cặp khóa VAPID mới cho thông báo đẩy / Print a new VAPID key pair for Web Push"

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = vapid_keys()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}\nWEBPUSH_VAPID_PRIVATE_KEY={private}\n")
        self.stderr.write(
            "Giữ bí mật khóa riêng; đổi cặp khóa thì mọi thiết bị phải bật lại thông báo. / Keep the private key "
            "secret; a new pair makes every device subscribe again.\n"
        )
