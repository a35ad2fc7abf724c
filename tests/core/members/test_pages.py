"""Pages of org, members, roles and audit: scoping on the web, Vietnamese labels, cross-tenant 404s."""

import pytest

from core.members.models import ProfileCorrection
from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_secretary_member_list_shows_only_her_cell(tree, alpha_client):
    web_login(alpha_client, "sec_x", PASSWORD)
    body = alpha_client.get("/dang-vien/").content.decode()
    assert "3 đảng viên" in body
    for m in tree.members["X"]:
        assert m.full_name in body
    assert tree.members["Z"][0].party_card_number not in body
    assert alpha_client.get(f"/dang-vien/{tree.members['Z'][0].pk}/").status_code == 404


def test_member_list_search_without_accents(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    body = alpha_client.get("/dang-vien/", {"q": "tran thi binh"}).content.decode()
    assert "Trần Thị Bình" in body


def test_citizen_id_shown_to_org_department_not_to_secretary(tree, alpha_client):
    member = tree.members["X"][1]
    web_login(alpha_client, "sec_x", PASSWORD)
    assert member.citizen_id not in alpha_client.get(f"/dang-vien/{member.pk}/").content.decode()
    alpha_client.post("/dang-xuat/")
    web_login(alpha_client, "btc", PASSWORD)
    assert member.citizen_id in alpha_client.get(f"/dang-vien/{member.pk}/").content.decode()


def test_member_sees_own_profile_with_citizen_id_and_proposes_a_correction(tree, alpha, alpha_client):
    me = tree.members["X"][0]
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/dang-vien/cua-toi/").content.decode()
    assert me.full_name in page and me.citizen_id in page
    response = alpha_client.post("/dang-vien/cua-toi/", {"phone": "12345"}, follow=True)
    assert "10 chữ số" in response.content.decode()  # bad input: clear message, nothing saved
    alpha_client.post("/dang-vien/cua-toi/", {"phone": "0911222333", "note": "Số mới"})
    with in_tenant(alpha):
        assert ProfileCorrection.objects.filter(member=me, changes__phone__to="0911222333").exists()


def test_member_sees_her_cell_roster_but_not_the_admin_list(tree, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    roster = alpha_client.get("/dang-vien/chi-bo-cua-toi/").content.decode()
    assert all(m.full_name in roster for m in tree.members["X"])
    assert tree.members["X"][1].phone not in roster
    assert alpha_client.get("/dang-vien/").status_code == 404
    assert alpha_client.get("/to-chuc/").status_code == 404
    assert alpha_client.get("/nhat-ky/").status_code == 404
    assert alpha_client.get("/phan-quyen/").status_code == 404


def test_tree_browser_for_district_admin(tree, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    response = alpha_client.get("/to-chuc/", follow=True)
    body = response.content.decode()
    assert "Đảng bộ huyện Yên Mô" in body and "Đảng bộ xã Yên Phong" in body
    assert alpha_client.get(f"/to-chuc/{tree.d2.pk}/").status_code == 404
    assert alpha_client.post(f"/to-chuc/{tree.x.pk}/rename/", {"name": "X mới"}).status_code == 404  # no ORG_MANAGE


def test_org_department_renames_and_merges_from_the_page(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    alpha_client.post(f"/to-chuc/{tree.y.pk}/rename/", {"name": "Chi bộ thôn Đoài Hạ"})
    page = alpha_client.post(f"/to-chuc/{tree.y.pk}/merge/", {"code": "NOPE"}, follow=True).content.decode()
    assert "Không tìm thấy tổ chức" in page
    response = alpha_client.post(f"/to-chuc/{tree.y.pk}/merge/", {"code": "X"}, follow=True)
    assert "Đã sáp nhập Chi bộ thôn Đoài Hạ vào Chi bộ thôn Đông" in response.content.decode()


def test_audit_page_is_scoped_to_the_subtree(tree, alpha, alpha_client):
    from core.org.services import org_unit_rename

    with in_tenant(alpha):
        org_unit_rename(unit=tree.z, name="Chi bộ Trung bí mật")
        org_unit_rename(unit=tree.x, name="Chi bộ Đông mới")
    web_login(alpha_client, "admin_d1", PASSWORD)
    body = alpha_client.get("/nhat-ky/").content.decode()
    assert "Chi bộ Đông mới" in body and "Chi bộ Trung bí mật" not in body


def test_grant_page_gives_and_revokes_roles(tree, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    page = alpha_client.post("/phan-quyen/", {"who": "nobody", "role": "cell_secretary", "unit": "Z"}).content.decode()
    assert "trong phạm vi của bạn" in page
    response = alpha_client.post("/phan-quyen/", {"who": "nobody", "role": "cell_secretary", "unit": "Y"}, follow=True)
    assert "Đã giao vai trò" in response.content.decode()


def test_navigation_shows_only_permitted_sections(tree, alpha_client):
    web_login(alpha_client, "sec_x", PASSWORD)
    nav = alpha_client.get("/").content.decode()
    assert "/dang-vien/" in nav and "/phan-quyen/" not in nav and "/nhat-ky/" not in nav


def test_ids_of_one_tenant_are_not_found_on_another(tree, beta, beta_client):
    web_login(beta_client, "admin", PASSWORD)  # beta's superuser sees all of beta, nothing of alpha
    assert beta_client.get(f"/dang-vien/{tree.members['X'][0].pk}/").status_code == 404
    assert beta_client.get(f"/to-chuc/{tree.x.pk}/").status_code in (404, 302)
    body = beta_client.get("/dang-vien/", {"q": "nguyen"}).content.decode()
    assert tree.members["X"][0].party_card_number not in body


def test_split_a_cell_from_its_page(tree, alpha, alpha_client):
    a, b, c = tree.members["X"]
    web_login(alpha_client, "btc", PASSWORD)
    page = alpha_client.get(f"/to-chuc/{tree.x.pk}/").content.decode()
    assert "Tách chi bộ" in page and a.full_name in page
    incomplete = alpha_client.post(
        f"/to-chuc/{tree.x.pk}/split/",
        {"code_1": "X1", "name_1": "Chi bộ Đông 1", "code_2": "X2", "name_2": "Chi bộ Đông 2", f"member_{a.pk}": "1"},
        follow=True,
    ).content.decode()
    assert "Mỗi đảng viên phải được chọn" in incomplete
    response = alpha_client.post(
        f"/to-chuc/{tree.x.pk}/split/",
        {
            "code_1": "X1",
            "name_1": "Chi bộ Đông 1",
            "code_2": "X2",
            "name_2": "Chi bộ Đông 2",
            f"member_{a.pk}": "1",
            f"member_{b.pk}": "1",
            f"member_{c.pk}": "2",
        },
        follow=True,
    )
    assert "Đã tách thành: Chi bộ Đông 1, Chi bộ Đông 2." in response.content.decode()
    with in_tenant(alpha):
        from core.members.models import Member

        assert Member.objects.get(pk=c.pk).cell.code == "X2"
