"""The resources a plan bounds: name in code, Vietnamese label, the plan field and how the limit is read."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from billing_free.models import Plan

MB = 1024 * 1024


@dataclass(frozen=True)
class Resource:
    key: str
    label: object  # lazy Vietnamese label
    field: str  # Plan field
    scale: int = 1  # plan value × scale = limit in the unit counted (bytes for storage)
    per_day: bool = False  # the limit applies to one day's use
    soft: bool = True  # 80% / 100% alerts and console flags

    def limit(self, plan: Plan) -> int:
        """The limit in counted units; 0 = unlimited."""
        return int(getattr(plan, self.field)) * self.scale


MEMBERS = Resource("members", _("Đảng viên"), "max_members")
UNITS = Resource("units", _("Đơn vị triển khai chính thức"), "max_live_units")
STORAGE = Resource("storage", _("Dung lượng lưu trữ"), "max_storage_mb", scale=MB)
ATTACHMENT = Resource("attachment", _("Tệp lớn nhất"), "max_attachment_mb", scale=MB, soft=False)
API = Resource("api", _("Yêu cầu API mỗi phút"), "api_per_minute", soft=False)
NOTIFICATIONS = Resource("notifications", _("Thông báo mỗi ngày"), "notifications_per_day", per_day=True)

RESOURCES: dict[str, Resource] = {r.key: r for r in (MEMBERS, UNITS, STORAGE, ATTACHMENT, API, NOTIFICATIONS)}
SOFT_THRESHOLDS = (80, 100)


def percent(used: int, limit: int) -> int | None:
    """Whole percent of the limit used; None when unlimited."""
    return None if limit <= 0 else int(used * 100 // limit)
