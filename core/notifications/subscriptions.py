"""A member's Web Push subscriptions (one per browser or installed app)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit.services import audit_record
from core.notifications.models import PushSubscription
from core.notifications.push import endpoint_allowed

MAX_DEVICES = 10


@transaction.atomic
def subscription_save(*, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Register (or move to this member) a device's subscription; the oldest beyond MAX_DEVICES is dropped."""
    endpoint = endpoint.strip()
    if not endpoint_allowed(endpoint) or len(endpoint) > 1000:
        raise ValidationError(_("Địa chỉ nhận thông báo đẩy không thuộc dịch vụ đẩy của trình duyệt."), code="endpoint")
    if not p256dh.strip() or not auth.strip() or len(p256dh) > 200 or len(auth) > 100:
        raise ValidationError(_("Thiếu hoặc sai khóa mã hóa của thiết bị."), code="keys")
    sub, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh.strip(), "auth": auth.strip(), "user_agent": user_agent[:200]},
    )
    extra = (
        PushSubscription.objects.filter(user=user).order_by("-created_at").values_list("pk", flat=True)[MAX_DEVICES:]
    )
    PushSubscription.objects.filter(pk__in=list(extra)).delete()
    if created:
        audit_record(actor=user, action="notifications.device_added", target=sub)
    return sub


@transaction.atomic
def subscription_delete(*, user: User, endpoint: str | None = None, subscription_id: int | None = None) -> int:
    mine = PushSubscription.objects.filter(user=user)
    if endpoint is not None:
        mine = mine.filter(endpoint=endpoint)
    elif subscription_id is not None:
        mine = mine.filter(pk=subscription_id)
    else:
        return 0
    count, _ = mine.delete()
    if count:
        audit_record(actor=user, action="notifications.device_removed", target=user, changes={"count": count})
    return count
