"""Accent-insensitive ranked search over number, title, summary and text, inside the reader's audience."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.content.audience import reader_for
from core.library.models import DocumentKind, DocumentLevel
from core.library.selectors import Filters, library_page
from tests.core.library.conftest import publish
from tests.helpers import in_tenant


@pytest.fixture
def library(tree, alpha):
    with in_tenant(alpha):
        docs = {
            "57": publish(
                tree, "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
                number="57-NQ/TW", level=DocumentLevel.CENTRAL,
            ),
            "570": publish(tree, "Về công tác cán bộ", number="570-QĐ/TU", kind=DocumentKind.REGULATION),
            "body": publish(
                tree, "Kế hoạch thực hiện chương trình hành động", kind=DocumentKind.GUIDANCE,
                number="12-HD/BTG", body="Quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị trong toàn đảng bộ.",
            ),
            "cs": publish(
                tree, "Tăng cường chuyển đổi số trong các cơ quan đảng", number="05-CT/TU",
                kind=DocumentKind.DIRECTIVE, summary="Số hoá hồ sơ đảng viên",
            ),
            "y_only": publish(tree, "Nghị quyết chi bộ thôn Đoài về chuyển đổi số", audience=tree.y, number="57-NQ/CB"),
        }  # fmt: skip
        yield docs


def _search(tree, q, user="member_x"):
    return [d.pk for d in library_page(reader_for(tree.users[user]), Filters(q=q)).items]


@pytest.mark.parametrize("q", ["nghi quyet 57", "Nghị quyết 57", "NGHỊ QUYẾT 57", "nghị quyet 57"])
def test_with_or_without_diacritics_the_resolution_comes_first(tree, alpha, library, q):
    with in_tenant(alpha):
        found = _search(tree, q)
    assert found[0] == library["57"].pk
    assert library["body"].pk in found  # mentioned in its text: found, ranked lower
    assert found.index(library["body"].pk) > 0


@pytest.mark.parametrize("q", ["57-NQ/TW", "57-nq/tw", "57 NQ TW", "57/NQ-TW"])
def test_the_exact_number_ranks_first_in_any_spelling(tree, alpha, library, q):
    with in_tenant(alpha):
        assert _search(tree, q)[0] == library["57"].pk


def test_partial_numbers_and_prefixes(tree, alpha, library):
    with in_tenant(alpha):
        assert _search(tree, "57")[0] == library["57"].pk  # key starts with 57 before 570
        assert set(_search(tree, "NQ/TW")) == {library["57"].pk, library["body"].pk}
        assert _search(tree, "05-CT")[0] == library["cs"].pk
        assert _search(tree, "chuyen doi s")[:1] in ([library["cs"].pk], [library["57"].pk])


def test_search_stays_inside_the_audience(tree, alpha, library):
    with in_tenant(alpha):
        assert library["y_only"].pk not in _search(tree, "chuyen doi so")
        assert library["y_only"].pk not in _search(tree, "57-NQ/CB")
        member_y = tree.members["Y"][0]
        from tests.core.meetings.conftest import give_account

        user_y = give_account(member_y, "dv_y")
        tree.users["dv_y"] = user_y
        assert _search(tree, "57-NQ/CB", user="dv_y")[0] == library["y_only"].pk


def test_nothing_found_and_empty_queries(tree, alpha, library):
    with in_tenant(alpha):
        assert _search(tree, "khong co van ban nao nhu the") == []
        page = library_page(reader_for(tree.users["member_x"]), Filters(q=" -/- "))
        assert not page.searched and len(page.items) == 4  # the newest list, the audience's 4 documents


def test_filters_combine_with_search(tree, alpha, library):
    with in_tenant(alpha):
        reader = reader_for(tree.users["member_x"])
        central = library_page(reader, Filters(level=DocumentLevel.CENTRAL)).items
        assert [d.pk for d in central] == [library["57"].pk]
        directives = library_page(reader, Filters(q="chuyen doi so", kind=DocumentKind.DIRECTIVE)).items
        assert [d.pk for d in directives] == [library["cs"].pk]


def test_a_page_costs_the_same_queries_whatever_the_library_size(tree, alpha, library):
    with in_tenant(alpha):
        reader = reader_for(tree.users["member_x"])
        with CaptureQueriesContext(connection) as small:
            library_page(reader, Filters(q="nghi quyet"))
        for i in range(25):
            publish(tree, f"Nghị quyết chuyên đề số {i}", number=f"{100 + i}-NQ/TU")
        with CaptureQueriesContext(connection) as large:
            page = library_page(reader, Filters(q="nghi quyet"))
        assert len(page.items) == 20 and page.has_more
        assert len(small.captured_queries) == len(large.captured_queries) == 5  # 2 to find candidates


def test_broad_queries_rank_a_bounded_window_but_numbers_always_come_first(tree, alpha, library):
    from core.content.search import ranked_search
    from core.library.selectors import published_for

    with in_tenant(alpha):
        for i in range(6):
            publish(tree, f"Nghị quyết về chuyển đổi số, đợt {i}", number=f"{300 + i}-NQ/TU")
        qs = published_for(reader_for(tree.users["member_x"]))
        newest = list(ranked_search(qs, "nghi quyet", recent=("-published_at", "-pk"), window=3))
        assert len(newest) == 3 and library["57"].pk not in [d.pk for d in newest]  # an old match outside the window
        numbered = list(ranked_search(qs, "57-NQ/TW", recent=("-published_at", "-pk"), window=1))
        assert numbered[0].pk == library["57"].pk  # found through the key index whatever the window
