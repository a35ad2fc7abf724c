"""The private store on both backends (local disk, and a real S3 bucket on SeaweedFS): every file kind goes in
under `<schema>/<area>/`, comes back byte for byte through the view that checks access, is counted per tenant,
and moves from the old disk layout with verified checksums, resumably."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.access.models import Role
from core.content.move import storage_move
from core.content.objects import storage_usage, tenant_objects
from core.content.storage import PLATFORM, PrivateStore, StoredObject, object_key, put
from core.library.services import attachment_add, document_create, document_publish
from core.news.covers import cover_store
from core.news.models import Article
from core.news.views import cover_response
from tests.conftest import PASSWORD
from tests.core.content.files import PDF, pdf
from tests.core.news.images import png_upload
from tests.factories.org import build_tree, user_with
from tests.helpers import in_tenant, web_login

pytestmark = pytest.mark.usefixtures("private_store")


def test_a_library_file_goes_in_under_the_schema_and_comes_back_through_the_audience_check(
    alpha, beta, alpha_client, beta_client
):
    with in_tenant(alpha):
        tree = build_tree()
        publisher = user_with("pub_root", (Role.PUBLISHER, tree.root))
        document = document_create(actor=publisher, unit=tree.root, audience_unit=None, title="Chỉ thị số 05")
        attachment = attachment_add(document=document, actor=publisher, upload=pdf())
        document_publish(document=document, actor=publisher)
    assert [info.key for info in tenant_objects("alpha")] == [f"alpha/library/{attachment.stored_name}"]
    url = f"/van-ban/{document.pk}/tep/{attachment.pk}/"
    web_login(alpha_client, "dv_x", PASSWORD)
    response = alpha_client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Length"] == str(len(PDF)) and response["Cache-Control"] == "private, no-store"
    with in_tenant(beta):
        build_tree()
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.get(url).status_code == 404  # alpha's ids mean nothing on beta's host
    StoredObject(f"alpha/library/{attachment.stored_name}").unlink()
    assert alpha_client.get(url).status_code == 404  # a file gone from the store is a 404, not a 500


def test_covers_and_platform_files_keep_to_their_owner(alpha):
    with in_tenant(alpha):
        cover = cover_store(png_upload(800, 600))
        article = Article(pk=7, cover=cover.full, cover_thumb=cover.thumb)
        response = cover_response(article, "nho")
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
        assert response["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8"
    shared = PrivateStore("library").save(ext="pdf", source=PDF, owner=PLATFORM)
    assert {info.area for info in tenant_objects("alpha")} == {"news"}
    assert [info.key for info in tenant_objects(PLATFORM)] == [f"_platform/library/{shared}"]


def test_usage_counts_each_tenant_alone(alpha, beta):
    with in_tenant(alpha):
        PrivateStore("meetings").save(ext="pdf", source=b"x" * 1000)
        PrivateStore("imports").save(ext="csv", source=b"y" * 234, prefix="5-")
    with in_tenant(beta):
        PrivateStore("meetings").save(ext="pdf", source=b"z" * 50)
    assert storage_usage("alpha").objects == 2 and storage_usage("alpha").bytes == 1234
    assert storage_usage("beta").objects == 1 and storage_usage("beta").bytes == 50
    assert storage_usage("gamma").objects == 0
    with pytest.raises(ValueError, match="not a schema name"):
        storage_usage("alpha/../beta")


def _legacy(settings, area: str, owner: str, name: str, data: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / area / owner / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_storage_move_verifies_resumes_and_refuses_to_overwrite(settings, alpha):
    files = {("meetings", "a1.pdf"): b"%PDF meeting", ("imports", "3-b2.csv"): "Số thẻ\n01\n".encode(),
             ("library", "c3.pdf"): b"%PDF library", ("news", "d4.jpg"): b"\xff\xd8 cover"}  # fmt: skip
    paths = {key: _legacy(settings, *key[:1], "alpha", key[1], data) for key, data in files.items()}
    beta_file = _legacy(settings, "meetings", "beta", "e5.pdf", b"beta's")
    put(object_key("alpha", "library", "c3.pdf"), b"%PDF library")  # a run stopped after writing this one
    put(object_key("alpha", "news", "d4.jpg"), b"other bytes")  # a conflict: never overwritten
    report = storage_move(owner="alpha")
    assert (report.total, report.moved, report.already) == (4, 2, 1)
    assert report.conflicts == ["alpha/news/d4.jpg"] and not report.ok
    for (area, name), data in files.items():
        if area != "news":
            with StoredObject(object_key("alpha", area, name)).open() as handle:
                assert handle.read() == data
            assert not paths[(area, name)].exists()
    assert paths[("news", "d4.jpg")].read_bytes() == b"\xff\xd8 cover"  # kept, because the key differs
    assert beta_file.exists() and storage_usage("beta").objects == 0  # another tenant's files are not touched
    again = storage_move(owner="alpha")  # resumable: only the conflict is left
    assert (again.total, again.moved, again.conflicts) == (1, 0, ["alpha/news/d4.jpg"])


def test_storage_move_command_reports_progress_and_fails_on_leftovers(settings, alpha):
    _legacy(settings, "meetings", "alpha", "f6.pdf", b"%PDF one")
    out = io.StringIO()
    call_command("storage_move", tenant="alpha", stdout=out)
    text = out.getvalue()
    assert "1/1 (100%) meetings/f6.pdf" in text and "1 tệp đã chuyển" in text and "trong kho: 1 tệp" in text
    assert StoredObject("alpha/meetings/f6.pdf").size() == 8
    _legacy(settings, "meetings", "alpha", "bad name.pdf", b"x")
    with pytest.raises(CommandError, match="chưa chuyển"):
        call_command("storage_move", tenant="alpha", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="Không có đảng bộ"):
        call_command("storage_move", tenant="nowhere", stdout=io.StringIO())


def test_backup_files_come_from_the_store_and_a_restore_settles_or_discards(tmp_path, alpha):
    """tenants/backup/files.py on each backend: the archive's names, a failed restore removing only what it
    wrote, a committed one removing what the archive does not hold."""
    from tenants.backup.archive import ArchiveReader, ArchiveWriter, Manifest
    from tenants.backup.files import FileRestore, tenant_files

    put(object_key("alpha", "meetings", "old.pdf"), b"old")
    put(object_key("alpha", "news", "keep.jpg"), b"kept")
    writer = ArchiveWriter(tmp_path / "a.tar")
    for stored in tenant_files("alpha"):
        with stored.stored.open() as source:
            writer.add_stream(stored.archive_name, stored.size, source)
    writer.finish(Manifest(slug="alpha", tenant_name="", platform_domain="", created_at="", server_version="",
                           migrations=[], tables={}, public={}))  # fmt: skip
    reader = ArchiveReader(tmp_path / "a.tar")
    assert reader.manifest.file_names == ["files/meetings/old.pdf", "files/news/keep.jpg"]
    copy = tmp_path / "copy"
    reader.copy_to("files/news/keep.jpg", copy)
    reader.close()
    incoming = tmp_path / "new.pdf"
    incoming.write_bytes(b"new")
    failed = FileRestore(schema="alpha")
    failed.write("files/meetings/new.pdf", incoming)
    failed.write("files/news/keep.jpg", copy)  # already there: not written, not removed on failure
    failed.discard()
    assert {i.key for i in tenant_objects("alpha")} == {"alpha/meetings/old.pdf", "alpha/news/keep.jpg"}
    done = FileRestore(schema="alpha")
    done.write("files/meetings/new.pdf", incoming)
    done.write("files/news/keep.jpg", copy)
    assert done.settle() == 1  # old.pdf was not in this archive
    assert {i.key for i in tenant_objects("alpha")} == {"alpha/meetings/new.pdf", "alpha/news/keep.jpg"}
    with pytest.raises(ValueError, match="bad file name"):
        done.write("files/meetings/../../beta/x.pdf", incoming)
