"""The tree of tests/factories/org.py in alpha, a published library document, a campaign on it and a question bank
of six questions (four single-answer, two multiple-answer) with a quiz drawing five."""

import datetime as dt

import pytest
from django.utils import timezone

from core.library.models import Document, DocumentKind, DocumentLevel, DocumentState
from core.study.quiz_models import Draw, Option, Question, QuestionBank, Quiz
from tests.factories.org import build_tree
from tests.helpers import in_tenant

T0 = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


@pytest.fixture
def document(tree):
    return Document.objects.create(
        level=DocumentLevel.CENTRAL, kind=DocumentKind.RESOLUTION, number="57-NQ/TW",
        title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        state=DocumentState.PUBLISHED, published_at=T0,
    )  # fmt: skip


def make_bank(unit, n: int = 6) -> QuestionBank:
    bank = QuestionBank.objects.create(unit=unit, name="Nghị quyết 57")
    for i in range(n):
        multiple = i >= n - 2
        q = Question.objects.create(bank=bank, text=f"Câu hỏi số {i + 1}?", multiple=multiple, position=i)
        for j in range(4):
            Option.objects.create(question=q, text=f"Phương án {'ABCD'[j]}", correct=j == 0 or (multiple and j == 2),
                                  position=j)  # fmt: skip
    return bank


@pytest.fixture
def bank(tree):
    return make_bank(tree.root)


def make_quiz(bank, unit, **kw) -> Quiz:
    defaults = {
        "title": "Thi tìm hiểu Nghị quyết 57", "unit": unit, "bank": bank, "question_count": 5,
        "draw": Draw.RANDOM, "time_limit_seconds": 600, "max_attempts": 2, "pass_percent": 60,
        "opens_at": T0 - dt.timedelta(days=1), "closes_at": T0 + dt.timedelta(days=7),
    }  # fmt: skip
    return Quiz.objects.create(**(defaults | kw))


@pytest.fixture
def quiz(bank, tree):
    return make_quiz(bank, tree.root)
