"""Sentences of account events in the audit log (core/audit/sentences.py). Passwords never appear."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.accounts.models import DeviceKind
from core.audit.names import register_names
from core.audit.sentences import Entry, Ref, label, sentence


def _accounts(ids: list[int]) -> dict[int, str]:
    from core.audit.names import _load_users

    return _load_users(ids)[0]


register_names("account", _accounts, target_types=("User",))
register_names("device", lambda ids: dict.fromkeys(ids, "thiết bị"), target_types=("Device",))


def _member_refs(event: Any) -> list[Ref]:
    return [("member", event.changes.get("member"))] if isinstance(event.changes, dict) else []


@sentence("account.first_admin_created", _("Tạo tài khoản quản trị đầu tiên"))
def _first_admin(e: Entry) -> str:
    return f"{e.actor} tạo tài khoản quản trị đầu tiên “{e.changes.get('username', '')}” khi lập đảng bộ."


@sentence("account.password_set", _("Đặt mật khẩu qua đường dẫn"))
def _password_set(e: Entry) -> str:
    return f"{e.actor} đặt mật khẩu cho tài khoản {e.target} qua đường dẫn một lần."


@sentence("account.password_changed", _("Đổi mật khẩu"))
def _password_changed(e: Entry) -> str:
    return f"{e.actor} đổi mật khẩu của mình."


@sentence("account.credentials_purged", _("Dọn phiên đăng nhập hết hạn"))
def _purged(e: Entry) -> str:
    c = e.changes
    return f"{e.actor} xoá {c.get('tokens', 0)} mã truy cập API và {c.get('sessions', 0)} phiên đăng nhập đã hết hạn."


@sentence("account.issued", _("Cấp tài khoản"), refs=_member_refs)
def _issued(e: Entry) -> str:
    return f"{e.actor} cấp tài khoản đăng nhập cho {e.member(e.changes.get('member'))}."


@sentence("account.password_reset", _("Đặt lại mật khẩu"), refs=_member_refs)
def _reset(e: Entry) -> str:
    return f"{e.actor} đặt lại mật khẩu cho {e.member(e.changes.get('member'))}."


@sentence("account.issue_started", _("Cấp tài khoản hàng loạt"))
def _issue_started(e: Entry) -> str:
    return f"{e.actor} bắt đầu cấp tài khoản cho {e.changes.get('total', 0)} đảng viên của {e.target}."


@sentence("account.device_registered", _("Đăng ký thiết bị"))
def _device(e: Entry) -> str:
    return f"{e.actor} đăng ký một thiết bị mới ({label(DeviceKind, e.changes.get('kind'))})."


@sentence("account.slips_printed", _("In phiếu kích hoạt"))
def _slips_printed(e: Entry) -> str:
    c = e.changes
    return f"{e.actor} in {c.get('count', 0)} phiếu mã kích hoạt của đơn vị {c.get('unit', '')}."


@sentence("account.activated", _("Kích hoạt tài khoản"))
def _activated(e: Entry) -> str:
    return f"{e.actor} kích hoạt tài khoản bằng mã trên phiếu."
