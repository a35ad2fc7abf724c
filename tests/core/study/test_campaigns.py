"""Campaigns: the completion rule in every combination, reflections reviewed by the cell's secretary (accepted /
returned with a comment, rewritten), completion recorded by a secretary for a member without a smartphone (audited
proxy), the audience subtree and the open window."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit.models import AuditEvent
from core.content.audience import reader_for
from core.notifications.models import Notification
from core.study.models import Completion, ReflectionStatus
from core.study.quiz_models import Option
from core.study.quiz_services import answer_save, attempt_start, attempt_submit
from core.study.rules import rule_parts
from core.study.selectors import home_campaigns, progress, reflections_to_review
from core.study.services import (
    MaterialSpec,
    campaign_create,
    completion_record_proxy,
    material_mark_read,
    reflection_review,
    reflection_submit,
)
from tests.core.study.conftest import T0

NOW = T0


def _campaign(tree, document, **kw):
    defaults = {
        "actor": User.objects.get(username="admin_d1"), "unit": tree.d1, "audience_unit": tree.d1,
        "title": "Học tập, quán triệt Nghị quyết 57-NQ/TW", "opens_at": NOW - dt.timedelta(days=1),
        "closes_at": NOW + dt.timedelta(days=14),
        "materials": [MaterialSpec(document_id=document.pk), MaterialSpec(title="Video", video_url="https://youtu.be/x")],
    }  # fmt: skip
    return campaign_create(**(defaults | kw))


def _member(tree):
    return tree.members["X"][0]


def _read_all(campaign, member):
    for material in campaign.materials.all():
        material_mark_read(member=member, material=material, now=NOW)


def test_read_all_completes_a_read_only_campaign_and_marks_are_idempotent(tree, document):
    campaign = _campaign(tree, document)
    member = _member(tree)
    first = campaign.materials.first()
    assert material_mark_read(member=member, material=first, now=NOW) is True
    assert material_mark_read(member=member, material=first, now=NOW) is False
    assert not Completion.objects.filter(campaign=campaign).exists()
    _read_all(campaign, member)
    assert Completion.objects.filter(campaign=campaign, member=member, proxy_by=None).count() == 1
    assert progress(campaign, member).read_all


def test_read_and_reflection_needs_the_reflection_accepted(tree, document):
    campaign = _campaign(tree, document, require_reflection=True)
    member, secretary = _member(tree), tree.users["sec_x"]
    _read_all(campaign, member)
    reflection = reflection_submit(actor=tree.users["member_x"], member=member, campaign=campaign,
                                   body="Em nhận thức rõ vai trò của chuyển đổi số …", now=NOW)  # fmt: skip
    assert rule_parts(campaign=campaign, member=member) == {"read": True, "reflection": False}
    assert not Completion.objects.filter(campaign=campaign).exists()
    reflection_review(actor=secretary, reflection=reflection, accept=True, now=NOW)
    assert Completion.objects.filter(campaign=campaign, member=member).exists()


def test_reflection_alone_without_reads(tree, document):
    campaign = _campaign(tree, document, require_read=False, require_reflection=True)
    member = _member(tree)
    reflection = reflection_submit(actor=tree.users["member_x"], member=member, campaign=campaign, body="Bài", now=NOW)
    reflection_review(actor=tree.users["sec_x"], reflection=reflection, accept=True, now=NOW)
    assert Completion.objects.filter(campaign=campaign, member=member).exists()


def test_quiz_rule_needs_a_passed_attempt(tree, document, quiz):
    campaign = _campaign(tree, document, require_read=True, quiz=quiz, require_quiz=True)
    member, user = _member(tree), tree.users["member_x"]
    _read_all(campaign, member)
    assert rule_parts(campaign=campaign, member=member) == {"read": True, "quiz": False}
    attempt, _ = attempt_start(actor=user, member=member, quiz=quiz, now=NOW)
    for row in attempt.questions.select_related("question"):
        correct = list(Option.objects.filter(question=row.question, correct=True).values_list("pk", flat=True))
        answer_save(member=member, attempt_id=attempt.pk, question_id=row.question_id, chosen=correct, now=NOW)
    attempt_submit(actor=user, member=member, attempt_id=attempt.pk, now=NOW)
    assert Completion.objects.filter(campaign=campaign, member=member).exists()


def test_a_rule_is_needed_and_the_quiz_rule_needs_a_quiz(tree, document):
    with pytest.raises(ValidationError):
        _campaign(tree, document, require_read=False)
    with pytest.raises(ValidationError):
        _campaign(tree, document, require_quiz=True)
    with pytest.raises(PermissionDenied):  # a cell secretary does not run campaigns
        _campaign(tree, document, actor=tree.users["sec_x"], unit=tree.x, audience_unit=tree.x)


def test_audience_and_open_window(tree, document):
    campaign = _campaign(tree, document)
    outsider = tree.members["Z"][0]  # cell Z is under D2, outside D1's subtree
    with pytest.raises(PermissionDenied):
        material_mark_read(member=outsider, material=campaign.materials.first(), now=NOW)
    with pytest.raises(ValidationError):
        material_mark_read(member=_member(tree), material=campaign.materials.first(), now=NOW + dt.timedelta(days=30))
    reader = reader_for(tree.users["member_x"])
    assert [c.pk for c in home_campaigns(reader, now=NOW)] == [campaign.pk]
    assert home_campaigns(reader, now=NOW + dt.timedelta(days=30)) == []


def test_return_with_comment_rewrite_then_accept_notifies_and_locks(tree, document):
    campaign = _campaign(tree, document, require_reflection=True)
    member, user, secretary = _member(tree), tree.users["member_x"], tree.users["sec_x"]
    reflection = reflection_submit(actor=user, member=member, campaign=campaign, body="Bản đầu", now=NOW)
    assert list(reflections_to_review(secretary)) == [reflection]
    assert not list(reflections_to_review(tree.users["nobody"]))
    with pytest.raises(ValidationError):
        reflection_review(actor=secretary, reflection=reflection, accept=False, comment="", now=NOW)
    reflection_review(actor=secretary, reflection=reflection, accept=False, comment="Cần liên hệ bản thân", now=NOW)
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.RETURNED and reflection.review_comment == "Cần liên hệ bản thân"
    assert Notification.objects.filter(user=user, notice__text__contains="Trả lại").exists()
    with pytest.raises(ValidationError):  # only a submitted reflection is reviewed
        reflection_review(actor=secretary, reflection=reflection, accept=True, now=NOW)
    reflection = reflection_submit(actor=user, member=member, campaign=campaign, body="Bản viết lại", now=NOW)
    assert reflection.status == ReflectionStatus.SUBMITTED
    reflection_review(actor=secretary, reflection=reflection, accept=True, now=NOW)
    with pytest.raises(ValidationError):
        reflection_submit(actor=user, member=member, campaign=campaign, body="Sửa nữa", now=NOW)
    actions = list(AuditEvent.objects.filter(action__startswith="study.reflection").values_list("action", flat=True))
    assert actions.count("study.reflection_reviewed") == 2 and actions.count("study.reflection_submitted") == 2


def test_only_the_cells_reviewers_review(tree, document):
    campaign = _campaign(tree, document, require_reflection=True)
    reflection = reflection_submit(actor=tree.users["member_x"], member=_member(tree), campaign=campaign, body="B",
                                   now=NOW)  # fmt: skip
    from core.access.models import Role
    from tests.factories.org import user_with

    sec_y = user_with("sec_y", (Role.CELL_SECRETARY, tree.y))
    with pytest.raises(PermissionDenied):
        reflection_review(actor=sec_y, reflection=reflection, accept=True, now=NOW)
    reflection_review(actor=tree.users["admin_d1"], reflection=reflection, accept=True, now=NOW)  # the committee above


def test_secretary_records_completion_for_a_member_without_a_smartphone(tree, document):
    campaign = _campaign(tree, document, require_reflection=True)
    secretary = tree.users["sec_x"]
    member = tree.members["X"][1]
    with pytest.raises(ValidationError):
        completion_record_proxy(actor=secretary, campaign=campaign, member=member, note="", now=NOW)
    completion = completion_record_proxy(actor=secretary, campaign=campaign, member=member,
                                         note="Học tại buổi sinh hoạt chi bộ tháng 12", now=NOW)  # fmt: skip
    assert completion.proxy_by == secretary
    event = AuditEvent.objects.get(action="study.completion_proxy")
    assert event.actor == secretary and event.changes["on_behalf_of_member"]["id"] == member.pk
    with pytest.raises(ValidationError):  # once
        completion_record_proxy(actor=secretary, campaign=campaign, member=member, note="lại", now=NOW)
    with pytest.raises(PermissionDenied):  # not their cell
        completion_record_proxy(actor=secretary, campaign=campaign, member=tree.members["Y"][0], note="x", now=NOW)


def test_secretary_files_a_reflection_for_a_member_audited(tree, document):
    campaign = _campaign(tree, document, require_reflection=True)
    member = tree.members["X"][2]
    reflection_submit(actor=tree.users["sec_x"], member=member, campaign=campaign, body="Chép lại bài viết tay",
                      now=NOW)  # fmt: skip
    event = AuditEvent.objects.get(action="study.reflection_submitted")
    assert event.changes["on_behalf_of_member"]["id"] == member.pk
    with pytest.raises(PermissionDenied):
        reflection_submit(actor=tree.users["member_x"], member=member, campaign=campaign, body="x", now=NOW)
