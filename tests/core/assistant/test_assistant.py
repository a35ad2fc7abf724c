"""The virtual assistant: matching with and without diacritics, typos and word order; an honest "không biết" for
what the base does not cover; the question log (most asked, unanswered), answering into the base, forwarding to
the committee; who may manage; the API; other tenants see nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.access.models import Role
from core.assistant.matcher import Index
from core.assistant.models import Entry, Question
from core.assistant.selectors import most_asked, unanswered
from core.assistant.services import ask, common_sync, entry_save, question_answer_into_base
from core.feedback.models import Source, Thread
from tests.conftest import PASSWORD
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import user_with
from tests.helpers import in_tenant, web_login


@pytest.fixture
def base(tree):
    common_sync()
    return {e.common_key: e for e in Entry.objects.all()}


def _best(user, text):
    _question, answer = ask(user=user, question=text)
    return answer


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thủ tục chuyển sinh hoạt đảng chính thức", "chuyen-sinh-hoat-chinh-thuc"),
        ("thu tuc chuyen sinh hoat dang", "chuyen-sinh-hoat-chinh-thuc"),  # no diacritics
        ("chuyen sinh hot dang chinh thuc", "chuyen-sinh-hoat-chinh-thuc"),  # typo
        ("đảng phí đóng mỗi tháng bao nhiêu", "dang-phi-muc-dong"),  # word order
        ("QUÊN MẬT KHẨU", "quen-mat-khau"),
    ],
)
def test_matches_with_and_without_diacritics_typos_and_word_order(tree, base, text, key):
    answer = _best(tree.users["member_x"], text)
    assert answer.answered and answer.entries[0].common_key == key


@pytest.mark.parametrize("text", ["Giá vàng hôm nay", "thoi tiet ha noi ngay mai", "Cách nấu phở bò"])
def test_says_it_does_not_know(tree, base, text):
    question, answer = ask(user=tree.users["member_x"], question=text)
    assert not answer.answered and not question.answered


def test_empty_question_is_refused(tree, base):
    with pytest.raises(ValidationError):
        ask(user=tree.users["member_x"], question="  ")


def test_log_most_asked_unanswered_and_answer_into_the_base(tree, base):
    member, admin = tree.users["member_x"], tree.users["admin_d1"]
    for _ in range(2):
        ask(user=member, question="Giờ mở cửa văn phòng đảng ủy xã?")
    ask(user=member, question="quên mật khẩu")
    assert most_asked(admin)[0]["n"] == 2
    waiting = list(unanswered(admin))
    assert [q.text for q in waiting] == ["Giờ mở cửa văn phòng đảng ủy xã?"] * 2
    entry = question_answer_into_base(
        actor=admin, question=waiting[0], answer="Văn phòng đảng ủy xã mở cửa giờ hành chính, sáng thứ Bảy trực."
    )
    assert entry.unit == tree.x  # the asker's cell is in the admin's subtree: the entry is theirs
    assert not list(unanswered(admin))
    answer = _best(member, "giờ mở cửa văn phòng đảng ủy")
    assert answer.answered and answer.entries[0].pk == entry.pk
    assert Entry.objects.get(pk=entry.pk).hits == 1


def test_only_managers_edit_and_the_common_base_only_switches(tree, base):
    with pytest.raises(PermissionDenied):
        entry_save(actor=tree.users["member_x"], question="Hỏi", answer="Đáp")
    with pytest.raises(PermissionDenied):  # a committee admin has no tenant-wide entries
        entry_save(actor=tree.users["admin_d1"], question="Hỏi", answer="Đáp")
    mine = entry_save(actor=tree.users["admin_d1"], question="Lịch trực", answer="Thứ Hai", unit=tree.d1)
    assert mine.unit == tree.d1
    common = base["du-bi"]
    root_admin = user_with("root_admin", (Role.TENANT_ADMIN, tree.root))
    with pytest.raises(ValidationError):
        entry_save(actor=root_admin, entry=common, question="Khác", answer=common.answer)
    entry_save(actor=root_admin, entry=common, question=common.question, answer=common.answer,
               variants=common.variants, link=common.link, active=False)  # fmt: skip
    assert common_sync() == 0 and not Entry.objects.get(pk=common.pk).active  # stays off
    assert not any(e.common_key == "du-bi" for e in _best(tree.users["member_x"], "thời gian dự bị").entries)


def test_forwarding_an_unanswered_question_opens_a_thread_to_the_committee(tree, base):
    question, _ = ask(user=tree.users["member_x"], question="Khi nào chi bộ tổ chức đi tham quan?")
    from core.assistant.forward import question_forward

    thread = question_forward(user=tree.users["member_x"], question=question)
    assert thread.unit == tree.c1 and thread.source == Source.ASSISTANT
    assert Question.objects.get(pk=question.pk).forwarded


def test_pages_and_api(tree, alpha, alpha_client, base):
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.post("/tro-ly/", {"q": "quen mat khau"}).content.decode()
    assert "Quên mật khẩu đăng nhập Sổ tay" in page
    page = alpha_client.post("/tro-ly/", {"q": "giá vàng hôm nay"}).content.decode()
    assert 'data-testid="dont-know"' in page
    assert alpha_client.get("/tro-ly/quan-ly/").status_code == 404  # not a manager
    auth = _auth(alpha_client, "dv_x")
    data = alpha_client.post("/api/v1/assistant/ask/", {"question": "đóng đảng phí ở đâu"},
                             content_type="application/json", **auth).json()  # fmt: skip
    assert data["answered"] and data["matches"][0]["question"].startswith("Nộp đảng phí")
    unknown = alpha_client.post("/api/v1/assistant/ask/", {"question": "xổ số hôm nay"},
                                content_type="application/json", **auth).json()  # fmt: skip
    assert unknown["answered"] is False and unknown["matches"] == [] and unknown["message"]
    sent = alpha_client.post(f"/api/v1/assistant/questions/{unknown['question_id']}/forward/", **auth)
    assert sent.status_code == 201
    assert alpha_client.get("/api/v1/assistant/entries/?limit=5", **auth).json()["count"] == len(base)
    assert alpha_client.get("/api/v1/assistant/entries/?limit=-1", **auth).status_code == 400


def test_another_tenant_sees_nothing(tree, alpha, beta, alpha_client, beta_client, base):
    with in_tenant(alpha):
        mine, _ = ask(user=tree.users["member_x"], question="câu hỏi riêng của alpha")
    with in_tenant(beta):
        from tests.factories.org import build_tree

        build_tree()
        assert not Entry.objects.exists() and not Question.objects.exists()
    beta_auth = _auth(beta_client, "dv_x")
    answer = beta_client.post("/api/v1/assistant/ask/", {"question": "quên mật khẩu"},
                              content_type="application/json", **beta_auth).json()  # fmt: skip
    assert answer["answered"] is False  # beta has no base: alpha's index is never used
    assert beta_client.post(f"/api/v1/assistant/questions/{mine.pk}/forward/", **beta_auth).status_code == 404
    alpha_auth = _auth(alpha_client, "dv_x")
    assert beta_client.post("/api/v1/assistant/ask/", {"question": "x"}, **alpha_auth).status_code == 401
    with in_tenant(beta):
        assert not Thread.objects.exists()


def test_matcher_corrects_typos_to_known_syllables():
    index = Index.build([(1, ["Sinh hoạt chi bộ thường kỳ"], "Mỗi tháng một lần")])
    assert index.correct("thuog") == "thuong" and index.correct("xyzabc") == "xyzabc"
