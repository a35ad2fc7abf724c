"""Sentences of rating entries in the audit log (core/audit/sentences.py). The level itself was masked at write
(ratings are sensitive), so a sentence says who rated whom for which year, never the level."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, sentence

register_names("policy", lambda ids: dict.fromkeys(ids, "quy định xếp loại"), target_types=("RatingPolicy",))


@sentence("rating.policy_set", _("Đặt quy định xếp loại"))
def _policy(e: Entry) -> str:
    after = e.changes.get("to") or {}
    year = after.get("open_year") or "—"
    return f"{e.actor} đặt quy định xếp loại: năm đánh giá {year}, tỷ lệ xuất sắc tối đa {after.get('cap_pct')}%."


@sentence("rating.self_assessed", _("Tự đánh giá, xếp loại"))
def _self(e: Entry) -> str:
    if e.for_whom:
        return f"{e.actor} ghi bản tự đánh giá năm {e.changes.get('year')}{e.for_whom}."
    return f"{e.actor} gửi bản tự đánh giá, xếp loại năm {e.changes.get('year')}."


@sentence("rating.proposed", _("Chi bộ đề xuất xếp loại"))
def _proposed(e: Entry) -> str:
    return f"{e.actor} đề xuất mức xếp loại chất lượng năm {e.changes.get('year')} cho {e.target}."


@sentence("rating.approved", _("Duyệt xếp loại đảng viên"))
def _approved(e: Entry) -> str:
    return f"{e.actor} duyệt xếp loại chất lượng năm {e.changes.get('year')} của {e.target}."


@sentence("rating.unit_proposed", _("Đề xuất xếp loại tổ chức"))
def _unit_proposed(e: Entry) -> str:
    return f"{e.actor} đề xuất mức xếp loại năm {e.changes.get('year')} của {e.target}."


@sentence("rating.unit_approved", _("Duyệt xếp loại tổ chức"))
def _unit_approved(e: Entry) -> str:
    return f"{e.actor} duyệt xếp loại năm {e.changes.get('year')} của {e.target}."
